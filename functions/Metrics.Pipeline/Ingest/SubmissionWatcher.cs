using System.Collections.Concurrent;
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
public sealed partial class SubmissionWatcher(IBlobStore store, IngestService ingest, IngestAttempts failures, IOptions<PipelineOptions> options, TimeProvider clock, ILogger<SubmissionWatcher> logger)
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
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                // Stopped mid-scan: what was under way has no receipt and is done again on the next start.
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Listing failed (storage unreachable): log and try again at the next tick.
                Log.ScanFailed(logger, e);
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
            await foreach (var receipt in store.ListAsync(StorageLayout.ContainerPrefix(StorageLayout.Receipts), ct).ConfigureAwait(false))
            {
                done.TryAdd(receipt.Path, true);
            }

            learnt = true;
        }

        var pending = new List<BlobEntry>();
        await foreach (var entry in store.ListAsync(StorageLayout.ContainerPrefix(StorageLayout.Submissions), ct).ConfigureAwait(false))
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

        var (_, notBefore) = await failures.ReadAsync(entry, ct).ConfigureAwait(false);
        if (clock.GetUtcNow() < notBefore)
        {
            return false;
        }

        try
        {
            var outcome = await ingest.IngestAsync(entry.Path, ct).ConfigureAwait(false);
            await store.TryCreateAsync(receiptPath, failures.Record(entry, "done", outcome.Result.ToString(), outcome.Message), ContentTypes.Json, ct).ConfigureAwait(false);
            done.TryAdd(receiptPath, true);
            Processed?.Invoke(outcome);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            if (await failures.RecordFailureAsync(entry, e, ct).ConfigureAwait(false))
            {
                // Given up: the receipt makes this version done, so it is not tried again.
                await store.TryCreateAsync(receiptPath, failures.Record(entry, "poisoned", e.GetType().Name, e.Message), ContentTypes.Json, ct).ConfigureAwait(false);
                done.TryAdd(receiptPath, true);
            }

            return true;
        }

        // The version is done once its receipt exists; a leftover attempts file is never read again.
        await failures.ClearAsync(entry, ct).ConfigureAwait(false);
        return true;
    }
}
