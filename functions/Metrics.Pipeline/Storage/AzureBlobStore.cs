using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Azure;
using Azure.Core;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;

namespace Metrics.Pipeline.Storage;

/// <summary>
/// <see cref="IBlobStore"/> over Azure Blob Storage or Azurite. The first path segment is the container,
/// the rest the blob name. One <see cref="BlobServiceClient"/> per store; containers are created on the first
/// write to them and remembered.
/// </summary>
/// <remarks>
/// <para>Writes are single Put Blob (or Put Block List) requests, which Azure applies atomically.
/// <see cref="TryCreateAsync"/> sends <c>If-None-Match: *</c> and maps "already exists" (409, 412) to
/// <see langword="false"/>. Reads use one GET, so a stream is one version of the blob. A missing blob or
/// container reads as <see langword="null"/>. Listing returns only committed blobs whose names are valid
/// <see cref="BlobPath"/>s. ETags are returned quoted, as in the HTTP header. The emulator (Azurite) is detected
/// from the endpoint and pinned to <see cref="EmulatorServiceVersion"/>, the newest REST version Azurite 3.35 accepts.</para>
/// <para>Azurite 3.35 differs from Azure in one corner: a blob that has only uncommitted blocks (an interrupted
/// staged upload; this store sends content up to the SDK's 256 MiB single-request size in one request and so never
/// leaves any) counts as existing for <c>If-None-Match: *</c>, so <see cref="TryCreateAsync"/> returns
/// <see langword="false"/> there while Azure creates the blob.</para>
/// </remarks>
public sealed class AzureBlobStore : IBlobStore
{
    /// <summary>Newest blob REST version Azurite 3.35.0 accepts (its <c>BLOB_API_VERSION</c>).</summary>
    public const BlobClientOptions.ServiceVersion EmulatorServiceVersion = BlobClientOptions.ServiceVersion.V2025_11_05;

    private readonly BlobServiceClient _service;
    private readonly ConcurrentDictionary<string, bool> _ensuredContainers = new(StringComparer.Ordinal);

    /// <summary>Wraps an existing client (configure retries, logging and service version on it).</summary>
    public AzureBlobStore(BlobServiceClient service)
    {
        ArgumentNullException.ThrowIfNull(service);
        _service = service;
        var endpoint = service.Uri.GetLeftPart(UriPartial.Path).TrimEnd('/'); // no SAS query
        Describe = "blob:" + endpoint;
    }

    /// <inheritdoc />
    public string Describe { get; }

    /// <summary>
    /// A store from a storage connection string, including "UseDevelopmentStorage=true" and Azurite's
    /// explicit form. Azurite endpoints get <see cref="EmulatorServiceVersion"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The connection string is malformed (the message never repeats it).</exception>
    public static AzureBlobStore FromConnectionString(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        try
        {
            var probe = new BlobServiceClient(connectionString);
            return new AzureBlobStore(new BlobServiceClient(connectionString, CreateOptions(probe.Uri)));
        }
        catch (Exception e) when (e is FormatException or InvalidOperationException or ArgumentException or UriFormatException)
        {
            throw new ArgumentException(
                "The storage connection string is malformed (" + e.GetType().Name + "). Expected "
                + "\"DefaultEndpointsProtocol=https;AccountName=...;AccountKey=...;EndpointSuffix=core.windows.net\", "
                + "\"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=...;BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;\" "
                + "or \"UseDevelopmentStorage=true\".",
                nameof(connectionString));
        }
    }

    /// <summary>A store from a service URI ("https://account.blob.core.windows.net") and a token credential (managed identity, <c>DefaultAzureCredential</c>).</summary>
    public static AzureBlobStore FromServiceUri(Uri serviceUri, TokenCredential credential)
    {
        ArgumentNullException.ThrowIfNull(serviceUri);
        ArgumentNullException.ThrowIfNull(credential);
        return new AzureBlobStore(new BlobServiceClient(serviceUri, credential, CreateOptions(serviceUri)));
    }

    /// <summary>Client options for an endpoint: Azurite gets <see cref="EmulatorServiceVersion"/>, Azure the SDK default.</summary>
    internal static BlobClientOptions CreateOptions(Uri endpoint) =>
        IsEmulator(endpoint) ? new BlobClientOptions(EmulatorServiceVersion) : new BlobClientOptions();

    /// <summary>
    /// Whether an endpoint is Azurite: a loopback or *.localhost host, or the well-known emulator account
    /// "devstoreaccount1" (e.g. "http://azurite:10000/devstoreaccount1" in Docker Compose).
    /// </summary>
    internal static bool IsEmulator(Uri endpoint) =>
        endpoint.IsLoopback
        || endpoint.Host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase)
        || endpoint.Host.StartsWith("devstoreaccount1.", StringComparison.OrdinalIgnoreCase)
        || endpoint.AbsolutePath.StartsWith("/devstoreaccount1", StringComparison.Ordinal);

    /// <inheritdoc />
    public async Task<BlobEntry?> GetAsync(string path, CancellationToken ct = default)
    {
        var blob = Blob(path);
        try
        {
            BlobProperties p = await blob.GetPropertiesAsync(cancellationToken: ct).ConfigureAwait(false);
            return new BlobEntry(path, p.ContentLength, p.LastModified, FormatETag(p.ETag));
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    /// <inheritdoc />
    public async Task<byte[]?> ReadAllBytesAsync(string path, CancellationToken ct = default)
    {
        var blob = Blob(path);
        try
        {
            BlobDownloadResult result = await blob.DownloadContentAsync(ct).ConfigureAwait(false);
            return result.Content.ToArray();
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    /// <inheritdoc />
    public async Task<Stream?> OpenReadAsync(string path, CancellationToken ct = default)
    {
        var blob = Blob(path);
        try
        {
            // One GET streams one version; BlobClient.OpenRead would issue ranged GETs across versions.
            BlobDownloadStreamingResult result = await blob.DownloadStreamingAsync(cancellationToken: ct).ConfigureAwait(false);
            return result.Content;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    /// <inheritdoc />
    public Task WriteAsync(string path, ReadOnlyMemory<byte> content, string contentType, CancellationToken ct = default)
    {
        var blob = Blob(path);
        ArgumentException.ThrowIfNullOrWhiteSpace(contentType);
        var options = new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = contentType } };
        return WithContainerAsync(blob, async () =>
        {
            await blob.UploadAsync(new BinaryData(content), options, ct).ConfigureAwait(false);
            return true;
        }, ct);
    }

    /// <inheritdoc />
    public Task<bool> TryCreateAsync(string path, ReadOnlyMemory<byte> content, string contentType, CancellationToken ct = default)
    {
        var blob = Blob(path);
        ArgumentException.ThrowIfNullOrWhiteSpace(contentType);
        var options = new BlobUploadOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = contentType },
            Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
        };
        return WithContainerAsync(blob, async () =>
        {
            try
            {
                await blob.UploadAsync(new BinaryData(content), options, ct).ConfigureAwait(false);
                return true;
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412 && e.ErrorCode != BlobErrorCode.ContainerNotFound)
            {
                return false; // BlobAlreadyExists (409) or ConditionNotMet (412, a concurrent create won)
            }
        }, ct);
    }

    /// <inheritdoc />
    public async Task<bool> DeleteAsync(string path, CancellationToken ct = default)
    {
        var blob = Blob(path);
        try
        {
            Response<bool> deleted = await blob.DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: ct)
                .ConfigureAwait(false);
            return deleted.Value;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return false;
        }
    }

    /// <inheritdoc />
    public IAsyncEnumerable<BlobEntry> ListAsync(string prefix, CancellationToken ct = default)
    {
        var parsed = BlobPath.ParsePrefix(prefix);
        return ListCoreAsync(parsed, ct);
    }

    private async IAsyncEnumerable<BlobEntry> ListCoreAsync(BlobPrefix prefix, [EnumeratorCancellation] CancellationToken ct)
    {
        // Collect, then sort ordinally: Azure orders by UTF-8 bytes within a container, and a prefix may span containers.
        var entries = new List<BlobEntry>();
        if (prefix.HasContainer)
        {
            await CollectAsync(prefix.Container, prefix.NamePrefix!, entries, ct).ConfigureAwait(false);
        }
        else
        {
            var containers = new List<string>();
            await foreach (var item in _service.GetBlobContainersAsync(prefix: prefix.Container, cancellationToken: ct).ConfigureAwait(false))
            {
                if (BlobPath.IsValidContainerName(item.Name))
                {
                    containers.Add(item.Name);
                }
            }

            foreach (var container in containers)
            {
                await CollectAsync(container, "", entries, ct).ConfigureAwait(false);
            }
        }

        entries.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        foreach (var entry in entries)
        {
            yield return entry;
        }
    }

    private async Task CollectAsync(string container, string namePrefix, List<BlobEntry> into, CancellationToken ct)
    {
        var client = _service.GetBlobContainerClient(container);
        try
        {
            var options = new GetBlobsOptions { Prefix = namePrefix.Length == 0 ? null : namePrefix };
            var items = client.GetBlobsAsync(options, ct);
            await foreach (var item in items.ConfigureAwait(false))
            {
                var path = container + "/" + item.Name;
                if (item.Deleted || !BlobPath.IsValid(path))
                {
                    continue;
                }

                var p = item.Properties;
                into.Add(new BlobEntry(
                    path,
                    p.ContentLength ?? 0,
                    p.LastModified ?? DateTimeOffset.MinValue,
                    p.ETag is { } etag ? FormatETag(etag) : ""));
            }
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // Container does not exist: nothing to list.
        }
    }

    /// <inheritdoc />
    public IAsyncEnumerable<string> ListFoldersAsync(string prefix, CancellationToken ct = default)
    {
        var parsed = BlobPath.ParseFolderPrefix(prefix);
        return ListFoldersCoreAsync(parsed, ct);
    }

    private async IAsyncEnumerable<string> ListFoldersCoreAsync(BlobPrefix prefix, [EnumeratorCancellation] CancellationToken ct)
    {
        var found = new List<string>();
        var client = _service.GetBlobContainerClient(prefix.Container);
        var name = prefix.NamePrefix!;
        try
        {
            // One level of the listing by '/': a page per 5 000 folders, not one entry per blob below them.
            var items = client.GetBlobsByHierarchyAsync(new GetBlobsByHierarchyOptions { Prefix = name.Length == 0 ? null : name, Delimiter = "/" }, ct);
            await foreach (var item in items.ConfigureAwait(false))
            {
                if (item.IsPrefix && item.Prefix.Length > name.Length + 1 && BlobPath.IsValidSegment(item.Prefix[name.Length..^1]))
                {
                    found.Add(prefix.Container + "/" + item.Prefix);
                }
            }
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // Container does not exist: nothing to list.
        }

        found.Sort(StringComparer.Ordinal);
        foreach (var f in found)
        {
            yield return f;
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// A blob lease of <see cref="IBlobStore.LeaseDuration"/> on an empty marker blob at <paramref name="path"/>
    /// (created on first use), renewed every third of that while held and released on dispose. The marker is
    /// only leased, never written while leased, so ordinary writes elsewhere need no lease id. A holder that
    /// dies stops renewing and its lease expires; one paused longer than the duration loses it, which the
    /// caller must tolerate (the pipeline's ordering guard re-checks the county's pointer under the lease,
    /// and a retry converges on the newest upload).
    /// </remarks>
    public async Task<IAsyncDisposable> AcquireLeaseAsync(string path, TimeSpan timeout, CancellationToken ct = default)
    {
        var blob = Blob(path);
        // A wait is a duration: timed on the monotonic clock, so a step of the wall clock cannot cut it short or stretch it.
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        if (await GetAsync(path, ct).ConfigureAwait(false) is null)
        {
            await TryCreateAsync(path, ReadOnlyMemory<byte>.Empty, "application/octet-stream", ct).ConfigureAwait(false);
        }

        var lease = blob.GetBlobLeaseClient();
        for (var wait = 50; ; wait = Math.Min(wait * 2, 500))
        {
            try
            {
                await lease.AcquireAsync(IBlobStore.LeaseDuration, cancellationToken: ct).ConfigureAwait(false);
                return new AzureLease(lease);
            }
            catch (RequestFailedException e) when (e.Status == 409 && System.Diagnostics.Stopwatch.GetElapsedTime(started) < timeout)
            {
                await Task.Delay(wait, ct).ConfigureAwait(false);
            }
            catch (RequestFailedException e) when (e.Status == 409)
            {
                throw new TimeoutException($"The lease '{path}' stayed taken for {timeout.TotalSeconds:0.#} s.", e);
            }
        }
    }

    private sealed class AzureLease : IAsyncDisposable
    {
        private readonly BlobLeaseClient _lease;
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _renewal;

        public AzureLease(BlobLeaseClient lease)
        {
            _lease = lease;
            _renewal = RenewAsync(_stop.Token);
        }

        private async Task RenewAsync(CancellationToken ct)
        {
            try
            {
                while (true)
                {
                    await Task.Delay(IBlobStore.LeaseDuration / 3, ct).ConfigureAwait(false);
                    await _lease.RenewAsync(cancellationToken: ct).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (e is OperationCanceledException or RequestFailedException or System.Net.Http.HttpRequestException or AggregateException or IOException)
            {
                // Stopped, or storage unreachable (the SDK reports exhausted retries as an AggregateException): the lease then expires on its own.
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync().ConfigureAwait(false);
            await _renewal.ConfigureAwait(false);
            _stop.Dispose();
            try
            {
                await _lease.ReleaseAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is RequestFailedException or System.Net.Http.HttpRequestException or AggregateException or IOException)
            {
                // Already expired or storage unreachable: it expires within the lease duration anyway.
            }
        }
    }

    /// <summary>Get Blob Properties returns the ETag quoted, List Blobs unquoted: always quote, so both compare equal.</summary>
    private static string FormatETag(ETag etag) => "\"" + etag.ToString().Trim('"') + "\"";

    private BlobClient Blob(string path)
    {
        var (container, name) = BlobPath.Split(path);
        return _service.GetBlobContainerClient(container).GetBlobClient(name);
    }

    private async Task<T> WithContainerAsync<T>(BlobClient blob, Func<Task<T>> operation, CancellationToken ct)
    {
        var container = blob.BlobContainerName;
        await EnsureContainerAsync(container, ct).ConfigureAwait(false);
        try
        {
            return await operation().ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.ErrorCode == BlobErrorCode.ContainerNotFound)
        {
            // Deleted behind our back since we created it: create again, once.
            _ensuredContainers.TryRemove(container, out _);
            await EnsureContainerAsync(container, ct).ConfigureAwait(false);
            return await operation().ConfigureAwait(false);
        }
    }

    private async Task EnsureContainerAsync(string container, CancellationToken ct)
    {
        if (_ensuredContainers.ContainsKey(container))
        {
            return;
        }

        try
        {
            await _service.GetBlobContainerClient(container).CreateIfNotExistsAsync(cancellationToken: ct).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status == 403)
        {
            // The identity may write blobs but not create containers (they are provisioned by infra/): carry on;
            // if the container is really missing, the write itself reports it.
        }

        _ensuredContainers.TryAdd(container, true);
    }
}
