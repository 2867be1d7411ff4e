using System.Collections.Concurrent;

namespace Metrics.Pipeline.Storage;

/// <summary>
/// Flushes files to the disk on threads of its own, so that waiting for the disk never holds a
/// thread-pool thread.
/// </summary>
/// <remarks>
/// fsync(2) blocks its caller until the device has the data: milliseconds per file on a virtual disk.
/// Called on a thread-pool thread, as an async write's continuation is, it took that thread from the
/// CPU work queued behind it (other uploads' scoring, <c>serve</c>'s requests), and the pool only
/// adds threads slowly: <c>metrics ingest</c> kept two cores only 1.15–1.3 busy. These threads do
/// nothing but wait for the disk, so the pool's threads keep computing, and flushes of several files
/// overlap at the device. They are background threads and start with the first flush.
/// </remarks>
internal static class DiskFlusher
{
    /// <summary>Flushes in flight at once; beyond it requests queue. Ingest has four uploads per core in flight, each writing a few files at once.</summary>
    internal static readonly int Threads = Math.Max(4, 4 * Environment.ProcessorCount);

    private static readonly BlockingCollection<(FileStream File, TaskCompletionSource Done)> Requests = [];
    private static int _started;

    /// <summary>Completes when <paramref name="file"/>'s written bytes are on the disk (<see cref="FileStream.Flush(bool)"/> with true).</summary>
    /// <remarks>The caller must not touch <paramref name="file"/> until the task completes. Not cancellable: a flush, once asked for, runs to its end.</remarks>
    public static Task FlushAsync(FileStream file)
    {
        if (Interlocked.Exchange(ref _started, 1) == 0)
        {
            for (var i = 0; i < Threads; i++)
            {
                new Thread(Run) { IsBackground = true, Name = "Metrics disk flush" }.Start();
            }
        }

        // Continuations go back to the pool, never run on a flusher thread.
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Requests.Add((file, done));
        return done.Task;
    }

    private static void Run()
    {
        foreach (var (file, done) in Requests.GetConsumingEnumerable())
        {
            try
            {
                file.Flush(flushToDisk: true);
                done.SetResult();
            }
            catch (Exception e)
            {
                done.SetException(e);
            }
        }
    }
}
