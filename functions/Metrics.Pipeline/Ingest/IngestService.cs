using System.Globalization;
using System.Text.Json;
using Metrics.Core.Json;
using Metrics.Core.Model;
using Metrics.Core.Rollup;
using Metrics.Core.Scoring;
using Metrics.Excel.Reading;
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

    /// <summary>
    /// A newer upload of the county is already current (by the blobs' own times, ties by name): this one was
    /// evaluated and, when accepted, kept in history, but the county's current outputs and status were left alone.
    /// </summary>
    Superseded,
}

public sealed record IngestOutcome(IngestResult Result, string Path, int? Year, string? County, string? Sha256, string Message, IReadOnlyList<ValidationIssue> Issues);

/// <summary>
/// Ingests one uploaded workbook (the pipeline README ("One submission")): reads the blob once, hashes
/// it, validates, scores, and writes every output under deterministic names in other containers.
/// Bad input never throws; storage failures do (the host retries and finally records poison).
/// </summary>
public sealed partial class IngestService(IBlobStore store, SubmissionProcessor processor, ILogger<IngestService> logger)
{
    public async Task<IngestOutcome> IngestAsync(string blobPath, CancellationToken ct)
    {
        var path = StorageLayout.SubmissionBlob(blobPath);
        if (SubmissionPath.TryParse(path) is not { } sp)
        {
            Log.Ignored(logger, path);
            return new IngestOutcome(IngestResult.Ignored, path, null, null, null,
                "Not a county submission: expected submissions/{year}/{6-digit county}/{file}.xlsx.", []);
        }

        var entry = await store.GetAsync(path, ct).ConfigureAwait(false);
        var bytes = entry is null ? null : await store.ReadAllBytesAsync(path, ct).ConfigureAwait(false);
        if (entry is null || bytes is null)
        {
            return new IngestOutcome(IngestResult.Ignored, path, sp.Year, sp.County, null, "The blob no longer exists.", []);
        }

        var sha = Sha256.Hex(bytes);
        // The upload time is part of the outputs, so it must come from the blob, not the clock:
        // processing the same blob again then yields byte-identical files.
        var received = entry.LastModified.ToUniversalTime();
        var me = new UploadOrder(received, path);
        var statuses = new StatusStore(store);
        if (await statuses.ReadAsync(sp.Year, sp.County, ct).ConfigureAwait(false) is { State: SubmissionState.Accepted or SubmissionState.Rejected } done
            && done.Sha256 == sha)
        {
            Log.Unchanged(logger, sp.County, sp.Year);
            return new IngestOutcome(IngestResult.Unchanged, path, sp.Year, sp.County, sha, "These bytes were already processed.", done.Issues);
        }

        // Claim the county for this upload unless a newer one already has it, so the status says
        // "processing" only for the upload that will become current.
        await UnderCountyLeaseAsync(sp, me, async () =>
            await statuses.WriteAsync(new SubmissionStatus(SubmissionState.Processing, sp.Year, sp.County, null, path, sha, received, null, []), ct).ConfigureAwait(false),
            sha, ct).ConfigureAwait(false);

        Evaluation evaluation;
        try
        {
            evaluation = processor.Evaluate(bytes, new SubmissionRef(sha, received), sp);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Evaluation does no I/O, so this is a defect met by unusual input: retrying cannot
            // help. The county is told plainly (never a stack trace) and the operator gets the log.
            Log.EvaluationFailed(logger, sp.County, sp.Year, e);
            evaluation = new Evaluation(null, null, [new ValidationIssue(Severity.Error, IssueCodes.InternalError, "", null, null, null,
                "系统未能处理该文件，问题已记录。请联系评估管理员，或检查后重新上传。",
                "The system could not process this file; the problem has been logged. Contact the evaluation administrator, or check the file and upload it again.")]);
        }

        // Evaluation and the reports are CPU work that cannot be interrupted; between them, a stop
        // request (SIGTERM) ends the run here, and the upload, having no receipt, is done again later.
        ct.ThrowIfCancellationRequested();
        if (evaluation is not { Card: { } card, Input: { } input })
        {
            var validationFiles = SubmissionProcessor.ValidationFiles(bytes, evaluation.Issues, sp.Year, sp.County);
            var current = await UnderCountyLeaseAsync(sp, me, async () =>
            {
                await WriteAllAsync(sp, validationFiles, ct).ConfigureAwait(false);
                await statuses.WriteAsync(new SubmissionStatus(SubmissionState.Rejected, sp.Year, sp.County, evaluation.Input?.County.Name ?? evaluation.CountyName, path, sha, received, null, evaluation.Issues), ct).ConfigureAwait(false);
            }, sha, ct).ConfigureAwait(false);
            if (current is not null)
            {
                return Superseded(sp, path, sha, current, evaluation.Issues);
            }

            Log.Rejected(logger, sp.County, sp.Year, evaluation.Errors);
            return new IngestOutcome(IngestResult.Rejected, path, sp.Year, sp.County, sha, $"Rejected with {evaluation.Errors} error(s).", evaluation.Issues);
        }

        card = card with { History = await YearsOnRecord.CountyAsync(store, sp.Year, sp.County, ct).ConfigureAwait(false) };
        var outputs = ExportEvaluation.WithPrefilled(SubmissionProcessor.ScorecardFiles(card), evaluation);
        try
        {
            return await StoreAcceptedAsync(sp, me, path, sha, received, bytes, evaluation, card, input, outputs, ct).ConfigureAwait(false);
        }
        finally
        {
            // Every write of them has completed (or failed) by now: their pooled buffers go back.
            OutputFile.DisposeAll(outputs);
        }
    }

    /// <summary>An accepted upload's history entry, current outputs, data, summary and status.</summary>
    private async Task<IngestOutcome> StoreAcceptedAsync(SubmissionPath sp, UploadOrder me, string path, string sha, DateTimeOffset received, byte[] bytes,
        Evaluation evaluation, Scorecard card, CountySubmission input, IReadOnlyList<OutputFile> outputs, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();

        // History first, for every accepted version, current or not: a crash after it leaves the
        // current files as they were, and a retry finds the entry and does not add a second one.
        // Every file is created only if absent, so a retry after a death half-way through the entry
        // completes it and never replaces what is there.
        var folder = await HistoryFolderAsync(sp, sha, ct).ConfigureAwait(false) ?? StorageLayout.History(sp.Year, sp.County, received, sha);
        // The entry's files do not depend on each other, so they are written at once: their round trips to the
        // store (a flush to disk each, or an upload each) overlap instead of queueing one behind the other.
        var submission = store.TryCreateAsync(folder + "submission.xlsx", bytes, ContentTypes.Xlsx, ct);
        var outputsCreated = AllAsync(outputs, file => store.TryCreateAsync(folder + file.Name, file.Content, file.ContentType, ct));
        await Task.WhenAll(submission, outputsCreated).ConfigureAwait(false);
        var created = await outputsCreated.ConfigureAwait(false);
        // The history files this run created hold exactly this run's outputs: the current ones are written like them
        // (a folder store links them instead of writing the bytes twice). One left by an earlier run may differ (its
        // earlier years were fewer), so the current file is written from this run's bytes.
        var written = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < outputs.Count; i++)
        {
            if (created[i])
            {
                written[outputs[i].Name] = folder + outputs[i].Name;
            }
        }

        var validation = SubmissionProcessor.ValidationFiles(bytes, card.Warnings, sp.Year, sp.County);
        // The data file embeds the scorecard compact: taken from scorecard.json rather than written a second time.
        var data = CountyDataJson.Serialize(input, card, outputs.FirstOrDefault(f => f.Name == SubmissionProcessor.ScorecardJsonName) is { } json ? json.Content.Span : default);
        var summary = SummaryJson.Serialize(ScorecardSummary.From(card));
        var overall = card.Overall.Status;
        var newer = await UnderCountyLeaseAsync(sp, me, async () =>
        {
            await WriteAllAsync(sp, outputs, ct, written).ConfigureAwait(false);
            if (evaluation.PrefilledWorkbook is null)
            {
                // A pre-filled workbook from an earlier statistics export no longer belongs to the current upload.
                await store.DeleteAsync(StorageLayout.Report(sp.Year, sp.County, ExportEvaluation.PrefilledName), ct).ConfigureAwait(false);
            }

            await store.WriteAsync(StorageLayout.CountyData(sp.Year, sp.County), data, ContentTypes.Json, ct).ConfigureAwait(false);
            // After the data file: a summary at least as new as the data file describes it (see RollupService).
            await store.WriteAsync(StorageLayout.CountySummary(sp.Year, sp.County), summary, ContentTypes.Json, ct).ConfigureAwait(false);
            await WriteAllAsync(sp, validation, ct).ConfigureAwait(false);
            if (validation.Count == 1)
            {
                // A marked workbook from an earlier, rejected upload no longer describes the current one.
                await store.DeleteAsync(StorageLayout.Report(sp.Year, sp.County, "validation.xlsx"), ct).ConfigureAwait(false);
            }

            await new StatusStore(store).WriteAsync(new SubmissionStatus(SubmissionState.Accepted, sp.Year, sp.County, input.County.Name, path, sha, received, overall, card.Warnings), ct).ConfigureAwait(false);
        }, sha, ct).ConfigureAwait(false);
        if (newer is not null)
        {
            return Superseded(sp, path, sha, newer, card.Warnings);
        }

        Log.Accepted(logger, sp.County, sp.Year, ScorecardJson.Name(overall));
        return new IngestOutcome(IngestResult.Accepted, path, sp.Year, sp.County, sha, $"Accepted; overall {ScorecardJson.Name(overall)}.", card.Warnings);
    }

    /// <summary>
    /// Records that every attempt to ingest <paramref name="blobPath"/> failed (the host's retry limit was
    /// reached): the county's status becomes <see cref="SubmissionState.Failed"/> with a plain reason and
    /// what to do, unless a newer upload of the county is already current.
    /// </summary>
    public async Task RecordFailureAsync(string blobPath, int attempts, CancellationToken ct)
    {
        var path = StorageLayout.SubmissionBlob(blobPath);
        if (SubmissionPath.TryParse(path) is not { } sp || await store.GetAsync(path, ct).ConfigureAwait(false) is not { } entry)
        {
            return;
        }

        var received = entry.LastModified.ToUniversalTime();
        var n = attempts.ToString(CultureInfo.InvariantCulture);
        var issue = new ValidationIssue(Severity.Error, IssueCodes.ProcessingFailed, "", null, null, null,
            $"系统尝试处理这次上传 {n} 次均未成功。这是存储或系统的故障，不是文件内容的问题；上传的文件已保存。请稍后重新上传同一文件；如果仍然失败，请联系评估管理员。",
            $"The system tried {n} times to process this upload and failed each time. This is a storage or system fault, not a problem with the file's content; the uploaded file is kept. Upload the same file again later; if it fails again, contact the evaluation administrator.");
        await UnderCountyLeaseAsync(sp, new UploadOrder(received, path), async () =>
            await new StatusStore(store).WriteAsync(new SubmissionStatus(SubmissionState.Failed, sp.Year, sp.County, null, path, null, received, null, [issue]), ct).ConfigureAwait(false),
            sha: null, ct).ConfigureAwait(false);
    }

    private IngestOutcome Superseded(SubmissionPath sp, string path, string sha, UploadOrder newer, IReadOnlyList<ValidationIssue> issues)
    {
        Log.Superseded(logger, sp.County, sp.Year);
        return new IngestOutcome(IngestResult.Superseded, path, sp.Year, sp.County, sha,
            $"Superseded: the county's newer upload {newer.Blob} is current; this one is kept in history only.", issues);
    }

    /// <summary>
    /// The ordering guard. Under the county's lease (<see cref="StorageLayout.CurrentLease"/>), reads the
    /// county's current pointer; when it names a newer upload than <paramref name="me"/>, returns that upload
    /// and runs nothing. Otherwise points the county at <paramref name="me"/>, runs <paramref name="write"/>
    /// (the writes to the county's current outputs and status) and returns null.
    /// </summary>
    /// <remarks>
    /// Why this is race-free: every write to a county's current outputs happens inside this method, under a
    /// lease that at most one caller in any process holds, after re-reading the pointer under that same
    /// lease. So two ingestions of one county cannot interleave their writes, and whichever runs second sees
    /// the first one's pointer: an older upload finishing later finds the newer one and stops, a newer one
    /// overwrites the older. Evaluation, the slow part, runs outside the lease. A holder killed mid-way leaves
    /// the pointer at its upload and its files each whole (every store write is atomic), some new and some
    /// old; its retry, or any newer upload, rewrites the whole set. The one window the lease cannot close is
    /// on Azure: a process frozen for longer than <see cref="IBlobStore.LeaseDuration"/> (it renews every
    /// third of it while alive) can wake up writing after another holder entered.
    /// </remarks>
    private async Task<UploadOrder?> UnderCountyLeaseAsync(SubmissionPath sp, UploadOrder me, Func<Task> write, string? sha, CancellationToken ct)
    {
        var lease = await store.AcquireLeaseAsync(StorageLayout.CurrentLease(sp.Year, sp.County), LeaseWait, ct).ConfigureAwait(false);
        await using (lease.ConfigureAwait(false))
        {
            var current = await ReadPointerAsync(sp, ct).ConfigureAwait(false);
            if (current is not null && current.CompareTo(me) > 0)
            {
                return current;
            }

            if (current is null || current.CompareTo(me) != 0)
            {
                await store.WriteAsync(StorageLayout.CurrentPointer(sp.Year, sp.County), UploadOrder.Serialize(me, sha), ContentTypes.Json, ct).ConfigureAwait(false);
            }

            await write().ConfigureAwait(false);
            return null;
        }
    }

    /// <summary>Longer than a crashed holder's Azure lease lasts, so waiting for one never fails the attempt.</summary>
    private static readonly TimeSpan LeaseWait = IBlobStore.LeaseDuration * 3;

    private async Task<UploadOrder?> ReadPointerAsync(SubmissionPath sp, CancellationToken ct)
    {
        if (await store.ReadAllBytesAsync(StorageLayout.CurrentPointer(sp.Year, sp.County), ct).ConfigureAwait(false) is { } bytes)
        {
            return UploadOrder.Parse(bytes);
        }

        // Stored before the pointer existed: a finished status names the current upload and its time.
        return await new StatusStore(store).ReadAsync(sp.Year, sp.County, ct).ConfigureAwait(false) is { State: SubmissionState.Accepted or SubmissionState.Rejected, Blob: { } blob } done
            ? new UploadOrder(done.UpdatedUtc, blob)
            : null;
    }

    /// <summary>Writes a set of the county's current files, all at once: no reader relies on an order among them (see <see cref="UnderCountyLeaseAsync"/>).</summary>
    private async Task WriteAllAsync(SubmissionPath sp, IReadOnlyList<OutputFile> files, CancellationToken ct, Dictionary<string, string>? sameAs = null) =>
        await AllAsync(files, async file =>
        {
            var path = StorageLayout.Report(sp.Year, sp.County, file.Name);
            await (sameAs is not null && sameAs.TryGetValue(file.Name, out var source)
                ? store.WriteLikeAsync(path, source, file.Content, file.ContentType, ct)
                : store.WriteAsync(path, file.Content, file.ContentType, ct)).ConfigureAwait(false);
            return true;
        }).ConfigureAwait(false);

    /// <summary>
    /// Starts <paramref name="write"/> for every file, then waits for all of them, also when one fails: the files'
    /// pooled buffers go back only after this returns, so no write may still be reading them then.
    /// </summary>
    private static Task<bool[]> AllAsync(IReadOnlyList<OutputFile> files, Func<OutputFile, Task<bool>> write) =>
        // Each through an async lambda, so a store that throws before returning its task still leaves the started ones awaited.
        Task.WhenAll(files.Select(async file => await write(file).ConfigureAwait(false)));

    /// <summary>The history folder already holding these bytes (from another upload of them, or an interrupted run), if any.</summary>
    private async Task<string?> HistoryFolderAsync(SubmissionPath sp, string sha, CancellationToken ct)
    {
        var suffix = "-" + sha[..8] + "/";
        await foreach (var e in store.ListAsync(StorageLayout.HistoryPrefix(sp.Year, sp.County), ct).ConfigureAwait(false))
        {
            if (e.Path.IndexOf(suffix, StringComparison.Ordinal) is var i and >= 0)
            {
                return e.Path[..(i + suffix.Length)];
            }
        }

        return null;
    }
}

/// <summary>Content types written by the pipeline.</summary>
public static class ContentTypes
{
    public const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    public const string Json = "application/json";
    public const string Html = "text/html; charset=utf-8";
}

/// <summary>
/// Which of two uploads of one county is newer: the blob's own last-modified time, to the millisecond
/// (what status documents keep), then the blob path, ordinally. Never the processing order or the clock.
/// </summary>
public sealed record UploadOrder : IComparable<UploadOrder>
{
    public UploadOrder(DateTimeOffset modifiedUtc, string blob)
    {
        var utc = modifiedUtc.ToUniversalTime();
        ModifiedUtc = utc.AddTicks(-(utc.Ticks % TimeSpan.TicksPerMillisecond));
        Blob = blob;
    }

    public DateTimeOffset ModifiedUtc { get; }

    public string Blob { get; }

    public int CompareTo(UploadOrder? other) => other is null ? 1
        : ModifiedUtc != other.ModifiedUtc ? ModifiedUtc.CompareTo(other.ModifiedUtc)
        : string.CompareOrdinal(Blob, other.Blob);

    internal static byte[] Serialize(UploadOrder o, string? sha) => JsonOutput.Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("blob", o.Blob);
        w.WriteTimestamp("modifiedUtc", o.ModifiedUtc);
        w.WriteStringOrNull("sha256", sha);

        w.WriteEndObject();
    });

    internal static UploadOrder Parse(byte[] json)
    {
        using var doc = JsonDocument.Parse(json);
        var r = doc.RootElement;
        return new UploadOrder(
            JsonOutput.ParseTimestamp(r.GetProperty("modifiedUtc").GetString()!),
            r.GetProperty("blob").GetString()!);
    }
}
