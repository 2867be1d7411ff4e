using System.Text;
using Metrics.Core.Profiles;
using Metrics.Pipeline.Ingest;
using Metrics.Pipeline.Storage;
using Metrics.Pipeline.Tests.Fixtures;
using Metrics.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace Metrics.Pipeline.Tests.Ingest;

/// <summary>
/// Deliveries arrive late and out of order (Event Grid retries for up to 24 h; the watcher works in
/// parallel): the county's current outputs always belong to its newest upload by the blob's own time,
/// ties by name, and an older upload processed later only adds its history entry.
/// </summary>
public abstract class OrderingTests
{
    protected abstract IBlobStore Store { get; }

    private IngestService Ingest => new(Store, new SubmissionProcessor(ProfileCatalog.Default), NullLogger<IngestService>.Instance);

    /// <summary>Two versions of one county: the older written first, so its blob time is earlier (or equal, and its name sorts first).</summary>
    private async Task<(string Old, string New)> UploadTwoAsync(int year, string county)
    {
        var old = $"submissions/{year}/{county}/1-old.xlsx";
        var @new = $"submissions/{year}/{county}/2-new.xlsx";
        await Store.WriteAsync(old, Workbooks.Good(county, year, seed: 3), ContentTypes.Xlsx);
        await Task.Delay(15);
        await Store.WriteAsync(@new, Workbooks.Good(county, year, seed: 4), ContentTypes.Xlsx);
        return (old, @new);
    }

    [Fact]
    public async Task Ingest_OlderAfterNewer_StaysInHistoryAndNeverBecomesCurrent()
    {
        var year = Workbooks.UniqueYear();
        var (old, @new) = await UploadTwoAsync(year, "130111");

        var first = await Ingest.IngestAsync(@new, default);
        var late = await Ingest.IngestAsync(old, default);

        Assert.Equal(IngestResult.Accepted, first.Result);
        Assert.Equal(IngestResult.Superseded, late.Result);
        await AssertCurrentIsAsync(year, "130111", first);
        // Both versions were accepted, so both are in history.
        Assert.Equal(2, (await HistoryFoldersAsync(year, "130111")).Count);
    }

    [Fact]
    public async Task Ingest_OlderRejectedAfterNewerAccepted_LeavesStatusAndValidationOfTheNewer()
    {
        var year = Workbooks.UniqueYear();
        var old = $"submissions/{year}/130112/1-old.xlsx";
        var @new = $"submissions/{year}/130112/2-new.xlsx";
        await Store.WriteAsync(old, Workbooks.Broken("130112", year), ContentTypes.Xlsx);
        await Task.Delay(15);
        await Store.WriteAsync(@new, Workbooks.Good("130112", year), ContentTypes.Xlsx);

        var first = await Ingest.IngestAsync(@new, default);
        var late = await Ingest.IngestAsync(old, default);

        Assert.Equal(IngestResult.Superseded, late.Result);
        Assert.Contains(late.Issues, i => i.Code == "negative_value"); // evaluated all the same: the receipt says why
        await AssertCurrentIsAsync(year, "130112", first);
        Assert.Null(await Store.GetAsync(StorageLayout.Report(year, "130112", "validation.xlsx")));
    }

    [Fact]
    public async Task Ingest_TwoVersionsAtOnce_TheNewestWinsEveryTime()
    {
        var year = Workbooks.UniqueYear();
        for (var round = 0; round < 4; round++)
        {
            var county = "1301" + (20 + round).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var (old, @new) = await UploadTwoAsync(year, county);
            // Alternate which one starts first, so either can reach the county's lease first.
            var tasks = round % 2 == 0
                ? new[] { Task.Run(() => Ingest.IngestAsync(old, default)), Task.Run(() => Ingest.IngestAsync(@new, default)) }
                : [Task.Run(() => Ingest.IngestAsync(@new, default)), Task.Run(() => Ingest.IngestAsync(old, default))];
            var outcomes = await Task.WhenAll(tasks);

            var newest = Assert.Single(outcomes, o => o.Path == @new);
            Assert.Equal(IngestResult.Accepted, newest.Result);
            Assert.Contains(outcomes.Single(o => o.Path == old).Result, new[] { IngestResult.Accepted, IngestResult.Superseded });
            await AssertCurrentIsAsync(year, county, newest);
        }
    }

    [Fact]
    public async Task Ingest_SameTime_TheLaterNameWins()
    {
        // Azure keeps blob times to the second, so two uploads in one second are ordered by name.
        var t = new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);
        Assert.True(new UploadOrder(t, "submissions/2026/130101/b.xlsx").CompareTo(new UploadOrder(t.AddTicks(3), "submissions/2026/130101/a.xlsx")) > 0);
        Assert.True(new UploadOrder(t.AddMilliseconds(1), "submissions/2026/130101/a.xlsx").CompareTo(new UploadOrder(t, "submissions/2026/130101/b.xlsx")) > 0);
        await Task.CompletedTask;
    }

    private async Task AssertCurrentIsAsync(int year, string county, IngestOutcome winner)
    {
        var status = (await new StatusStore(Store).ReadAsync(year, county, default))!;
        Assert.Equal((SubmissionState.Accepted, winner.Path, winner.Sha256), (status.State, status.Blob, status.Sha256));
        // Every current scorecard file is the winner's own history copy, byte for byte.
        var folder = (await HistoryFoldersAsync(year, county)).Single(f => f.EndsWith("-" + winner.Sha256![..8] + "/", StringComparison.Ordinal));
        foreach (var file in new[] { "scorecard.json", "scorecard.xlsx", "scorecard.html" })
        {
            Assert.Equal(await Store.ReadAllBytesAsync(folder + file), await Store.ReadAllBytesAsync(StorageLayout.Report(year, county, file)));
        }

        Assert.Contains(winner.Sha256!, Encoding.UTF8.GetString((await Store.ReadAllBytesAsync(StorageLayout.CountyData(year, county)))!), StringComparison.Ordinal);
    }

    private async Task<List<string>> HistoryFoldersAsync(int year, string county)
    {
        var folders = new SortedSet<string>(StringComparer.Ordinal);
        await foreach (var e in Store.ListAsync(StorageLayout.HistoryPrefix(year, county)))
        {
            folders.Add(e.Path[..(e.Path.LastIndexOf('/') + 1)]);
        }

        return [.. folders];
    }
}

public sealed class FolderOrderingTests : OrderingTests, IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("metrics-order-").FullName;

    public FolderOrderingTests() => Store = new FolderBlobStore(root);

    protected override IBlobStore Store { get; }

    public void Dispose() => Directory.Delete(root, recursive: true);
}

[Collection(AzuriteCollection.Name)]
public sealed class AzuriteOrderingTests(AzuriteFixture azurite) : OrderingTests
{
    protected override IBlobStore Store { get; } = AzureBlobStore.FromConnectionString(azurite.ConnectionString);
}
