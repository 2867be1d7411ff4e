using Metrics.Core.Json;
using Metrics.Core.Model;
using Metrics.Core.Rollup;
using Metrics.Pipeline.Ingest;
using Metrics.Pipeline.Storage;
using Metrics.Pipeline.Tests.Support;

namespace Metrics.Pipeline.Tests;

/// <summary>
/// A county's earlier years are read from its own summary paths, never by listing every county's
/// summaries: that listing made each upload's cost grow with the counties on record.
/// </summary>
public sealed class YearsOnRecordTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("metrics-years-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Fact]
    public async Task CountyAsync_ReadsOnlyTheCountysOwnPaths_OldestFirst_WithoutListing()
    {
        var store = new ProbeStore(new FolderBlobStore(root, flushToDisk: false));
        // 130102 has 2021 and 2023 on record (and 2024 itself, which is not history); 130103 has 2022.
        foreach (var (code, year) in new[] { ("130102", 2023), ("130102", 2021), ("130103", 2022), ("130102", 2024) })
        {
            await store.WriteAsync(StorageLayout.CountySummary(year, code), SummaryJson.Serialize(Summary(code, year)), ContentTypes.Json);
        }

        // A summary at the county's path that names another county is not its history.
        await store.WriteAsync(StorageLayout.CountySummary(2020, "130102"), SummaryJson.Serialize(Summary("130103", 2020)), ContentTypes.Json);
        store.Clear();

        var history = await YearsOnRecord.CountyAsync(store, 2024, "130102", CancellationToken.None);

        Assert.Equal([2021, 2023], history.Select(h => h.SchoolYear));
        Assert.All(history, h => Assert.Equal("130102", h.CountyCode));
        Assert.DoesNotContain(store.Calls, c => c.Operation == "list");
        // One look-up per year the layout allows before 2024 (2000–2023), and no path of another county.
        Assert.Equal(24, store.Calls.Count(c => c.Operation == "get"));
        Assert.All(store.Calls, c => Assert.EndsWith("/130102.json", c.Path, StringComparison.Ordinal));
    }

    private static ScorecardSummary Summary(string code, int year)
    {
        var level = new LevelSummary(Status.Pass, 10, 5_000, new Dictionary<string, double?> { ["books_per_pupil"] = 0.3 }, null, 8)
        {
            Thresholds = new Dictionary<string, double> { ["books_per_pupil"] = 0.5 },
        };
        return new ScorecardSummary(code, "县" + code, year, "quality-2017", Status.Pass, level, level, [("class_size", Status.Pass)]);
    }
}
