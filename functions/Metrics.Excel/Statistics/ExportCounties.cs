using Metrics.Core.Model;
using Metrics.Excel.Reading;

namespace Metrics.Excel.Statistics;

/// <summary>
/// Settles which county code and school year each county of an export gets: the code from a
/// division-code column, else the one given (<c>--county</c>, or the upload's county); the year from
/// a title, else the one given. Several counties without codes cannot be told apart: an error that
/// lists the county names found.
/// </summary>
public static class ExportCounties
{
    public static (IReadOnlyList<(ImportedCounty County, string Code)> Counties, int? Year, IReadOnlyList<ValidationIssue> Issues) Resolve(
        ImportResult result, string? county, int? year)
    {
        var issues = new List<ValidationIssue>();
        var resolved = new List<(ImportedCounty, string)>();
        var uncoded = result.Counties.Where(c => c.Code is null).ToArray();
        if (uncoded.Length > 1 || (uncoded.Length == 1 && county is null))
        {
            var names = string.Join("、", uncoded.Select(c => c.Name.Length == 0 ? "(未注明 / unnamed)" : c.Name));
            issues.Add(Issues.File(IssueCodes.ExportCountyUnknown, Issues.WorkbookLabel,
                uncoded.Length > 1
                    ? $"统计数据没有行政区划代码列，且包含 {uncoded.Length} 个县：{names}。请按县分别导出，每个文件用 --county 指定代码。"
                    : $"统计数据没有行政区划代码列（县：{names}）。请用 --county 指定 6 位县代码。",
                uncoded.Length > 1
                    ? $"The export has no division-code column and holds {uncoded.Length} counties: {names}. Export one county a file and give each code with --county."
                    : $"The export has no division-code column (county: {names}). Give the 6-digit county code with --county."));
        }
        else
        {
            resolved.AddRange(result.Counties.Select(c => (c, c.Code ?? county!)));
        }

        var y = result.Year ?? year;
        if (y is null)
        {
            issues.Add(Issues.File(IssueCodes.ExportYearUnknown, Issues.WorkbookLabel,
                "统计数据的标题中没有学年（如“2024/2025学年初”）。请用 --year 指定。",
                "No title of the export states the school year (such as 2024/2025学年初). Give it with --year."));
        }

        return (resolved, y, issues);
    }
}
