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

    /// <summary>The scorecard files, with the pre-filled workbook when the upload was an export.</summary>
    public static IReadOnlyList<OutputFile> WithPrefilled(IReadOnlyList<OutputFile> scorecardFiles, Evaluation evaluation) =>
        evaluation.PrefilledWorkbook is { } prefilled ? [.. scorecardFiles, new OutputFile(PrefilledName, prefilled, ContentTypes.Xlsx)] : scorecardFiles;

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
        // One warning per field to complete: the status and the page list them, and the page offers the pre-filled workbook.
        var toComplete = exportSource.FieldsToComplete.Select(key => new ValidationIssue(Severity.Warning, IssueCodes.ExportFieldMissing, "学校", null, key, null,
            $"统计数据中没有“{key}”，请在预填工作簿中补填后上传。", $"The statistics export lacks '{key}': complete it in the pre-filled workbook and upload that."));
        card = card with { Warnings = [.. issues, .. toComplete, .. card.Warnings] };
        using var prefilled = new MemoryStream();
        ExportWorkbook.WritePrefilled(county, code, year.Value, profileOverride, result.Filled, prefilled);
        return new Evaluation(submission, card, card.Warnings) { CountyName = county.Name, PrefilledWorkbook = prefilled.ToArray() };
    }
}
