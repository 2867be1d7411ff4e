using Metrics.Core.Model;

namespace Metrics.Excel.Statistics;

/// <summary>One school as an export gives it: identity, and the template fields found, by column key.</summary>
public sealed class ImportedSchool
{
    public required string Name { get; init; }

    /// <summary>学校标识码; null when the export has no code column.</summary>
    public string? Code { get; set; }

    public SchoolType Type { get; set; }

    /// <summary>办学类型 as written.</summary>
    public string TypeLabel { get; set; } = string.Empty;

    public Location? Location { get; set; }

    public Ownership? Ownership { get; set; }

    /// <summary>是否计校数: false for a 教学点 that belongs to a parent school.</summary>
    public bool CountsAsSchool { get; set; } = true;

    public string? CountyName { get; set; }

    /// <summary>The 6-digit county division code, when the export has a division-code column.</summary>
    public string? CountyCode { get; set; }

    /// <summary>Numbers by template column key (<see cref="Schema.ColumnKeys"/>): counts whole, areas in m², money in 元, never rounded.</summary>
    public Dictionary<string, double> Values { get; } = new(StringComparer.Ordinal);

    /// <summary>Where the school was read (file, sheet, row), for messages.</summary>
    public required string Source { get; init; }

    /// <summary>Whether this is a 教学点 not counted as a school (是否计校数 = 0 or type 教学点).</summary>
    public bool IsTeachingPoint => Type == SchoolType.TeachingPoint;
}

/// <summary>One county of an export.</summary>
/// <param name="Code">6-digit division code; null when the export has none (then <c>--county</c> gives it).</param>
/// <param name="Name">County name (统计三级), or empty.</param>
/// <param name="Schools">Its schools, in export order.</param>
public sealed record ImportedCounty(string? Code, string Name, IReadOnlyList<ImportedSchool> Schools);

/// <summary>What an export held: its counties, its school year, the fields it filled and every problem found.</summary>
/// <param name="Mapping">The mapping that read it (shape and form generation).</param>
/// <param name="Year">The school year from a title (<c>2024/2025学年初</c> → 2024); null when none says.</param>
/// <param name="Filled">Template column keys the export filled for at least one school.</param>
public sealed record ImportResult(
    ExportMapping? Mapping,
    IReadOnlyList<ImportedCounty> Counties,
    int? Year,
    IReadOnlySet<string> Filled,
    IReadOnlyList<ValidationIssue> Issues)
{
    public bool HasErrors => Issues.Any(i => i.Severity == Severity.Error);
}
