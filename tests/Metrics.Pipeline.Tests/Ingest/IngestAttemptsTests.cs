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

/// <summary>
/// The trigger path of a host that retries by itself (the Functions blob trigger): every failure is
/// counted in storage, and the last allowed attempt leaves the county a <c>failed</c> status and a
/// <c>poison/</c> record instead of "processing" for ever.
/// </summary>
public sealed class IngestAttemptsTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("metrics-attempts-").FullName;
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2025, 3, 1, 0, 0, 0, TimeSpan.Zero));

    public void Dispose() => Directory.Delete(root, recursive: true);

    private IngestAttempts Attempts(IBlobStore store, int maxAttempts)
    {
        var ingest = new IngestService(store, new SubmissionProcessor(ProfileCatalog.Default), NullLogger<IngestService>.Instance);
        var options = Options.Create(new PipelineOptions { Ingest = new IngestOptions { MaxAttempts = maxAttempts } });
        return new IngestAttempts(store, ingest, options, clock, NullLogger<IngestAttempts>.Instance);
    }

    [Fact]
    public async Task Ingest_EveryAttemptFails_RethrowsEachTime_AndTheLastLeavesFailedStatusAndPoison()
    {
        const string blob = "submissions/2024/130102/a.xlsx";
        var store = new FailingStore(new FolderBlobStore(root), failWritesUnder: "reports/2024/130102/");
        var attempts = Attempts(store, maxAttempts: 3);
        await store.WriteAsync(blob, Workbooks.Good("130102", 2024), ContentTypes.Xlsx);

        // Attempts 1 and 2 fail and are counted; the host will retry, so the county still sees "processing".
        for (var i = 1; i <= 2; i++)
        {
            await Assert.ThrowsAnyAsync<Exception>(() => attempts.IngestAsync(blob, default));
            var entry = (await store.GetAsync(blob))!;
            Assert.Equal(i, (await attempts.ReadAsync(entry, default)).Attempts);
            Assert.NotEqual(SubmissionState.Failed, (await new StatusStore(store).ReadAsync(2024, "130102", default))?.State);
            Assert.Null(await store.GetAsync(StorageLayout.PoisonFile(blob)));
        }

        // Attempt 3 of 3: still rethrown (the host's own poison queue applies too), and recorded as given up.
        await Assert.ThrowsAnyAsync<Exception>(() => attempts.IngestAsync(blob, default));
        var status = (await new StatusStore(store).ReadAsync(2024, "130102", default))!;
        Assert.Equal(SubmissionState.Failed, status.State);
        Assert.Equal("processing_failed", Assert.Single(status.Issues).Code);
        Assert.NotNull(await store.GetAsync(StorageLayout.PoisonFile(blob)));
    }

    [Fact]
    public async Task Ingest_Succeeds_CountsNothing()
    {
        const string blob = "submissions/2024/130102/a.xlsx";
        var store = new FolderBlobStore(root);
        var attempts = Attempts(store, maxAttempts: 3);
        await store.WriteAsync(blob, Workbooks.Good("130102", 2024), ContentTypes.Xlsx);

        var outcome = await attempts.IngestAsync(blob, default);

        Assert.Equal(IngestResult.Accepted, outcome.Result);
        Assert.Equal(0, (await attempts.ReadAsync((await store.GetAsync(blob))!, default)).Attempts);
    }

    [Fact]
    public void HostJson_PoisonBlobThreshold_EqualsThePipelinesMaxAttempts()
    {
        // The Functions host gives a blob up after poisonBlobThreshold attempts; the pipeline records the
        // failed status on its MaxAttempts-th. Apart, the county would be told too early or never.
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "host.json")))
        {
            dir = dir.Parent;
        }

        Assert.NotNull(dir);
        using var host = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(dir.FullName, "host.json")));
        var threshold = host.RootElement.GetProperty("extensions").GetProperty("blobs").GetProperty("poisonBlobThreshold").GetInt32();
        Assert.Equal(new IngestOptions().MaxAttempts, threshold);
    }
}
