using System.Text.Json;
using Metrics.Core.Profiles;
using Metrics.Pipeline.Ingest;
using Metrics.Pipeline.Storage;
using Metrics.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Metrics.Pipeline.Tests.Ingest;

/// <summary>
/// The pipeline supplies the earlier years on record: a county's scorecard shows its earlier
/// years' CVs (from the stored summaries), and the rollup computes σ-convergence over every year.
/// </summary>
public sealed class ProgressOverYearsTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("metrics-progress-").FullName;
    private readonly FolderBlobStore store;

    public ProgressOverYearsTests() => store = new FolderBlobStore(root);

    public void Dispose() => Directory.Delete(root, recursive: true);

    private IngestService Ingest => new(store, new SubmissionProcessor(ProfileCatalog.Default), NullLogger<IngestService>.Instance);

    private async Task IngestAsync(int year, string county, int index)
    {
        var path = $"submissions/{year}/{county}/upload.xlsx";
        await store.WriteAsync(path, Workbooks.Good(county, year, seed: 5, index: index), ContentTypes.Xlsx);
        Assert.Equal(IngestResult.Accepted, (await Ingest.IngestAsync(path, default)).Result);
    }

    private async Task<JsonDocument> JsonAsync(string path) => JsonDocument.Parse((await store.ReadAllBytesAsync(path))!);

    [Fact]
    public async Task Ingest_SecondYear_ScorecardCarriesTheFirstYearsCvs_FirstYearHasNoHistory()
    {
        string[] counties = ["130102", "130104", "130202"];
        for (var i = 0; i < counties.Length; i++)
        {
            await IngestAsync(2023, counties[i], i);
        }

        for (var i = 0; i < counties.Length; i++)
        {
            await IngestAsync(2024, counties[i], (i + 1) % 3);
        }

        using var first = await JsonAsync(StorageLayout.Report(2023, "130102", "scorecard.json"));
        Assert.False(first.RootElement.TryGetProperty("history", out _));

        using var second = await JsonAsync(StorageLayout.Report(2024, "130102", "scorecard.json"));
        var year = Assert.Single(second.RootElement.GetProperty("history").EnumerateArray());
        Assert.Equal(2023, year.GetProperty("schoolYear").GetInt32());
        var firstPrimary = first.RootElement.GetProperty("levels").GetProperty("primary").GetProperty("indicators").EnumerateArray()
            .ToDictionary(i => i.GetProperty("id").GetString()!, i => i.GetProperty("cv").GetDouble());
        foreach (var ind in year.GetProperty("levels").GetProperty("primary").GetProperty("indicators").EnumerateArray())
        {
            Assert.Equal(firstPrimary[ind.GetProperty("id").GetString()!], ind.GetProperty("cv").GetDouble());
        }

        var html = System.Text.Encoding.UTF8.GetString((await store.ReadAllBytesAsync(StorageLayout.Report(2024, "130102", "scorecard.html")))!);
        Assert.Contains("id=\"progress\"", html, StringComparison.Ordinal);

        // The rollup: prefectures 130100 (two counties) and 130200 (one), σ of the CVs for both years.
        var clock = new FakeTimeProvider(new DateTimeOffset(2025, 9, 1, 0, 0, 0, TimeSpan.Zero));
        await new RollupService(store, clock, NullLogger<RollupService>.Instance).RunAsync(2024, default);
        using var rollup = await JsonAsync(StorageLayout.RollupFile(2024, "json"));
        Assert.Equal(["130100", "130200"], rollup.RootElement.GetProperty("prefectures").EnumerateArray().Select(p => p.GetProperty("code").GetString()));
        Assert.Equal(2, rollup.RootElement.GetProperty("prefectures")[0].GetProperty("counties").GetInt32());
        var conv = rollup.RootElement.GetProperty("convergence").EnumerateArray().First(c => c.GetProperty("level").GetString() == "primary");
        var id = conv.GetProperty("id").GetString()!;
        var years = conv.GetProperty("years").EnumerateArray().ToArray();
        Assert.Equal([2023, 2024], years.Select(y => y.GetProperty("year").GetInt32()));

        // σ of 2023 recomputed from the three stored first-year scorecards: population SD of their CVs.
        var cvs = new List<double>();
        foreach (var c in counties)
        {
            using var card = await JsonAsync(StorageLayout.Report(2023, c, "scorecard.json"));
            cvs.Add(card.RootElement.GetProperty("levels").GetProperty("primary").GetProperty("indicators").EnumerateArray()
                .Single(i => i.GetProperty("id").GetString() == id).GetProperty("cv").GetDouble());
        }

        var mean = cvs.Average();
        Assert.Equal(Math.Sqrt(cvs.Sum(v => (v - mean) * (v - mean)) / 3), years[0].GetProperty("sigma").GetDouble(), 12);
    }

    [Fact]
    public async Task CountyHistory_CostsOneListingAndOneReadPerEarlierYear_HoweverManyCountiesAreOnRecord()
    {
        // 40 counties in each of 2022 and 2023; the county's history for 2024 needs its own two summaries only.
        var card = Metrics.Core.Scoring.CountyScorer.Score(
            Metrics.Excel.Reading.WorkbookReader.Read(Workbooks.Good("130102", 2023, seed: 5)).Submission!, ProfileCatalog.Default.Get("quality-2017"));
        for (var year = 2022; year <= 2023; year++)
        {
            for (var c = 0; c < 40; c++)
            {
                var code = (130102 + c).ToString(System.Globalization.CultureInfo.InvariantCulture);
                var summary = Metrics.Core.Rollup.ScorecardSummary.From(card with { CountyCode = code, SchoolYear = year });
                await store.WriteAsync(StorageLayout.CountySummary(year, code), Metrics.Core.Json.SummaryJson.Serialize(summary), ContentTypes.Json);
            }
        }

        var probe = new Support.ProbeStore(store);
        var history = await YearsOnRecord.CountyAsync(probe, 2024, "130105", default);

        Assert.Equal([2022, 2023], history.Select(h => h.SchoolYear));
        Assert.All(history, h => Assert.Equal("130105", h.CountyCode));
        // One listing of the year folders, then one read per year: 3 calls, not a listing of all 80 summaries.
        Assert.Equal(
            [("folders", StorageLayout.SummariesRoot), ("read", StorageLayout.CountySummary(2022, "130105")), ("read", StorageLayout.CountySummary(2023, "130105"))],
            probe.Calls);

        // A year before the county's first upload and the year itself are not history.
        Assert.Equal([2022], (await YearsOnRecord.CountyAsync(store, 2023, "130105", default)).Select(h => h.SchoolYear));
        Assert.Empty(await YearsOnRecord.CountyAsync(store, 2024, "999999", default));
    }
}
