using Metrics.Core.Model;
using Metrics.Excel.Schema;

namespace Metrics.Excel.Reading;

/// <summary>Builds <see cref="ValidationIssue"/>s with their location filled in consistently.</summary>
internal static class Issues
{
    /// <summary>Sheet label used for problems of the file as a whole.</summary>
    public const string WorkbookLabel = "工作簿";

    public static ValidationIssue File(string code, string fileLabel, string zh, string en) =>
        new(Severity.Error, code, fileLabel, null, null, null, zh, en);

    public static ValidationIssue Sheet(Severity severity, string code, string sheet, string zh, string en) =>
        new(severity, code, sheet, null, null, null, zh, en);

    public static ValidationIssue Cell(Severity severity, string code, string sheet, int row, int column, string? key, string zh, string en) =>
        new(severity, code, sheet, row, key, TextNormalizer.A1(column, row), zh, en);
}
