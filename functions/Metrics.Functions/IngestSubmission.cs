using Azure.Storage.Blobs;
using Metrics.Pipeline.Ingest;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace Metrics.Functions;

/// <summary>
/// A county workbook landed under <c>submissions/</c> (Event Grid BlobCreated): ingest it.
/// The trigger binds a <see cref="BlobClient"/>, which downloads nothing (a <c>Stream</c>,
/// <c>byte[]</c> or <c>string</c> parameter would read the workbook here); <see cref="IngestService"/>
/// reads the blob itself, once, from its path. A failure is counted (<see cref="IngestAttempts"/>: the
/// last attempt records the blob in <c>poison/</c> and the county's status as failed) and propagates, so
/// the host retries and, after <c>poisonBlobThreshold</c> attempts (host.json), gives the blob up as poison.
/// </summary>
public sealed class IngestSubmission(IngestAttempts ingest, ILogger<IngestSubmission> logger)
{
    [Function(nameof(IngestSubmission))]
    public async Task RunAsync(
        [BlobTrigger("submissions/{name}", Source = BlobTriggerSource.EventGrid, Connection = "Storage")] BlobClient blob,
        string name,
        CancellationToken cancellationToken)
    {
        var blobPath = $"submissions/{name}";
        Log.IngestStarted(logger, blobPath);
        var outcome = await ingest.IngestAsync(blobPath, cancellationToken);
        Log.IngestFinished(logger, blobPath, outcome.Result, outcome.Message);
    }
}
