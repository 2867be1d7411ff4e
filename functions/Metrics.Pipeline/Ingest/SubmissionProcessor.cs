using System.Globalization;
using Metrics.Core.Json;
using Metrics.Core.Model;
using Metrics.Core.Profiles;
using Metrics.Core.Scoring;
using Metrics.Excel.Feedback;
using Metrics.Excel.Reading;
using Metrics.Reports;

namespace Metrics.Pipeline.Ingest;

/// <summary>The result of evaluating one workbook: scored (with warnings) or rejected (with errors).</summary>
public sealed record Evaluation(CountySubmission? Input, Scorecard? Card, IReadOnlyList<ValidationIssue> Issues)
{
    public bool Accepted => Card is not null;

    public int Errors => Issues.Count(i => i.Severity == Severity.Error);

    /// <summary>The county's name from its workbook, where the county sheet could be read (also for a rejected workbook).</summary>
    public string? CountyName { get; init; }

    /// <summary>For a statistics export: the county workbook pre-filled from it, to complete and upload; null otherwise.</summary>
    public byte[]? PrefilledWorkbook { get; init; }
}

/// <summary>An output file: name, bytes, content type.</summary>
/// <remarks>
/// The large outputs (the scorecard page and workbook) keep their bytes in the pooled buffer they were
/// written into (<see cref="PooledBytes"/>): whoever stores a file disposes it afterwards, which gives
/// the buffer back; <see cref="Content"/> throws once it is disposed. A file built on an array of its own
/// ignores Dispose.
/// </remarks>
public sealed class OutputFile : IDisposable
{
    private readonly byte[]? array;
    private readonly PooledBytes? pooled;

    public OutputFile(string name, byte[] content, string contentType)
        : this(name, contentType) => array = content;

    public OutputFile(string name, PooledBytes content, string contentType)
        : this(name, contentType) => pooled = content;

    private OutputFile(string name, string contentType) => (Name, ContentType) = (name, contentType);

    public string Name { get; }

    public string ContentType { get; }

    public ReadOnlyMemory<byte> Content => pooled?.Memory ?? array;

    public void Dispose() => pooled?.Dispose();

    /// <summary>Disposes every file of <paramref name="files"/>.</summary>
    public static void DisposeAll(IEnumerable<OutputFile> files)
    {
        foreach (var f in files)
        {
            f.Dispose();
        }
    }
}

/// <summary>
/// Workbook bytes → validated, scored result → output files. No storage: the ingest service and
/// <c>metrics score</c> both use it, so a county gets the same answer from either.
/// </summary>
public sealed class SubmissionProcessor(ProfileCatalog profiles)
{
    private const string CountySheet = "基本信息";

    /// <summary>The scorecard's JSON among <see cref="ScorecardFiles"/> (ingest also embeds it in the county data file).</summary>
    public const string ScorecardJsonName = "scorecard.json";

    /// <param name="bytes">The uploaded workbook.</param>
    /// <param name="source">Hash and time of receipt, recorded in the scorecard.</param>
    /// <param name="expected">Where it was uploaded: the workbook's county and year must match it.</param>
    /// <param name="profileOverride">Score with this profile instead of the one the workbook names.</param>
    public Evaluation Evaluate(byte[] bytes, SubmissionRef source, SubmissionPath? expected = null, string? profileOverride = null)
    {
        if (ExportEvaluation.TryEvaluate(bytes, source, expected, profileOverride, profiles) is { } fromExport)
        {
            return fromExport;
        }

        var read = WorkbookReader.Read(bytes);
        var issues = read.Issues.ToList();
        if (read.Submission is not { } input)
        {
            return new Evaluation(null, null, issues) { CountyName = read.CountyName };
        }

        if (expected is not null)
        {
            issues.AddRange(CheckIdentity(input.County, expected));
        }

        var profileId = profileOverride ?? input.County.Profile;
        if (!profiles.TryGet(profileId, out var profile))
        {
            issues.Add(new ValidationIssue(Severity.Error, IssueCodes.UnknownProfile, CountySheet, null, "profile", null,
                $"未知的评估方案“{profileId}”。可用：{string.Join("、", profiles.Ids.Order(StringComparer.Ordinal))}。",
                $"Unknown profile '{profileId}'. Available: {string.Join(", ", profiles.Ids.Order(StringComparer.Ordinal))}."));
        }

        if (issues.Any(i => i.Severity == Severity.Error))
        {
            return new Evaluation(input, null, issues);
        }

        var card = CountyScorer.Score(input, profile, source);
        card = card with { Warnings = [.. issues, .. card.Warnings] };
        return new Evaluation(input, card, card.Warnings);
    }

    /// <summary>scorecard.json, scorecard.xlsx, scorecard.html; the caller disposes them once stored (<see cref="OutputFile"/>).</summary>
    /// <remarks>
    /// The page is rendered beside the workbook and JSON (each is a read-only view of the card, and the
    /// two halves cost about the same), so one upload keeps both cores busy. In a batch every core
    /// already has its own county: there the task is most often run inline by the wait, at no cost.
    /// </remarks>
    public static IReadOnlyList<OutputFile> ScorecardFiles(Scorecard card)
    {
        var html = Task.Run(() => HtmlScorecard.RenderPooled(card));
        var json = ScorecardJson.Serialize(card);
        var xlsx = ExcelScorecard.WritePooled(card);
        return
        [
            new(ScorecardJsonName, json, ContentTypes.Json),
            new("scorecard.xlsx", xlsx, ContentTypes.Xlsx),
            new("scorecard.html", html.GetAwaiter().GetResult(), ContentTypes.Html),
        ];
    }

    /// <summary>
    /// validation.json, and validation.xlsx when there is any problem to mark: a clean workbook needs
    /// no feedback copy, and building one is the slowest output (ClosedXML re-opens the whole workbook).
    /// validation.xlsx is the county's own workbook with every problem marked at its cell, or, when that
    /// cannot be made from what the county sent, a plain workbook listing every issue with its sheet and
    /// cell; validation.json's <c>feedbackWorkbook</c> (<c>"marked"</c> or <c>"plain"</c>, absent when
    /// there is no workbook) says which. The one path both the ingest service and <c>metrics score</c>
    /// use, so neither can lose the verdict to a workbook that cannot be marked.
    /// </summary>
    public static IReadOnlyList<OutputFile> ValidationFiles(byte[] original, IReadOnlyList<ValidationIssue> issues, int? year, string? county)
    {
        OutputFile? xlsxFile = null;
        FeedbackKind? kind = null;
        if (issues.Count > 0)
        {
            using var xlsx = new MemoryStream();
            kind = FeedbackWriter.Write(original, issues, xlsx);
            xlsxFile = new("validation.xlsx", xlsx.ToArray(), ContentTypes.Xlsx);
        }

        var json = JsonOutput.Write(w =>
        {
            w.WriteStartObject();
            if (year is { } y)
            {
                w.WriteNumber("year", y);
            }

            if (county is not null)
            {
                w.WriteString("county", county);
            }

            w.WriteNumber("errors", issues.Count(i => i.Severity == Severity.Error));
            w.WriteNumber("warnings", issues.Count(i => i.Severity == Severity.Warning));
            if (kind is { } k)
            {
                w.WriteString("feedbackWorkbook", k == FeedbackKind.Marked ? "marked" : "plain");
            }

            w.WriteStartArray("issues");
            foreach (var issue in issues)
            {
                ScorecardJson.WriteIssue(w, issue);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        });
        var jsonFile = new OutputFile("validation.json", json, ContentTypes.Json);
        return xlsxFile is null ? [jsonFile] : [jsonFile, xlsxFile];
    }

    private static IEnumerable<ValidationIssue> CheckIdentity(CountyInfo county, SubmissionPath sp)
    {
        if (!string.Equals(county.Code, sp.County, StringComparison.Ordinal))
        {
            yield return new ValidationIssue(Severity.Error, IssueCodes.CountyMismatch, CountySheet, null, "county_code", null,
                $"工作簿中的县代码 {county.Code} 与上传位置的县代码 {sp.County} 不一致。",
                $"The workbook's county code {county.Code} differs from the county it was uploaded for ({sp.County}).");
        }

        if (county.SchoolYear != sp.Year)
        {
            var y = county.SchoolYear.ToString(CultureInfo.InvariantCulture);
            var p = sp.Year.ToString(CultureInfo.InvariantCulture);
            yield return new ValidationIssue(Severity.Error, IssueCodes.YearMismatch, CountySheet, null, "school_year", null,
                $"工作簿中的学年 {y} 与上传位置的学年 {p} 不一致。",
                $"The workbook's school year {y} differs from the year it was uploaded for ({p}).");
        }
    }
}
