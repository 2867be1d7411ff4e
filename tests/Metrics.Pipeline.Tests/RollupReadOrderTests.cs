using System.Globalization;
using Metrics.Core.Json;
using Metrics.Core.Model;
using Metrics.Core.Rollup;
using Metrics.Pipeline.Ingest;
using Metrics.Pipeline.Storage;
using Metrics.Reports;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Metrics.Pipeline.Tests;

/// <summary>
/// The rollup reads its summaries in parallel and renders its outputs side by side; whatever order
/// the reads finish in, it must equal the rollup built from the same summaries read one by one in
/// county-code order. The σ-convergence sums CVs in floating point, so an unsorted read would show
/// in the last digits of the mean and σ.
/// </summary>
public sealed class RollupReadOrderTests : IDisposable
{
    private const int Year = 2024;
    private readonly DirectoryInfo root = Directory.CreateTempSubdirectory("metrics-rollup-order-");
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 9, 1, 2, 0, 0, TimeSpan.Zero));

    public void Dispose() => root.Delete(recursive: true);

    [Fact]
    public async Task ParallelRead_GivesTheRollupOfTheSummariesReadInCodeOrder_EveryTime()
    {
        var store = new FolderBlobStore(root.FullName, flushToDisk: false);
        // 3 years × 60 counties, stored in an order unrelated to their codes, with CVs of many magnitudes
        // (a sum of such doubles changes in its last bits when the order changes).
        var codes = Enumerable.Range(0, 60).Select(i => (130100 + (i * 37 % 60)).ToString(CultureInfo.InvariantCulture)).ToArray();
        foreach (var year in new[] { Year - 2, Year - 1, Year })
        {
            foreach (var (code, i) in codes.Select((c, i) => (c, i)).Reverse())
            {
                var cv = (0.1 * (i + 1) / 7) + (i % 3 == 0 ? 1e-9 * i : 0.3 / (i + 3));
                var summary = Summary(code, year, cv, (year - Year + 3) * 0.01);
                // The data file is listed first and its summary written after it, so the summary is the one read.
                await store.WriteAsync(StorageLayout.CountyData(year, code), "{}"u8.ToArray(), ContentTypes.Json);
                await store.WriteAsync(StorageLayout.CountySummary(year, code), SummaryJson.Serialize(summary), ContentTypes.Json);
            }
        }

        var expected = RollupJson.Serialize(await SequentialAsync(store));
        var service = new RollupService(store, clock, NullLogger<RollupService>.Instance);
        for (var run = 0; run < 5; run++)
        {
            Assert.Equal(expected, RollupJson.Serialize(await service.BuildAsync(Year, null, default)));
            await service.RunAsync(Year, default);
            Assert.Equal(expected, await store.ReadAllBytesAsync(StorageLayout.RollupFile(Year, "json")));
        }
    }

    /// <summary>The reference: each year's summaries read one at a time, in ordinal order of county code.</summary>
    private static async Task<RollupResult> SequentialAsync(IBlobStore store)
    {
        var years = new Dictionary<int, IReadOnlyList<ScorecardSummary>>();
        foreach (var year in new[] { Year - 2, Year - 1, Year })
        {
            var paths = new List<string>();
            await foreach (var e in store.ListAsync(StorageLayout.SummaryPrefix(year)))
            {
                paths.Add(e.Path);
            }

            var list = new List<ScorecardSummary>();
            foreach (var path in paths.Order(StringComparer.Ordinal))
            {
                list.Add(CountyDataJson.ReadSummary((await store.ReadAllBytesAsync(path))!));
            }

            years[year] = list;
        }

        var rollup = RollupBuilder.Build(Year, years[Year], years[Year - 1]);
        return rollup with { Convergence = Convergence.Compute(Year, years[Year], new Dictionary<int, IReadOnlyList<ScorecardSummary>> { [Year - 2] = years[Year - 2], [Year - 1] = years[Year - 1] }) };
    }

    private static ScorecardSummary Summary(string code, int year, double cv, double shift)
    {
        LevelSummary Level(double c) => new(
            c + shift < 0.5 ? Status.Pass : Status.Fail, 10, 5_000,
            new Dictionary<string, double?> { ["books_per_pupil"] = c + shift, ["teaching_space_per_pupil"] = c / 3 },
            null, 8)
        {
            Thresholds = new Dictionary<string, double> { ["books_per_pupil"] = 0.5, ["teaching_space_per_pupil"] = 0.5 },
        };

        var primary = Level(cv);
        var junior = Level(cv * 1.1);
        var overall = primary.Status == Status.Pass && junior.Status == Status.Pass ? Status.Pass : Status.Fail;
        return new ScorecardSummary(code, "县" + code, year, "quality-2017", overall, primary, junior, [("class_size", Status.Pass)]);
    }
}
