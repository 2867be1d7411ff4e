using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Metrics.Core.Json;
using Metrics.Pipeline.Hosting;
using Metrics.Pipeline.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Metrics.Pipeline.Ingest;

/// <summary>
/// Blob-trigger semantics for one machine: every version (ETag) of every blob under
/// <c>submissions/</c> is ingested once. A receipt in storage marks a finished version, so a
/// restart neither redoes finished work nor skips unfinished work (ingestion is idempotent, so a
/// version interrupted mid-way is simply done again). Failures retry with exponential backoff;
/// after <see cref="IngestOptions.MaxAttempts"/> the blob is recorded in <c>poison/</c> with the reason
/// and the county's status becomes <c>failed</c>.
/// </summary>
/// <remarks>
/// A poll costs one listing of <c>submissions/</c> plus work for what is new: the receipts that exist are
/// learnt once (one listing of <c>receipts/</c> on the first poll) and then remembered, so versions already
/// done are recognised without reading anything. A version not known to be done is checked in storage
/// before it is processed, since another process may have done it meanwhile.
/// </remarks>
public sealed partial class SubmissionWatcher(IBlobStore store, IngestService ingest, IOptions<PipelineOptions> options, TimeProvider clock, ILogger<SubmissionWatcher> logger)
{
    /// <summary>Receipt paths known to exist. Receipts are never deleted, so a remembered one stays true.</summary>
    private readonly ConcurrentDictionary<string, bool> done = new(StringComparer.Ordinal);
    private volatile bool learnt;

    /// <summary>Raised after each processed version (for progress display).</summary>
    public event Action<IngestOutcome>? Processed;

    /// <summary>Polls until cancelled.</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        var interval = TimeSpan.FromSeconds(options.Value.Ingest.PollSeconds);
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await ScanOnceAsync(ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Listing failed (storage unreachable): log and try again at the next tick.
                LogScanFailed(logger, e);
            }

            try
            {
                await Task.Delay(interval, clock, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Processes every version without a receipt once; returns how many were attempted.</summary>
    public async Task<int> ScanOnceAsync(CancellationToken ct)
    {
        if (!learnt)
        {
            await foreach (var receipt in store.ListAsync(StorageLayout.Receipts + "/", ct).ConfigureAwait(false))
            {
                done.TryAdd(receipt.Path, true);
            }

            learnt = true;
        }

        var pending = new List<BlobEntry>();
        await foreach (var entry in store.ListAsync(StorageLayout.Submissions + "/", ct).ConfigureAwait(false))
        {
            if (!done.ContainsKey(StorageLayout.Receipt(entry.Path, entry.ETag)))
            {
                pending.Add(entry);
            }
        }

        var attempted = 0;
        await Parallel.ForEachAsync(pending, new ParallelOptions { MaxDegreeOfParallelism = options.Value.Ingest.Parallelism, CancellationToken = ct }, async (entry, token) =>
        {
            if (await ProcessAsync(entry, token).ConfigureAwait(false))
            {
                Interlocked.Increment(ref attempted);
            }
        }).ConfigureAwait(false);
        return attempted;
    }

    private async Task<bool> ProcessAsync(BlobEntry entry, CancellationToken ct)
    {
        var receiptPath = StorageLayout.Receipt(entry.Path, entry.ETag);
        if (await store.GetAsync(receiptPath, ct).ConfigureAwait(false) is not null)
        {
            done.TryAdd(receiptPath, true); // done by another process since we learnt the receipts
            return false;
        }

        var attemptsPath = StorageLayout.AttemptsFile(entry.Path, entry.ETag);
        var (attempts, notBefore) = await ReadAttemptsAsync(attemptsPath, ct).ConfigureAwait(false);
        if (clock.GetUtcNow() < notBefore)
        {
            return false;
        }

        try
        {
            var outcome = await ingest.IngestAsync(entry.Path, ct).ConfigureAwait(false);
            await store.TryCreateAsync(receiptPath, Receipt(entry, "done", outcome.Result.ToString(), outcome.Message), ContentTypes.Json, ct).ConfigureAwait(false);
            done.TryAdd(receiptPath, true);
            Processed?.Invoke(outcome);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await RecordFailedAttemptAsync(entry, attempts, attemptsPath, receiptPath, e, ct).ConfigureAwait(false);
            return true;
        }

        // The version is done once its receipt exists; a leftover attempts file is never read again.
        try
        {
            await store.DeleteAsync(attemptsPath, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogCleanupFailed(logger, entry.Path, e);
        }

        return true;
    }

    private async Task RecordFailedAttemptAsync(BlobEntry entry, int attempts, string attemptsPath, string receiptPath, Exception e, CancellationToken ct)
    {
        attempts++;
        if (attempts >= options.Value.Ingest.MaxAttempts)
        {
            LogPoisoned(logger, entry.Path, attempts, e);
            await store.WriteAsync(StorageLayout.PoisonFile(entry.Path), Receipt(entry, "poisoned", e.GetType().Name, e.Message), ContentTypes.Json, ct).ConfigureAwait(false);
            await ingest.RecordFailureAsync(entry.Path, attempts, ct).ConfigureAwait(false);
            await store.TryCreateAsync(receiptPath, Receipt(entry, "poisoned", e.GetType().Name, e.Message), ContentTypes.Json, ct).ConfigureAwait(false);
            done.TryAdd(receiptPath, true);
            await store.DeleteAsync(attemptsPath, ct).ConfigureAwait(false);
        }
        else
        {
            var backoff = TimeSpan.FromSeconds(Math.Min(300, Math.Pow(2, attempts)));
            LogRetry(logger, entry.Path, attempts, backoff.TotalSeconds, e);
            await WriteAttemptsAsync(attemptsPath, attempts, clock.GetUtcNow() + backoff, ct).ConfigureAwait(false);
        }
    }

    private async Task<(int Attempts, DateTimeOffset NotBefore)> ReadAttemptsAsync(string path, CancellationToken ct)
    {
        if (await store.ReadAllBytesAsync(path, ct).ConfigureAwait(false) is not { } bytes)
        {
            return (0, DateTimeOffset.MinValue);
        }

        using var doc = JsonDocument.Parse(bytes);
        return (doc.RootElement.GetProperty("attempts").GetInt32(),
            DateTimeOffset.Parse(doc.RootElement.GetProperty("notBeforeUtc").GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal));
    }

    private Task WriteAttemptsAsync(string path, int attempts, DateTimeOffset notBefore, CancellationToken ct) =>
        store.WriteAsync(path, JsonOutput.Write(w =>
        {
            w.WriteStartObject();
            w.WriteNumber("attempts", attempts);
            w.WriteString("notBeforeUtc", notBefore.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
            w.WriteEndObject();
        }), ContentTypes.Json, ct);

    private byte[] Receipt(BlobEntry entry, string state, string result, string message) => JsonOutput.Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("blob", entry.Path);
        w.WriteString("etag", entry.ETag);
        w.WriteString("state", state);
        w.WriteString("result", result);
        w.WriteString("message", message);
        w.WriteString("atUtc", clock.GetUtcNow().UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
        w.WriteEndObject();
    });

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ingestion of {Path} failed (attempt {Attempt}); retrying in {Seconds} s")]
    private static partial void LogRetry(ILogger logger, string path, int attempt, double seconds, Exception error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Ingestion of {Path} failed {Attempts} times; recorded in poison/")]
    private static partial void LogPoisoned(ILogger logger, string path, int attempts, Exception error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Removing the attempts record of {Path} failed; it is ignored from now on")]
    private static partial void LogCleanupFailed(ILogger logger, string path, Exception error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Scanning submissions failed; will retry")]
    private static partial void LogScanFailed(ILogger logger, Exception error);
}
