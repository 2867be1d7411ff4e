using System.Globalization;
using Metrics.Excel.Statistics;
using Metrics.Samples;

namespace Metrics.Cli.Commands;

/// <summary>
/// The demo's import step: one county's education-statistics export (a synthetic school list) is
/// imported into the pre-filled county workbook, as <c>metrics import</c> does. It is not uploaded, so
/// the scorecards and rollups above stay those of the template workbooks.
/// </summary>
internal static class DemoImport
{
    public static string Run(string root, SampleCounty county, int year)
    {
        var submission = county.Submission with { County = county.Submission.County with { SchoolYear = year } };
        var exports = Directory.CreateDirectory(Path.Combine(root, "exports")).FullName;
        var listPath = Path.Combine(exports, string.Create(CultureInfo.InvariantCulture, $"{submission.County.Code}-{year}-学校名单.xlsx"));
        using (var list = File.Create(listPath))
        {
            StatisticsExportWriter.WriteSchoolList(submission, list);
        }

        var result = StatisticsImport.Read([new ExportFile(Path.GetFileName(listPath), File.ReadAllBytes(listPath))]);
        var (counties, resolvedYear, _) = ExportCounties.Resolve(result, null, year);
        var (imported, code) = counties.Single();
        var outPath = Path.Combine(Directory.CreateDirectory(Path.Combine(root, "imported")).FullName, code + ".xlsx");
        using (var stream = File.Create(outPath))
        {
            ExportWorkbook.WritePrefilled(imported, code, resolvedYear!.Value, null, result.Filled, stream);
        }

        return $"{listPath} → {outPath}: {imported.Schools.Count} schools pre-filled; the county completes {ExportWorkbook.FieldsToComplete(imported, result.Filled).Count} columns (yellow) and uploads it";
    }
}
