using Metrics.Pipeline;
using Metrics.Pipeline.Storage;
using Metrics.TestSupport;

namespace Metrics.Cli.Tests;

/// <summary>
/// Kill <c>metrics serve</c> in the middle of a batch, start it again, and every submission ends
/// processed exactly once: one receipt per upload, one history entry and an accepted status per county.
/// </summary>
public sealed class RestartTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("metrics-restart-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Fact]
    public async Task Serve_KilledMidBatch_ResumesAndProcessesEachSubmissionOnce()
    {
        var store = new FolderBlobStore(root);
        // Thirty uploads: with ten, a full parallel test run once starved this process long enough for
        // serve to finish the whole batch before the kill, and the test proved nothing.
        var counties = Enumerable.Range(0, 30).Select(i => (410100 + i).ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        for (var i = 0; i < counties.Length; i++)
        {
            await store.WriteAsync($"submissions/2024/{counties[i]}/upload.xlsx", Workbooks.Good(counties[i], 2024, seed: 9, index: i), "application/octet-stream");
        }

        var env = new Dictionary<string, string> { ["Metrics__Ingest__Parallelism"] = "1", ["Metrics__Ingest__PollSeconds"] = "0.2" };
        using (var first = await ServeProcess.StartAsync(root, env))
        {
            // Wait for the batch to be under way, then pull the plug.
            await WaitAsync(async () => await CountAsync(store, "receipts/") >= 1, TimeSpan.FromSeconds(60), first.Output);
            first.Kill();
        }

        var doneBeforeRestart = await CountAsync(store, "receipts/");
        Assert.True(doneBeforeRestart < counties.Length, $"The batch finished before the kill ({doneBeforeRestart} receipts); the test needs more work per batch.");

        using (var second = await ServeProcess.StartAsync(root, env))
        {
            await WaitAsync(async () => await CountAsync(store, "receipts/") >= counties.Length, TimeSpan.FromSeconds(120), second.Output);
            second.Kill();
        }

        Assert.Equal(counties.Length, await CountAsync(store, "receipts/"));
        foreach (var county in counties)
        {
            var history = new HashSet<string>();
            await foreach (var e in store.ListAsync(StorageLayout.HistoryPrefix(2024, county)))
            {
                history.Add(e.Path.Split('/')[4]);
            }

            Assert.Single(history);
            var status = await new Metrics.Pipeline.Ingest.StatusStore(store).ReadAsync(2024, county, default);
            Assert.Equal(Metrics.Pipeline.Ingest.SubmissionState.Accepted, status!.State);
        }
    }

    [Fact]
    public async Task Serve_SigtermMidBatch_StopsPromptly_AndTheRestIsDoneOnTheNextStart()
    {
        var store = new FolderBlobStore(root);
        var counties = Enumerable.Range(0, 30).Select(i => (420100 + i).ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        for (var i = 0; i < counties.Length; i++)
        {
            await store.WriteAsync($"submissions/2024/{counties[i]}/upload.xlsx", Workbooks.Good(counties[i], 2024, seed: 11, index: i), "application/octet-stream");
        }

        var env = new Dictionary<string, string> { ["Metrics__Ingest__Parallelism"] = "1", ["Metrics__Ingest__PollSeconds"] = "0.2" };
        using (var first = await ServeProcess.StartAsync(root, env))
        {
            await WaitAsync(async () => await CountAsync(store, "receipts/") >= 1, TimeSpan.FromSeconds(60), first.Output);

            // The issue measured 25–55 s; a stop must not wait for the batch. 15 s is a generous
            // bound for one workbook in flight on a loaded 2-core machine (≈ 2 s measured here).
            var took = first.Terminate(TimeSpan.FromSeconds(15));
            Assert.True(took is not null, "metrics serve was still running 15 s after SIGTERM:\n" + first.Output);
        }

        Assert.True(await CountAsync(store, "receipts/") < counties.Length, "The batch finished before SIGTERM; the test needs more work per batch.");
        using (var second = await ServeProcess.StartAsync(root, env))
        {
            await WaitAsync(async () => await CountAsync(store, "receipts/") >= counties.Length, TimeSpan.FromSeconds(120), second.Output);
            second.Kill();
        }

        foreach (var county in counties)
        {
            var status = await new Metrics.Pipeline.Ingest.StatusStore(store).ReadAsync(2024, county, default);
            Assert.Equal(Metrics.Pipeline.Ingest.SubmissionState.Accepted, status!.State);
        }
    }

    private static async Task<int> CountAsync(IBlobStore store, string prefix)
    {
        var n = 0;
        await foreach (var e in store.ListAsync(prefix))
        {
            if (!e.Path.EndsWith(".attempts.json", StringComparison.Ordinal))
            {
                n++;
            }
        }

        return n;
    }

    private static async Task WaitAsync(Func<Task<bool>> condition, TimeSpan timeout, string log)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("Condition not met in time. Server output:\n" + log);
    }
}
