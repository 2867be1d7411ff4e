using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Metrics.Pipeline.Storage;

namespace Metrics.Pipeline.Tests.Support;

/// <summary>
/// A store that records every call made through it and can fail chosen ones, for counting what a
/// poll costs and for simulating an outage or a worker dying between two writes.
/// </summary>
public sealed class ProbeStore(IBlobStore inner) : IBlobStore
{
    private readonly ConcurrentQueue<(string Operation, string Path)> calls = new();

    /// <summary>Called before each operation with its name and path; an exception returned is thrown instead of calling the inner store.</summary>
    public Func<string, string, Exception?>? Fault { get; set; }

    public IReadOnlyList<(string Operation, string Path)> Calls => [.. calls];

    /// <summary>When set, each write and create waits this long before reaching the inner store, so writes the caller started together are seen in flight together.</summary>
    public TimeSpan WriteDelay { get; set; }

    /// <summary>Each write or create as it started, with how many writes were in flight then, itself included.</summary>
    public IReadOnlyList<(string Path, int InFlight)> WriteStarts => [.. writeStarts];

    /// <summary>The paths of writes and creates in the order they finished (failed ones too).</summary>
    public IReadOnlyList<string> WriteEnds => [.. writeEnds];

    private readonly ConcurrentQueue<(string Path, int InFlight)> writeStarts = new();
    private readonly ConcurrentQueue<string> writeEnds = new();
    private int inFlight;

    public void Clear()
    {
        calls.Clear();
        writeStarts.Clear();
        writeEnds.Clear();
    }

    public string Describe => inner.Describe;

    public Task<BlobEntry?> GetAsync(string path, CancellationToken ct = default)
    {
        Hit("get", path);
        return inner.GetAsync(path, ct);
    }

    public Task<byte[]?> ReadAllBytesAsync(string path, CancellationToken ct = default)
    {
        Hit("read", path);
        return inner.ReadAllBytesAsync(path, ct);
    }

    public Task<Stream?> OpenReadAsync(string path, CancellationToken ct = default)
    {
        Hit("open", path);
        return inner.OpenReadAsync(path, ct);
    }

    public Task WriteAsync(string path, ReadOnlyMemory<byte> content, string contentType, CancellationToken ct = default)
    {
        Hit("write", path);
        return Timed(path, async () =>
        {
            await inner.WriteAsync(path, content, contentType, ct);
            return true;
        });
    }

    public Task<bool> TryCreateAsync(string path, ReadOnlyMemory<byte> content, string contentType, CancellationToken ct = default)
    {
        Hit("create", path);
        return Timed(path, () => inner.TryCreateAsync(path, content, contentType, ct));
    }

    private async Task<T> Timed<T>(string path, Func<Task<T>> write)
    {
        writeStarts.Enqueue((path, Interlocked.Increment(ref inFlight)));
        try
        {
            if (WriteDelay > TimeSpan.Zero)
            {
                await Task.Delay(WriteDelay);
            }

            return await write();
        }
        finally
        {
            Interlocked.Decrement(ref inFlight);
            writeEnds.Enqueue(path);
        }
    }

    public Task<bool> DeleteAsync(string path, CancellationToken ct = default)
    {
        Hit("delete", path);
        return inner.DeleteAsync(path, ct);
    }

    public IAsyncEnumerable<BlobEntry> ListAsync(string prefix, CancellationToken ct = default)
    {
        Hit("list", prefix);
        return Wrap(inner.ListAsync(prefix, ct), ct);
    }

    public IAsyncEnumerable<string> ListFoldersAsync(string prefix, CancellationToken ct = default)
    {
        Hit("folders", prefix);
        return Wrap(inner.ListFoldersAsync(prefix, ct), ct);
    }

    public Task<IAsyncDisposable> AcquireLeaseAsync(string path, TimeSpan timeout, CancellationToken ct = default)
    {
        Hit("lease", path);
        return inner.AcquireLeaseAsync(path, timeout, ct);
    }

    private static async IAsyncEnumerable<T> Wrap<T>(IAsyncEnumerable<T> items, [EnumeratorCancellation] CancellationToken ct)
    {
        await foreach (var item in items.WithCancellation(ct))
        {
            yield return item;
        }
    }

    private void Hit(string operation, string path)
    {
        calls.Enqueue((operation, path));
        if (Fault?.Invoke(operation, path) is { } e)
        {
            throw e;
        }
    }
}
