using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Metrics.Core.Profiles;
using Metrics.Pipeline.Hosting;
using Metrics.Pipeline.Ingest;
using Metrics.Pipeline.Storage;
using Metrics.Pipeline.Tests.Support;
using Metrics.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace Metrics.Pipeline.Tests.Ingest;

/// <summary>
/// Faults on a real Azurite (each test starts its own, so it can stop it and so no other test's
/// submissions are in its way): an outage mid-batch, a worker dying between any two writes, a
/// submission that fails every attempt.
/// </summary>
public sealed class AzuriteFaultTests(ITestOutputHelper output)
{
    private static IngestService Ingest(IBlobStore store) => new(store, new SubmissionProcessor(ProfileCatalog.Default), NullLogger<IngestService>.Instance);

    private static SubmissionWatcher Watcher(IBlobStore store, TimeProvider clock, int maxAttempts, double pollSeconds = 0.2)
    {
        var ingest = Ingest(store);
        var options = Options.Create(new PipelineOptions { Ingest = new IngestOptions { MaxAttempts = maxAttempts, Parallelism = 2, PollSeconds = pollSeconds } });
        return new(store, ingest, new IngestAttempts(store, ingest, options, clock, NullLogger<IngestAttempts>.Instance), options, clock, NullLogger<SubmissionWatcher>.Instance);
    }

    [Fact]
    public async Task Watcher_AzuriteStoppedMidBatchAndRestarted_EverySubmissionProcessedExactlyOnce()
    {
        var azurite = await AzuriteFixture.StartAsync(skipApiVersionCheck: true);
        try
        {
            var store = AzureBlobStore.FromConnectionString(azurite.ConnectionString);
            const int year = 2031;
            var counties = Enumerable.Range(0, 10).Select(i => (140101 + i).ToString(CultureInfo.InvariantCulture)).ToArray();
            foreach (var c in counties)
            {
                await store.WriteAsync($"submissions/{year}/{c}/upload.xlsx", Workbooks.Good(c, year, index: 0), ContentTypes.Xlsx);
            }

            var watcher = Watcher(store, TimeProvider.System, maxAttempts: 5);
            var processed = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
            watcher.Processed += o => processed.AddOrUpdate(o.Path, 1, (_, n) => n + 1);
            using var stop = new CancellationTokenSource();
            var run = watcher.RunAsync(stop.Token);

            await WaitAsync(() => processed.Count >= 3, TimeSpan.FromSeconds(90), "three submissions processed before the outage");
            var clock = Stopwatch.StartNew();
            await azurite.StopAsync();
            var doneBefore = processed.Count;
            await Task.Delay(TimeSpan.FromSeconds(3));
            await azurite.RestartAsync();
            await WaitAsync(() => processed.Count == counties.Length, TimeSpan.FromSeconds(150), "every submission processed after the restart");
            output.WriteLine($"{doneBefore} of {counties.Length} done when Azurite stopped; all done {clock.Elapsed.TotalSeconds:0.0} s after the stop (3 s outage)");
            await stop.CancelAsync();
            await run;

            foreach (var c in counties)
            {
                var path = $"submissions/{year}/{c}/upload.xlsx";
                Assert.Equal(1, processed[path]);
                Assert.Equal(SubmissionState.Accepted, (await new StatusStore(store).ReadAsync(year, c, default))!.State);
                var entry = (await store.GetAsync(path))!;
                Assert.NotNull(await store.GetAsync(StorageLayout.Receipt(path, entry.ETag)));
                var folders = new HashSet<string>(StringComparer.Ordinal);
                await foreach (var h in store.ListAsync(StorageLayout.HistoryPrefix(year, c)))
                {
                    folders.Add(h.Path.Split('/')[4]);
                }

                Assert.Single(folders);
            }

            await foreach (var p in store.ListAsync("poison/"))
            {
                Assert.Fail($"nothing may be poisoned by an outage: {p.Path}");
            }
        }
        finally
        {
            await azurite.DisposeAsync();
        }
    }

    [Fact]
    public async Task Ingest_WorkerDiesAtEveryWrite_ReadersSeeOldOrNewFilesAndTheRetryFinishes()
    {
        var azurite = await AzuriteFixture.StartAsync(skipApiVersionCheck: true);
        try
        {
            await KilledAtEveryWriteAsync(AzureBlobStore.FromConnectionString(azurite.ConnectionString), output);
        }
        finally
        {
            await azurite.DisposeAsync();
        }
    }

    /// <summary>
    /// County k has version 1 current; version 2 is ingested by a worker that dies at its k-th write
    /// (every k until one run finishes). Right after the death each current file must be whole and be
    /// version 1's or version 2's, byte for byte; a retry must then make every file version 2's.
    /// </summary>
    private static async Task KilledAtEveryWriteAsync(IBlobStore store, ITestOutputHelper output)
    {
        const int year = 2033;
        string[] files = ["scorecard.json", "scorecard.xlsx", "scorecard.html", "validation.json"];
        var k = 1;
        for (; k < 60; k++)
        {
            var county = (150100 + k).ToString(CultureInfo.InvariantCulture);
            var v1 = $"submissions/{year}/{county}/1.xlsx";
            var v2 = $"submissions/{year}/{county}/2.xlsx";
            await store.WriteAsync(v1, Workbooks.Good(county, year, seed: 3), ContentTypes.Xlsx);
            Assert.Equal(IngestResult.Accepted, (await Ingest(store).IngestAsync(v1, default)).Result);
            var before = await SnapshotAsync(store, year, county, files);
            await store.WriteAsync(v2, Workbooks.Good(county, year, seed: 4), ContentTypes.Xlsx);

            var writes = 0;
            var dying = new ProbeStore(store)
            {
                Fault = (op, _) => op is "write" or "create" or "delete" && Interlocked.Increment(ref writes) >= k ? new IOException("worker killed") : null,
            };
            var finished = false;
            try
            {
                await Ingest(dying).IngestAsync(v2, default);
                finished = true;
            }
            catch (IOException)
            {
            }

            var mid = await SnapshotAsync(store, year, county, files);
            var retry = await Ingest(store).IngestAsync(v2, default);
            Assert.Equal(finished ? IngestResult.Unchanged : IngestResult.Accepted, retry.Result);
            var after = await SnapshotAsync(store, year, county, files);
            // The new version's own files: the retry's, or (the xlsx is not byte-stable between runs)
            // the dead run's copy in history, which the retry completes and never replaces.
            var history = StorageLayout.History(year, county, (await store.GetAsync(v2))!.LastModified, retry.Sha256!);
            foreach (var (name, bytes) in mid)
            {
                var kept = name.StartsWith("scorecard", StringComparison.Ordinal) ? await store.ReadAllBytesAsync(history + name) : null;
                Assert.True(Same(bytes, before[name]) || Same(bytes, after[name]) || Same(bytes, kept), $"after a death at write {k}, {name} is neither the old nor the new file");
            }

            foreach (var name in new[] { "submission.xlsx", "scorecard.json", "scorecard.xlsx", "scorecard.html" })
            {
                Assert.NotNull(await store.GetAsync(history + name)); // the history entry is complete
            }

            var status = (await new StatusStore(store).ReadAsync(year, county, default))!;
            Assert.Equal((SubmissionState.Accepted, retry.Sha256), (status.State, status.Sha256));
            using var card = JsonDocument.Parse(after["scorecard.json"]!);
            Assert.Equal(retry.Sha256, card.RootElement.GetProperty("submission").GetProperty("sha256").GetString());
            if (finished)
            {
                break;
            }
        }

        output.WriteLine($"a death at each of the {k - 1} writes of one ingestion left only whole old or new files; each retry finished");
        Assert.InRange(k, 8, 59);
    }

    [Fact]
    public async Task Watcher_PoisonSubmission_IsRecordedWithItsReasonAndBlocksNoOtherCounty()
    {
        var azurite = await AzuriteFixture.StartAsync(skipApiVersionCheck: true);
        try
        {
            const int year = 2035;
            var store = new ProbeStore(AzureBlobStore.FromConnectionString(azurite.ConnectionString))
            {
                // Every write of county 160101's outputs fails, whatever is tried.
                Fault = (op, path) => op is "write" or "create" && path.StartsWith($"reports/{year}/160101/", StringComparison.Ordinal) ? new IOException("disk quota exceeded") : null,
            };
            await store.WriteAsync($"submissions/{year}/160101/a.xlsx", Workbooks.Good("160101", year), ContentTypes.Xlsx);
            await store.WriteAsync($"submissions/{year}/160102/a.xlsx", Workbooks.Good("160102", year, index: 1), ContentTypes.Xlsx);
            var clock = new FakeTimeProvider(new DateTimeOffset(2035, 6, 1, 0, 0, 0, TimeSpan.Zero));
            var watcher = Watcher(store, clock, maxAttempts: 3);

            Assert.Equal(2, await watcher.ScanOnceAsync(default));
            Assert.Equal(SubmissionState.Accepted, (await new StatusStore(store).ReadAsync(year, "160102", default))!.State);
            for (var i = 0; i < 2; i++)
            {
                clock.Advance(TimeSpan.FromMinutes(5));
                Assert.Equal(1, await watcher.ScanOnceAsync(default));
            }

            var poison = JsonDocument.Parse((await store.ReadAllBytesAsync(StorageLayout.PoisonFile($"submissions/{year}/160101/a.xlsx")))!).RootElement;
            Assert.Equal(("poisoned", "IOException", "disk quota exceeded"), (poison.GetProperty("state").GetString(), poison.GetProperty("result").GetString(), poison.GetProperty("message").GetString()));
            var failed = (await new StatusStore(store).ReadAsync(year, "160101", default))!;
            Assert.Equal((SubmissionState.Failed, "processing_failed"), (failed.State, Assert.Single(failed.Issues).Code));
            clock.Advance(TimeSpan.FromHours(1));
            Assert.Equal(0, await watcher.ScanOnceAsync(default));

            // A later upload of another county goes through at once.
            await store.WriteAsync($"submissions/{year}/160103/a.xlsx", Workbooks.Good("160103", year, index: 2), ContentTypes.Xlsx);
            Assert.Equal(1, await watcher.ScanOnceAsync(default));
            Assert.Equal(SubmissionState.Accepted, (await new StatusStore(store).ReadAsync(year, "160103", default))!.State);
        }
        finally
        {
            await azurite.DisposeAsync();
        }
    }

    private static bool Same(byte[]? a, byte[]? b) => a is null ? b is null : b is not null && a.AsSpan().SequenceEqual(b);

    private static async Task<Dictionary<string, byte[]?>> SnapshotAsync(IBlobStore store, int year, string county, string[] files)
    {
        var result = new Dictionary<string, byte[]?>(StringComparer.Ordinal);
        foreach (var f in files)
        {
            result[f] = await store.ReadAllBytesAsync(StorageLayout.Report(year, county, f));
        }

        result["data"] = await store.ReadAllBytesAsync(StorageLayout.CountyData(year, county));
        return result;
    }

    private static async Task WaitAsync(Func<bool> condition, TimeSpan timeout, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < timeout, $"timed out waiting for: {what}");
            await Task.Delay(100);
        }
    }
}
