using System.Collections.Concurrent;
using Metrics.Pipeline.Storage;

namespace Metrics.Pipeline.Tests.Storage;

/// <summary>Flushes run on the flusher's own threads, never a thread-pool thread, and report their end or their error to the caller.</summary>
public sealed class DiskFlusherTests : IDisposable
{
    private readonly DirectoryInfo root = Directory.CreateTempSubdirectory("metrics-flush-");

    public void Dispose() => root.Delete(recursive: true);

    [Fact]
    public async Task FlushAsync_RunsTheFlushToDiskOffThePoolAndCompletesAfterIt()
    {
        await using var file = new WatchedFile(Path.Combine(root.FullName, "a.bin"));
        file.Write([1, 2, 3]);

        await DiskFlusher.FlushAsync(file);

        var flush = Assert.Single(file.Flushes);
        Assert.True(flush.ToDisk);
        Assert.False(flush.OnPoolThread);
        Assert.Equal("Metrics disk flush", flush.Thread);
        Assert.Equal(3, new FileInfo(file.Name).Length);
    }

    [Fact]
    public async Task FlushAsync_TheFlushThrows_TheCallerGetsTheError()
    {
        await using var file = new WatchedFile(Path.Combine(root.FullName, "b.bin")) { Failure = new IOException("device gone") };

        var error = await Assert.ThrowsAsync<IOException>(() => DiskFlusher.FlushAsync(file));

        Assert.Equal("device gone", error.Message);
    }

    [Fact]
    public async Task FlushAsync_ThreeTimesMoreFilesThanThreads_AllComplete()
    {
        var files = Enumerable.Range(0, 3 * DiskFlusher.Threads).Select(i => new WatchedFile(Path.Combine(root.FullName, $"{i}.bin"))).ToList();
        try
        {
            await Task.WhenAll(files.Select(f =>
            {
                f.WriteByte(7);
                return DiskFlusher.FlushAsync(f);
            })).WaitAsync(TimeSpan.FromMinutes(1));

            Assert.All(files, f => Assert.Single(f.Flushes));
        }
        finally
        {
            foreach (var f in files)
            {
                await f.DisposeAsync();
            }
        }
    }

    /// <summary>A file that records on which thread each flush ran, and can fail it.</summary>
    private sealed class WatchedFile(string path) : FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0)
    {
        public ConcurrentQueue<(bool ToDisk, bool OnPoolThread, string? Thread)> Flushes { get; } = new();

        public Exception? Failure { get; init; }

        public override void Flush(bool flushToDisk)
        {
            Flushes.Enqueue((flushToDisk, Thread.CurrentThread.IsThreadPoolThread, Thread.CurrentThread.Name));
            if (Failure is not null)
            {
                throw Failure;
            }

            base.Flush(flushToDisk);
        }
    }
}
