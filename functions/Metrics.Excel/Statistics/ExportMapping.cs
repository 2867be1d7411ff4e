using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Metrics.Core.Json;

namespace Metrics.Excel.Statistics;

/// <summary>Which of the two export shapes a mapping reads.</summary>
public enum ExportShape
{
    /// <summary>One row a school, multi-row headers matched by header path.</summary>
    SchoolList,

    /// <summary>One workbook a school, national forms as sheets; values by row label and column header.</summary>
    SchoolForms,
}

/// <summary>
/// Where a value stands: the form sheet (per-school forms only, the number after the generation's
/// prefix), the row label path (per-school forms only) and the column header path, top to bottom.
/// </summary>
public sealed record CellRef(string? Sheet, IReadOnlyList<string>? Row, IReadOnlyList<string> Col)
{
    public override string ToString() =>
        (Sheet is null ? string.Empty : Sheet + " ") + (Row is null ? string.Empty : "[" + string.Join(" → ", Row) + "] ") + string.Join(" → ", Col);
}

/// <summary>
/// One template field an export fills: the first option whose every cell is found gives the value
/// (the sum of its cells). Options are alternatives, never added together, so a teacher counted in
/// 艺术·计 is never counted again under 音乐 or 美术.
/// </summary>
/// <param name="Key">The template column key (<see cref="Schema.ColumnKeys"/>).</param>
/// <param name="Level">primary / junior: read only from a list sheet of that level; null for whole-school fields.</param>
/// <param name="Options">Alternative sums of cells, first found wins.</param>
/// <param name="Unit">The unit the statistics use when the header and title say none (万元 for equipment).</param>
public sealed record FieldMapping(string Key, string? Level, IReadOnlyList<IReadOnlyList<CellRef>> Options, string? Unit);

/// <summary>
/// The mapping of one export shape and form generation: identity cells, the fields it fills and the
/// vocabularies of its coded columns. Loaded from the JSON files in <c>Statistics/Mappings</c>, so a
/// new form year is a new data file, not code.
/// </summary>
public sealed record ExportMapping
{
    public required string Id { get; init; }
    public required ExportShape Shape { get; init; }

    /// <summary>Per-school forms: the generation's sheet-name prefix (基础基, 教基).</summary>
    public string? SheetPrefix { get; init; }

    public required string TitleZh { get; init; }
    public required string TitleEn { get; init; }

    /// <summary>school_name, school_code, county_name, division_code, school_type, location, ownership, counts_as_school.</summary>
    public required IReadOnlyDictionary<string, IReadOnlyList<CellRef>> Identity { get; init; }

    public required IReadOnlyList<FieldMapping> Fields { get; init; }

    /// <summary>办学类型 label → school type key of the template.</summary>
    public required IReadOnlyDictionary<string, string> SchoolTypes { get; init; }

    /// <summary>城乡分类 code prefix or label → location key.</summary>
    public required IReadOnlyDictionary<string, string> Locations { get; init; }

    /// <summary>Words in 举办者 / 办学性质 that mean a private (民办) school; anything else is public.</summary>
    public IReadOnlyList<string> PrivateMarkers { get; init; } = [];

    private static readonly JsonSerializerOptions Options = CreateOptions();

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            TypeInfoResolver = ExportMappingJsonContext.Default,
        };
        options.Converters.Add(WireEnums.Of<ExportShape>());
        return options;
    }

    /// <summary>Every mapping shipped with the product: the school list, then the form generations newest first.</summary>
    public static IReadOnlyList<ExportMapping> All { get; } = Load();

    public static ExportMapping Get(string id) => All.First(m => m.Id == id);

    /// <summary>The form generations (per-school forms), newest first.</summary>
    public static IEnumerable<ExportMapping> FormGenerations => All.Where(m => m.Shape == ExportShape.SchoolForms);

    public static ExportMapping SchoolList => All.First(m => m.Shape == ExportShape.SchoolList);

    internal static ExportMapping Parse(Stream json) =>
        JsonSerializer.Deserialize(json, (JsonTypeInfo<ExportMapping>)Options.GetTypeInfo(typeof(ExportMapping))) ?? throw new InvalidDataException("Empty export mapping.");

    private static ExportMapping[] Load()
    {
        var asm = typeof(ExportMapping).Assembly;
        var ids = new[] { "school-list", "forms-2021", "forms-2018" };
        return ids.Select(id =>
        {
            using var s = asm.GetManifestResourceStream($"Metrics.Excel.Statistics.Mappings.{id}.json")
                ?? throw new InvalidOperationException($"Export mapping {id} is not embedded.");
            return Parse(s);
        }).ToArray();
    }
}

/// <summary>Normalises export labels for matching: spaces, full-width forms, <c>#</c> and a trailing unit do not count.</summary>
public static class ExportText
{
    private static readonly FrozenSet<string> UnitWords = new[] { "万元", "元", "平方米", "m²", "m2", "册", "台", "人", "个", "间", "所", "千元" }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>The matching key of a label: NFKC, no whitespace or <c>#</c>, no leading 其中, no trailing (unit).</summary>
    public static string Key(string? label)
    {
        var s = Schema.TextNormalizer.Clean(label);
        var sb = new System.Text.StringBuilder(s.Length);
        foreach (var ch in s)
        {
            if (!char.IsWhiteSpace(ch) && ch is not '#' and not '\u3000')
            {
                sb.Append(ch);
            }
        }

        s = sb.ToString();
        if (s.StartsWith("其中", StringComparison.Ordinal))
        {
            s = s[2..].TrimStart(':', '：');
        }

        if (UnitOf(s) is not null)
        {
            s = s[..s.LastIndexOf('(')];
        }

        return s;
    }

    /// <summary>A path's keys, empty elements and repeated neighbours (a merged cell typed again) dropped.</summary>
    public static string PathKey(IEnumerable<string?> labels)
    {
        var keys = new List<string>();
        foreach (var l in labels)
        {
            var k = Key(l);
            if (k.Length > 0 && (keys.Count == 0 || keys[^1] != k))
            {
                keys.Add(k);
            }
        }

        return string.Join("→", keys);
    }

    /// <summary>The unit in a trailing parenthesis (<c>教学仪器设备资产值(万元)</c>) or after 单位 (<c>单位：万元</c>); null when none.</summary>
    public static string? UnitOf(string? label)
    {
        var s = Schema.TextNormalizer.Clean(label).Replace(" ", string.Empty, StringComparison.Ordinal);
        var at = s.IndexOf("单位", StringComparison.Ordinal);
        if (at >= 0)
        {
            var rest = s[(at + 2)..].TrimStart(':', '：');
            var end = 0;
            while (end < rest.Length && !char.IsWhiteSpace(rest[end]) && rest[end] is not ',' and not '，' and not ';' and not ')')
            {
                end++;
            }

            var u = rest[..end];
            return UnitWords.Contains(u) ? u : null;
        }

        if (s.EndsWith(')') && s.LastIndexOf('(') is var open and > 0)
        {
            var u = s[(open + 1)..^1];
            return UnitWords.Contains(u) ? u : null;
        }

        return null;
    }
}

/// <summary>Compile-time JSON metadata of the export mappings (no reflection at start-up; usable natively compiled).</summary>
[JsonSerializable(typeof(ExportMapping))]
internal sealed partial class ExportMappingJsonContext : JsonSerializerContext;
