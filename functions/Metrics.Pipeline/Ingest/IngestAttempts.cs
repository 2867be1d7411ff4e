using System.Text.Json;
using Metrics.Core.Json;
using Metrics.Pipeline.Hosting;
using Metrics.Pipeline.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Metrics.Pipeline.Ingest;

/// <summary>
/// The failed attempts at one version (ETag) of an upload, and what follows the last one: the blob is
/// recorded in <c>poison/</c> with the reason and the county's status becomes <c>failed</c>, so the
/// county is told instead of waiting on "processing" for ever. Both hosts count through this class:
/// the watcher of <c>metrics serve</c>, which also waits a backoff between attempts, and the Functions
/// blob trigger, whose host retries by itself up to host.json's <c>poisonBlobThreshold</c> (kept equal to
/// <see cref="IngestOptions.MaxAttempts"/>; a test holds them together).
/// </summary>
/// <remarks>
/// The count lives in storage (<see cref="StorageLayout.AttemptsFile"/>), not in memory: a retry may run
/// in another process or instance, or after a restart.
/// </remarks>
public sealed partial class IngestAttempts(IBlobStore store, IngestService ingest, IOptions<PipelineOptions> options, TimeProvider clock, ILogger<IngestAttempts> logger)
{
    /// <summary>Failed attempts so far and the earliest time of the next one.</summary>
    public async Task<(int Attempts, DateTimeOffset NotBefore)> ReadAsync(BlobEntry entry, CancellationToken ct)
    {
        if (await store.ReadAllBytesAsync(StorageLayout.AttemptsFile(entry.Path, entry.ETag), ct).ConfigureAwait(false) is not { } bytes)
        {
            return (0, DateTimeOffset.MinValue);
        }

        using var doc = JsonDocument.Parse(bytes);
        return (doc.RootElement.GetProperty("attempts").GetInt32(),
            JsonOutput.ParseTimestamp(doc.RootElement.GetProperty("notBeforeUtc").GetString()!));
    }

    /// <summary>
    /// Counts one more failure of <paramref name="entry"/>. Returns true when it was the last allowed attempt:
    /// the blob is then recorded in <c>poison/</c> and the county's status is <c>failed</c>.
    /// </summary>
    public async Task<bool> RecordFailureAsync(BlobEntry entry, Exception error, CancellationToken ct)
    {
        var (before, _) = await ReadAsync(entry, ct).ConfigureAwait(false);
        var attempts = before + 1;
        var path = StorageLayout.AttemptsFile(entry.Path, entry.ETag);
        if (attempts >= options.Value.Ingest.MaxAttempts)
        {
            Log.Poisoned(logger, entry.Path, attempts, error);
            await store.WriteAsync(StorageLayout.PoisonFile(entry.Path), Record(entry, "poisoned", error.GetType().Name, error.Message), ContentTypes.Json, ct).ConfigureAwait(false);
            await ingest.RecordFailureAsync(entry.Path, attempts, ct).ConfigureAwait(false);
            await store.DeleteAsync(path, ct).ConfigureAwait(false);
            return true;
        }

        var backoff = TimeSpan.FromSeconds(Math.Min(300, Math.Pow(2, attempts)));
        Log.Retry(logger, entry.Path, attempts, error);
        await store.WriteAsync(path, JsonOutput.Write(w =>
        {
            w.WriteStartObject();
            w.WriteNumber("attempts", attempts);
            w.WriteTimestamp("notBeforeUtc", clock.GetUtcNow() + backoff);
            w.WriteEndObject();
        }), ContentTypes.Json, ct).ConfigureAwait(false);
        return false;
    }

    /// <summary>Forgets the count once the version is done; a leftover file is harmless (never read again).</summary>
    public async Task ClearAsync(BlobEntry entry, CancellationToken ct)
    {
        try
        {
            await store.DeleteAsync(StorageLayout.AttemptsFile(entry.Path, entry.ETag), ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Log.CleanupFailed(logger, entry.Path, e);
        }
    }

    /// <summary>
    /// For a trigger whose host retries by itself (Azure Functions): ingests <paramref name="blobPath"/>;
    /// on failure counts the attempt (the last one records poison and the failed status) and rethrows, so the
    /// host retries or gives up as it does.
    /// </summary>
    public async Task<IngestOutcome> IngestAsync(string blobPath, CancellationToken ct)
    {
        try
        {
            return await ingest.IngestAsync(blobPath, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            BlobEntry? entry = null;
            try
            {
                entry = await store.GetAsync(blobPath, ct).ConfigureAwait(false);
                if (entry is not null)
                {
                    await RecordFailureAsync(entry, e, ct).ConfigureAwait(false);
                }
            }
            catch (Exception recording) when (recording is not OperationCanceledException)
            {
                // Storage itself is failing: the host's own retry and poison queue still apply.
                Log.CountFailed(logger, blobPath, recording);
            }

            throw;
        }
    }

    /// <summary>The JSON of a receipt or poison record: which version, what became of it, why, when.</summary>
    public byte[] Record(BlobEntry entry, string state, string result, string message) => JsonOutput.Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("blob", entry.Path);
        w.WriteString("etag", entry.ETag);
        w.WriteString("state", state);
        w.WriteString("result", result);
        w.WriteString("message", message);
        w.WriteTimestamp("atUtc", clock.GetUtcNow());
        w.WriteEndObject();
    });
}
