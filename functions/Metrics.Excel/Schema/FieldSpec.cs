using Metrics.Core.Model;

namespace Metrics.Excel.Schema;

/// <summary>How a cell's text is interpreted.</summary>
public enum FieldKind
{
    /// <summary>Free text, trimmed.</summary>
    Text,

    /// <summary>One of a fixed set of labels (Chinese label or English enum name, case-insensitive).</summary>
    Enum,

    /// <summary>Whole number ≥ 0 (pupils, classes, teachers, rooms, books).</summary>
    Count,

    /// <summary>Number ≥ 0 (areas in m², money in 元).</summary>
    NonNegativeNumber,

    /// <summary>Percentage (typed 95 or 95%); the model holds the fraction (see <see cref="WorkbookSchema"/>).</summary>
    Percent,

    /// <summary>是/否 (yes/no, true/false also accepted).</summary>
    YesNo,
}

/// <summary>When a field must have a value.</summary>
public enum Requirement
{
    /// <summary>Always required: an empty cell is <c>missing_value</c>, a missing column <c>missing_column</c>.</summary>
    Required,

    /// <summary>May be left empty; empty maps to null (or the documented default).</summary>
    Optional,

    /// <summary>Required for schools that teach a primary section (小学, 九年一贯制, 十二年一贯制, 教学点); empty means 0 otherwise.</summary>
    PrimarySection,

    /// <summary>Required for schools that teach a junior section (初中, 九年一贯制, 十二年一贯制, 完全中学); empty means 0 otherwise.</summary>
    JuniorSection,

    /// <summary>Required for schools with senior pupils (十二年一贯制, 完全中学); empty means 0 otherwise.</summary>
    SeniorSection,
}

/// <summary>Units shown in header labels, e.g. <c>在校生数·小学 (人)</c>.</summary>
public static class Units
{
    public const string Persons = "人";
    public const string Items = "个";
    public const string SquareMetres = "m²";
    public const string Yuan = "元";
    public const string Volumes = "册";
    public const string Machines = "台";
    public const string Percent = "%";
    public const string YesNo = "是/否";
}

/// <summary>One column of a table sheet, or one key of the key–value sheet.</summary>
/// <param name="Key">Stable English key, also the header of row 2 (e.g. <c>students_primary</c>).</param>
/// <param name="LabelZh">Chinese label without unit (e.g. <c>在校生数·小学</c>).</param>
/// <param name="LabelEn">English label for the instructions.</param>
/// <param name="Unit">Unit shown in parentheses after the label, or null.</param>
/// <param name="Kind">How the value is parsed.</param>
/// <param name="Requirement">When the value must be present.</param>
/// <param name="MapsTo">Model member it fills, e.g. <c>School.StudentsPrimary</c>.</param>
/// <param name="Choices">For <see cref="FieldKind.Enum"/>: the accepted labels and their enum values.</param>
/// <param name="MaxLength">For <see cref="FieldKind.Text"/>: the most characters (Unicode code points, so an emoji is one) a value may have.</param>
public sealed record FieldSpec(
    string Key,
    string LabelZh,
    string LabelEn,
    string? Unit,
    FieldKind Kind,
    Requirement Requirement,
    string MapsTo,
    EnumChoices? Choices = null,
    int? MaxLength = null)
{
    /// <summary>Header of row 1: the Chinese label with its unit, e.g. <c>在校生数·小学 (人)</c>.</summary>
    public string HeaderZh => Unit is null ? LabelZh : $"{LabelZh} ({Unit})";

    /// <summary>Whether the field can ever be required (everything but <see cref="Requirement.Optional"/>).</summary>
    public bool IsRequiredSomewhere => Requirement != Requirement.Optional;
}

/// <summary>Labels of an enum: the Chinese label written in the template, and the enum value.</summary>
public sealed class EnumChoices
{
    private readonly (string Label, object Value)[] _items;

    // Matching keys of every label and enum name, built once: normalising them on each typed cell was a large
    // part of reading a 学校 sheet.
    private readonly Dictionary<string, object> _byKey = new(StringComparer.Ordinal);

    public EnumChoices(Type enumType, params (string Label, object Value)[] items)
    {
        EnumType = enumType;
        _items = items;
        foreach (var (label, value) in items)
        {
            // In the order a scan would try them, so the first item that matches still wins.
            _byKey.TryAdd(TextNormalizer.Key(label), value);
            _byKey.TryAdd(TextNormalizer.Key(value.ToString()!), value);
        }
    }

    public Type EnumType { get; }

    /// <summary>The choices of an enum, labelled with the Chinese names of its table.</summary>
    public static EnumChoices From<T>(EnumNames<T> names)
        where T : struct, Enum =>
        new(typeof(T), names.Rows.Select(r => (r.Zh, (object)r.Value)).ToArray());

    /// <summary>The Chinese labels in template order.</summary>
    public IEnumerable<string> Labels => _items.Select(i => i.Label);

    public IEnumerable<(string Label, object Value)> Items => _items;

    /// <summary>The Chinese label of an enum value.</summary>
    public string LabelOf(object value)
    {
        // A loop rather than First(predicate): the reader asks once per school row, and the lambda captured value.
        foreach (var (label, v) in _items)
        {
            if (v.Equals(value))
            {
                return label;
            }
        }

        throw new InvalidOperationException($"{value} is not a choice of {EnumType.Name}.");
    }

    /// <summary>
    /// Matches typed text against the Chinese labels and the English enum names, ignoring case, spaces,
    /// underscores and full-width forms. Null when nothing matches.
    /// </summary>
    public object? Match(string text)
    {
        return _byKey.TryGetValue(TextNormalizer.Key(text), out var value) ? value : null;
    }
}
