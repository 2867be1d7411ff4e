using Metrics.Core.Import;
using Metrics.Core.Model;
using Metrics.Core.Profiles;
using Metrics.Core.Scoring;
using Metrics.Excel.Reading;
using Metrics.Excel.Statistics;

namespace Metrics.Pipeline.Ingest;

/// <summary>
/// An upload that is the education-statistics export rather than the county workbook (told by its
/// content): scored for what it allows (the resource part and the per-school rule; checks lacking
/// data not assessed), with the pre-filled county workbook to complete beside the scorecard.
/// </summary>
public static class ExportEvaluation
{
    /// <summary>Name of the pre-filled workbook among a scored export's outputs.</summary>
    public const string PrefilledName = "prefilled.xlsx";

    private const string Workbook = "工作簿";

    /// <summary>The evaluation of an export; null when the bytes are not one (then they are read as the county workbook).</summary>
    public static Evaluation? TryEvaluate(byte[] bytes, SubmissionRef source, SubmissionPath? expected, string? profileOverride, ProfileCatalog profiles)
    {
        if (StatisticsImport.Detect(bytes) is null)
        {
            return null;
        }

        var result = StatisticsImport.Read([new ExportFile(Workbook, bytes)]);
        var (counties, year, problems) = ExportCounties.Resolve(result, expected?.County, expected?.Year);
        var issues = result.Issues.Concat(problems).ToList();
        if (counties.Count > 1)
        {
            issues.Add(new ValidationIssue(Severity.Error, IssueCodes.ExportCountyUnknown, Workbook, null, null, null,
                $"统计数据包含 {counties.Count} 个县（{string.Join("、", counties.Select(c => c.Code))}）。请每次上传一个县的数据，或用 metrics import 分县导入。",
                $"The export holds {counties.Count} counties ({string.Join(", ", counties.Select(c => c.Code))}). Upload one county at a time, or split it with metrics import."));
        }

        if (counties.Count == 1 && expected is not null && (counties[0].Code != expected.County || year != expected.Year))
        {
            issues.Add(new ValidationIssue(Severity.Error, IssueCodes.CountyMismatch, Workbook, null, null, null,
                $"统计数据的县/学年（{counties[0].Code}/{year}）与上传位置（{expected.County}/{expected.Year}）不一致。",
                $"The export's county/year ({counties[0].Code}/{year}) differs from where it was uploaded ({expected.County}/{expected.Year})."));
        }

        if (!profiles.TryGet(profileOverride, out var profile))
        {
            issues.Add(new ValidationIssue(Severity.Error, IssueCodes.UnknownProfile, Workbook, null, null, null,
                $"未知的评估方案“{profileOverride}”。", $"Unknown profile '{profileOverride}'."));
        }

        if (issues.Any(i => i.Severity == Severity.Error) || counties.Count != 1 || year is null)
        {
            return new Evaluation(null, null, issues);
        }

        var (county, code) = counties[0];
        var (submission, exportSource) = ExportWorkbook.ToSubmission(county, code, year.Value, profile, result.Mapping!, result.Filled);
        var card = ExportScoring.Score(submission, profile, source, exportSource);
        card = card with { Warnings = [.. issues, .. card.Warnings] };
        using var prefilled = new MemoryStream();
        ExportWorkbook.WritePrefilled(county, code, year.Value, profileOverride, result.Filled, prefilled);
        return new Evaluation(submission, card, card.Warnings) { CountyName = county.Name, PrefilledWorkbook = prefilled.ToArray() };
    }
}
