using System.Text.Json;
using Metrics.Core.Profiles;
using Metrics.Pipeline.Api;
using Metrics.Pipeline.Hosting;
using Metrics.Pipeline.Ingest;
using Metrics.Pipeline.Storage;
using Metrics.Pipeline.Tests.Support;
using Metrics.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Metrics.Pipeline.Tests.Api;

/// <summary>
/// Every document the pipeline writes spells a time one way: UTC to the millisecond with a Z, as
/// the scorecard's receivedUtc always has. The clock stands at 250 ms past a second, so a format
/// that drops the milliseconds ("…:00Z") or writes seven digits ("….2500000Z") shows.
/// </summary>
public sealed class TimestampFormatTests : IDisposable
{
    private static readonly MetricsPrincipal CountyA = MetricsPrincipal.FromRoles("A", ["county:130102"]);
    private static readonly MetricsPrincipal Evaluator = MetricsPrincipal.FromRoles("E", ["evaluator"]);

    private readonly string root = Directory.CreateTempSubdirectory("metrics-time-").FullName;
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2025, 5, 1, 8, 0, 0, 250, TimeSpan.Zero));

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Fact]
    public async Task CountiesList_WritesUpdatedUtcAsTheStatusDocumentDoes()
    {
        var store = new FolderBlobStore(root);
        var api = new MetricsApi(store, ProfileCatalog.Default, new RollupService(store, clock, NullLogger<RollupService>.Instance), clock);
        Assert.Equal(202, (await api.UploadAsync(CountyA, "2024", "130102", new MemoryStream(Workbooks.Good("130102", 2024)), default)).StatusCode);

        var status = Json(await api.StatusAsync(CountyA, "2024", "130102", default));
        var row = Json(await api.CountiesAsync(Evaluator, "2024", default)).GetProperty("counties")[0];

        // The upload's processing status is stamped with the clock: 08:00:00 and 250 ms.
        Assert.Equal("2025-05-01T08:00:00.250Z", status.GetProperty("updatedUtc").GetString());
        Assert.Equal("2025-05-01T08:00:00.250Z", row.GetProperty("updatedUtc").GetString());
    }

    [Fact]
    public async Task AttemptsAndPoisonRecords_WriteTheOneFormat()
    {
        const string blob = "submissions/2024/130102/a.xlsx";
        var store = new FailingStore(new FolderBlobStore(root), failWritesUnder: "reports/2024/130102/");
        var ingest = new IngestService(store, new SubmissionProcessor(ProfileCatalog.Default), NullLogger<IngestService>.Instance);
        var options = Options.Create(new PipelineOptions { Ingest = new IngestOptions { MaxAttempts = 2 } });
        var attempts = new IngestAttempts(store, ingest, options, clock, NullLogger<IngestAttempts>.Instance);
        await store.WriteAsync(blob, Workbooks.Good("130102", 2024), ContentTypes.Xlsx);

        await Assert.ThrowsAnyAsync<Exception>(() => attempts.IngestAsync(blob, default));
        var entry = (await store.GetAsync(blob))!;
        // The first failure waits 2^1 = 2 s: 08:00:00.250 + 2 s = 08:00:02.250.
        var record = Json((await store.ReadAllBytesAsync(StorageLayout.AttemptsFile(entry.Path, entry.ETag)))!);
        Assert.Equal("2025-05-01T08:00:02.250Z", record.GetProperty("notBeforeUtc").GetString());
        Assert.Equal(new DateTimeOffset(2025, 5, 1, 8, 0, 2, 250, TimeSpan.Zero), (await attempts.ReadAsync(entry, default)).NotBefore);

        await Assert.ThrowsAnyAsync<Exception>(() => attempts.IngestAsync(blob, default));
        var poison = Json((await store.ReadAllBytesAsync(StorageLayout.PoisonFile(blob)))!);
        Assert.Equal("2025-05-01T08:00:00.250Z", poison.GetProperty("atUtc").GetString());
    }

    private static JsonElement Json(ApiResult result) => Json(result.Body);

    private static JsonElement Json(byte[] bytes)
    {
        using var doc = JsonDocument.Parse(bytes);
        return doc.RootElement.Clone();
    }
}
