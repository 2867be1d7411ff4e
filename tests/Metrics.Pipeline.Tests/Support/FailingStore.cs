using Metrics.Pipeline.Storage;

namespace Metrics.Pipeline.Tests.Support;

/// <summary>A store whose writes under one prefix fail, as during a storage outage.</summary>
public sealed class FailingStore(IBlobStore inner, string failWritesUnder) : IBlobStore
{
    public string Describe => inner.Describe;

    public Task<BlobEntry?> GetAsync(string path, CancellationToken ct = default) => inner.GetAsync(path, ct);

    public Task<byte[]?> ReadAllBytesAsync(string path, CancellationToken ct = default) => inner.ReadAllBytesAsync(path, ct);

    public Task<Stream?> OpenReadAsync(string path, CancellationToken ct = default) => inner.OpenReadAsync(path, ct);

    public Task WriteAsync(string path, ReadOnlyMemory<byte> content, string contentType, CancellationToken ct = default) =>
        path.StartsWith(failWritesUnder, StringComparison.Ordinal) ? throw new IOException("simulated outage") : inner.WriteAsync(path, content, contentType, ct);

    public Task<bool> TryCreateAsync(string path, ReadOnlyMemory<byte> content, string contentType, CancellationToken ct = default) =>
        path.StartsWith(failWritesUnder, StringComparison.Ordinal) ? throw new IOException("simulated outage") : inner.TryCreateAsync(path, content, contentType, ct);

    public Task<bool> DeleteAsync(string path, CancellationToken ct = default) => inner.DeleteAsync(path, ct);

    public IAsyncEnumerable<BlobEntry> ListAsync(string prefix, CancellationToken ct = default) => inner.ListAsync(prefix, ct);

    public IAsyncEnumerable<string> ListFoldersAsync(string prefix, CancellationToken ct = default) => inner.ListFoldersAsync(prefix, ct);

    public Task<IAsyncDisposable> AcquireLeaseAsync(string path, TimeSpan timeout, CancellationToken ct = default) => inner.AcquireLeaseAsync(path, timeout, ct);
}
