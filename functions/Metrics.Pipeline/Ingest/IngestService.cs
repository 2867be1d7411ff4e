using System.Security.Cryptography;
using Metrics.Core.Json;
using Metrics.Core.Model;
using Metrics.Core.Scoring;
using Metrics.Pipeline.Storage;
using Microsoft.Extensions.Logging;

namespace Metrics.Pipeline.Ingest;

/// <summary>How one ingestion ended.</summary>
public enum IngestResult
{
    /// <summary>Scored; scorecards and county data written.</summary>
    Accepted,

    /// <summary>Validation errors; validation outputs written, the previous scorecard left in place.</summary>
    Rejected,

    /// <summary>These exact bytes were already processed for this county; nothing was rewritten.</summary>
    Unchanged,

    /// <summary>Not a county submission (wrong path) or the blob is gone.</summary>
    Ignored,
}

public sealed record IngestOutcome(IngestResult Result, string Path, int? Year, string? County, string? Sha256, string Message, IReadOnlyList<ValidationIssue> Issues);

/// <summary>
/// Ingests one uploaded workbook (DESIGN.md "Flow of one submission"): reads the blob once, hashes
/// it, validates, scores, and writes every output under deterministic names in other containers.
/// Bad input never throws; storage failures do (the host retries and finally records poison).
/// </summary>
public sealed partial class IngestService(IBlobStore store, SubmissionProcessor processor, ILogger<IngestService> logger)
{
    public async Task<IngestOutcome> IngestAsync(string blobPath, CancellationToken ct)
    {
        var path = blobPath.StartsWith(StorageLayout.Submissions + "/", StringComparison.Ordinal) ? blobPath : $"{StorageLayout.Submissions}/{blobPath}";
        if (SubmissionPath.TryParse(path) is not { } sp)
        {
            LogIgnored(logger, path);
            return new IngestOutcome(IngestResult.Ignored, path, null, null, null,
                "Not a county submission: expected submissions/{year}/{6-digit county}/{file}.xlsx.", []);
        }

        var entry = await store.GetAsync(path, ct).ConfigureAwait(false);
        var bytes = entry is null ? null : await store.ReadAllBytesAsync(path, ct).ConfigureAwait(false);
        if (entry is null || bytes is null)
        {
            return new IngestOutcome(IngestResult.Ignored, path, sp.Year, sp.County, null, "The blob no longer exists.", []);
        }

        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        // The upload time is part of the outputs, so it must come from the blob, not the clock:
        // processing the same blob again then yields byte-identical files.
        var received = entry.LastModified.ToUniversalTime();
        var statuses = new StatusStore(store);
        if (await statuses.ReadAsync(sp.Year, sp.County, ct).ConfigureAwait(false) is { State: SubmissionState.Accepted or SubmissionState.Rejected } done
            && done.Sha256 == sha)
        {
            LogUnchanged(logger, sp.County, sp.Year);
            return new IngestOutcome(IngestResult.Unchanged, path, sp.Year, sp.County, sha, "These bytes were already processed.", done.Issues);
        }

        await statuses.WriteAsync(new SubmissionStatus(SubmissionState.Processing, sp.Year, sp.County, null, path, sha, received, null, []), ct).ConfigureAwait(false);

        Evaluation evaluation;
        try
        {
            evaluation = processor.Evaluate(bytes, new SubmissionRef(sha, received), sp);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Evaluation does no I/O, so this is a defect met by unusual input: retrying cannot
            // help. The county is told plainly (never a stack trace) and the operator gets the log.
            LogEvaluationFailed(logger, sp.County, sp.Year, e);
            evaluation = new Evaluation(null, null, [new ValidationIssue(Severity.Error, "internal_error", "", null, null, null,
                "系统未能处理该文件，问题已记录。请联系评估管理员，或检查后重新上传。",
                "The system could not process this file; the problem has been logged. Contact the evaluation administrator, or check the file and upload it again.")]);
        }

        // Evaluation and the reports are CPU work that cannot be interrupted; between them, a stop
        // request (SIGTERM) ends the run here, and the upload, having no receipt, is done again later.
        ct.ThrowIfCancellationRequested();
        if (evaluation is not { Card: { } card, Input: { } input })
        {
            await WriteAllAsync(sp, SubmissionProcessor.ValidationFiles(bytes, evaluation.Issues, sp.Year, sp.County), ct).ConfigureAwait(false);
            await statuses.WriteAsync(new SubmissionStatus(SubmissionState.Rejected, sp.Year, sp.County, evaluation.Input?.County.Name ?? evaluation.CountyName, path, sha, received, null, evaluation.Issues), ct).ConfigureAwait(false);
            LogRejected(logger, sp.County, sp.Year, evaluation.Errors);
            return new IngestOutcome(IngestResult.Rejected, path, sp.Year, sp.County, sha, $"Rejected with {evaluation.Errors} error(s).", evaluation.Issues);
        }

        var outputs = SubmissionProcessor.ScorecardFiles(card);
        ct.ThrowIfCancellationRequested();

        // History first: a crash after it leaves the current files as they were, and a retry finds
        // the entry and does not add a second one.
        if (!await HistoryHasAsync(sp, sha, ct).ConfigureAwait(false))
        {
            var folder = StorageLayout.History(sp.Year, sp.County, received, sha);
            await store.TryCreateAsync(folder + "submission.xlsx", bytes, ContentTypes.Xlsx, ct).ConfigureAwait(false);
            foreach (var file in outputs)
            {
                await store.TryCreateAsync(folder + file.Name, file.Content, file.ContentType, ct).ConfigureAwait(false);
            }
        }

        await WriteAllAsync(sp, outputs, ct).ConfigureAwait(false);
        await store.WriteAsync(StorageLayout.CountyData(sp.Year, sp.County), CountyDataJson.Serialize(input, card), ContentTypes.Json, ct).ConfigureAwait(false);
        var validation = SubmissionProcessor.ValidationFiles(bytes, card.Warnings, sp.Year, sp.County);
        await WriteAllAsync(sp, validation, ct).ConfigureAwait(false);
        if (validation.Count == 1)
        {
            // A marked workbook from an earlier, rejected upload no longer describes the current one.
            await store.DeleteAsync(StorageLayout.Report(sp.Year, sp.County, "validation.xlsx"), ct).ConfigureAwait(false);
        }

        var overall = ScorecardJson.Name(card.Overall.Status);
        await statuses.WriteAsync(new SubmissionStatus(SubmissionState.Accepted, sp.Year, sp.County, input.County.Name, path, sha, received, overall, card.Warnings), ct).ConfigureAwait(false);
        LogAccepted(logger, sp.County, sp.Year, overall);
        return new IngestOutcome(IngestResult.Accepted, path, sp.Year, sp.County, sha, $"Accepted; overall {overall}.", card.Warnings);
    }

    private async Task WriteAllAsync(SubmissionPath sp, IReadOnlyList<OutputFile> files, CancellationToken ct)
    {
        foreach (var file in files)
        {
            await store.WriteAsync(StorageLayout.Report(sp.Year, sp.County, file.Name), file.Content, file.ContentType, ct).ConfigureAwait(false);
        }
    }

    private async Task<bool> HistoryHasAsync(SubmissionPath sp, string sha, CancellationToken ct)
    {
        var suffix = "-" + sha[..8] + "/";
        await foreach (var e in store.ListAsync(StorageLayout.HistoryPrefix(sp.Year, sp.County), ct).ConfigureAwait(false))
        {
            if (e.Path.Contains(suffix, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Accepted submission of county {County} for {SchoolYear}: overall {Overall}")]
    private static partial void LogAccepted(ILogger logger, string county, int schoolYear, string overall);

    [LoggerMessage(Level = LogLevel.Information, Message = "Rejected submission of county {County} for {SchoolYear} with {Errors} error(s)")]
    private static partial void LogRejected(ILogger logger, string county, int schoolYear, int errors);

    [LoggerMessage(Level = LogLevel.Information, Message = "Submission of county {County} for {SchoolYear} unchanged; nothing rewritten")]
    private static partial void LogUnchanged(ILogger logger, string county, int schoolYear);

    [LoggerMessage(Level = LogLevel.Error, Message = "Evaluating the submission of county {County} for {SchoolYear} failed")]
    private static partial void LogEvaluationFailed(ILogger logger, string county, int schoolYear, Exception error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ignored blob {Path}: not a county submission path")]
    private static partial void LogIgnored(ILogger logger, string path);
}

/// <summary>Content types written by the pipeline.</summary>
public static class ContentTypes
{
    public const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    public const string Json = "application/json";
    public const string Html = "text/html; charset=utf-8";
}
