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

namespace Metrics.Pipeline.Tests.Ingest;

/// <summary>Blob-trigger semantics of <c>metrics serve</c>: once per version, retries with backoff, poison.</summary>
public sealed class SubmissionWatcherTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("metrics-watch-").FullName;
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2025, 3, 1, 0, 0, 0, TimeSpan.Zero));

    public void Dispose() => Directory.Delete(root, recursive: true);

    private SubmissionWatcher Watcher(IBlobStore store, int maxAttempts = 3)
    {
        var ingest = new IngestService(store, new SubmissionProcessor(ProfileCatalog.Default), NullLogger<IngestService>.Instance);
        var options = Options.Create(new PipelineOptions { Ingest = new IngestOptions { MaxAttempts = maxAttempts, Parallelism = 1 } });
        return new(store, ingest, new IngestAttempts(store, ingest, options, clock, NullLogger<IngestAttempts>.Instance), options, clock, NullLogger<SubmissionWatcher>.Instance);
    }

    [Fact]
    public async Task ScanOnce_ProcessesEachVersionOnce_AndANewVersionAgain()
    {
        var store = new FolderBlobStore(root);
        var watcher = Watcher(store);
        await store.WriteAsync("submissions/2024/130102/a.xlsx", Workbooks.Good("130102", 2024), ContentTypes.Xlsx);

        Assert.Equal(1, await watcher.ScanOnceAsync(default));
        Assert.Equal(0, await watcher.ScanOnceAsync(default));

        // The county uploads a new version under the same name: a new ETag, processed again.
        await Task.Delay(20);
        await store.WriteAsync("submissions/2024/130102/a.xlsx", Workbooks.Broken("130102", 2024), ContentTypes.Xlsx);
        Assert.Equal(1, await watcher.ScanOnceAsync(default));
        Assert.Equal(SubmissionState.Rejected, (await new StatusStore(store).ReadAsync(2024, "130102", default))!.State);
    }

    [Fact]
    public async Task ScanOnce_StorageKeepsFailing_RetriesWithBackoffThenRecordsPoison()
    {
        var store = new FailingStore(new FolderBlobStore(root), failWritesUnder: "reports/");
        var watcher = Watcher(store, maxAttempts: 3);
        await store.WriteAsync("submissions/2024/130102/a.xlsx", Workbooks.Good("130102", 2024), ContentTypes.Xlsx);

        Assert.Equal(1, await watcher.ScanOnceAsync(default));      // attempt 1 fails; retry after 2 s
        Assert.Equal(0, await watcher.ScanOnceAsync(default));      // backing off: nothing attempted
        clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(1, await watcher.ScanOnceAsync(default));      // attempt 2 fails; retry after 4 s
        clock.Advance(TimeSpan.FromSeconds(4));
        Assert.Equal(1, await watcher.ScanOnceAsync(default));      // attempt 3 fails: poison

        var poison = new List<string>();
        await foreach (var e in store.ListAsync("poison/"))
        {
            poison.Add(e.Path);
        }

        var record = JsonDocument.Parse((await store.ReadAllBytesAsync(Assert.Single(poison)))!).RootElement;
        Assert.Equal("submissions/2024/130102/a.xlsx", record.GetProperty("blob").GetString());
        Assert.Equal("poisoned", record.GetProperty("state").GetString());
        Assert.Contains("simulated outage", record.GetProperty("message").GetString());
        clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(0, await watcher.ScanOnceAsync(default));      // a poisoned version is not retried
        Assert.NotNull(await store.GetAsync("submissions/2024/130102/a.xlsx")); // and never deleted
    }

    [Fact]
    public async Task ScanOnce_ManyOldSubmissions_APollCostsWhatIsNew()
    {
        // 200 versions already done (each with its receipt), as after months of uploads.
        var folder = new FolderBlobStore(root, flushToDisk: false);
        for (var i = 0; i < 200; i++)
        {
            var path = $"submissions/2024/{130200 + i}/old.xlsx";
            await folder.WriteAsync(path, new byte[] { 1, 2, 3 }, ContentTypes.Xlsx);
            var entry = (await folder.GetAsync(path))!;
            await folder.TryCreateAsync(StorageLayout.Receipt(entry.Path, entry.ETag), "{}"u8.ToArray(), ContentTypes.Json);
        }

        var store = new ProbeStore(folder);
        var watcher = Watcher(store);
        Assert.Equal(0, await watcher.ScanOnceAsync(default)); // learns the receipts: one listing of them
        store.Clear();

        Assert.Equal(0, await watcher.ScanOnceAsync(default));
        // Nothing new: one listing and nothing else (it used to read one receipt per submission: 200 reads).
        Assert.Equal([("list", "submissions/")], store.Calls);

        await folder.WriteAsync("submissions/2024/130102/new.xlsx", Workbooks.Good("130102", 2024), ContentTypes.Xlsx);
        store.Clear();
        Assert.Equal(1, await watcher.ScanOnceAsync(default));
        var receiptsRead = store.Calls.Count(c => c.Operation is "get" or "read" && c.Path.StartsWith("receipts/", StringComparison.Ordinal));
        // The new version's receipt (is it done elsewhere?) and its attempts file: 2, whatever the history.
        Assert.Equal(2, receiptsRead);
        Assert.True(store.Calls.Count < 40, $"{store.Calls.Count} calls for one new submission");
    }

    [Fact]
    public async Task ScanOnce_FinalAttemptFails_StatusIsFailedWithAReasonAndOtherCountiesGoOn()
    {
        // County 130102's outputs cannot be written (say a storage fault under its folder); 130103 is fine.
        var store = new FailingStore(new FolderBlobStore(root), failWritesUnder: "reports/2024/130102/");
        var watcher = Watcher(store, maxAttempts: 2);
        await store.WriteAsync("submissions/2024/130102/a.xlsx", Workbooks.Good("130102", 2024), ContentTypes.Xlsx);
        await store.WriteAsync("submissions/2024/130103/a.xlsx", Workbooks.Good("130103", 2024), ContentTypes.Xlsx);

        Assert.Equal(2, await watcher.ScanOnceAsync(default));      // 130102 attempt 1 fails, 130103 accepted
        Assert.Equal(SubmissionState.Processing, (await new StatusStore(store).ReadAsync(2024, "130102", default))!.State);
        clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(1, await watcher.ScanOnceAsync(default));      // attempt 2 of 2 fails: poison

        var failed = (await new StatusStore(store).ReadAsync(2024, "130102", default))!;
        Assert.Equal(SubmissionState.Failed, failed.State);
        Assert.Equal("submissions/2024/130102/a.xlsx", failed.Blob);
        var reason = Assert.Single(failed.Issues);
        Assert.Equal("processing_failed", reason.Code);
        Assert.Contains("重新上传", reason.MessageZh, StringComparison.Ordinal);
        Assert.Contains("Upload the same file again", reason.MessageEn, StringComparison.Ordinal);
        Assert.Contains("\"state\": \"failed\"", System.Text.Encoding.UTF8.GetString(StatusStore.Serialize(failed)), StringComparison.Ordinal);
        Assert.Equal(SubmissionState.Failed, StatusStore.Parse(StatusStore.Serialize(failed)).State);
        Assert.NotNull(await store.GetAsync(StorageLayout.PoisonFile("submissions/2024/130102/a.xlsx")));
        Assert.Equal(SubmissionState.Accepted, (await new StatusStore(store).ReadAsync(2024, "130103", default))!.State);
    }

    [Fact]
    public async Task RecordFailure_OfAnOlderUpload_LeavesTheNewerCurrentStatus()
    {
        var store = new FolderBlobStore(root);
        var ingest = new IngestService(store, new SubmissionProcessor(ProfileCatalog.Default), NullLogger<IngestService>.Instance);
        await store.WriteAsync("submissions/2024/130102/1.xlsx", Workbooks.Broken("130102", 2024), ContentTypes.Xlsx);
        await Task.Delay(15);
        await store.WriteAsync("submissions/2024/130102/2.xlsx", Workbooks.Good("130102", 2024), ContentTypes.Xlsx);
        await ingest.IngestAsync("submissions/2024/130102/2.xlsx", default);

        await ingest.RecordFailureAsync("submissions/2024/130102/1.xlsx", 5, default);

        Assert.Equal(SubmissionState.Accepted, (await new StatusStore(store).ReadAsync(2024, "130102", default))!.State);
    }
}
