using System.Text.Json;
using Metrics.Core.Profiles;
using Metrics.Pipeline.Ingest;
using Metrics.Pipeline.Storage;
using Metrics.Pipeline.Tests.Fixtures;
using Metrics.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Metrics.Pipeline.Tests.Ingest;

/// <summary>
/// The flow of one submission (functions/Metrics.Pipeline/README.md) end to end over a real store: upload, ingest, outputs, idempotence,
/// rejection keeping the old scorecard, rollup over several counties and two years.
/// Run against a folder and against a real Azurite.
/// </summary>
public abstract class PipelineScenarioTests
{
    protected abstract IBlobStore Store { get; }

    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 9, 1, 2, 0, 0, TimeSpan.Zero));

    private IngestService Ingest => new(Store, new SubmissionProcessor(ProfileCatalog.Default), NullLogger<IngestService>.Instance);

    private RollupService Rollup => new(Store, clock, NullLogger<RollupService>.Instance);

    private async Task<string> UploadAsync(int year, string county, byte[] bytes, string name = "upload.xlsx")
    {
        var path = $"submissions/{year}/{county}/{name}";
        await Store.WriteAsync(path, bytes, ContentTypes.Xlsx);
        return path;
    }

    [Fact]
    public async Task Ingest_ValidUpload_WritesScorecardsDataHistoryAndStatus()
    {
        var year = Workbooks.UniqueYear();
        var path = await UploadAsync(year, "130102", Workbooks.Good("130102", year));

        var outcome = await Ingest.IngestAsync(path, default);

        Assert.Equal(IngestResult.Accepted, outcome.Result);
        foreach (var file in new[] { "scorecard.json", "scorecard.xlsx", "scorecard.html", "validation.json" })
        {
            Assert.NotNull(await Store.GetAsync(StorageLayout.Report(year, "130102", file)));
        }

        // A clean workbook has nothing to mark, so no marked copy.
        Assert.Null(await Store.GetAsync(StorageLayout.Report(year, "130102", "validation.xlsx")));

        using var card = JsonDocument.Parse((await Store.ReadAllBytesAsync(StorageLayout.Report(year, "130102", "scorecard.json")))!);
        Assert.Equal("130102", card.RootElement.GetProperty("county").GetProperty("code").GetString());
        Assert.Equal(outcome.Sha256, card.RootElement.GetProperty("submission").GetProperty("sha256").GetString());
        Assert.NotNull(await Store.GetAsync(StorageLayout.CountyData(year, "130102")));
        var history = await ListAsync(StorageLayout.HistoryPrefix(year, "130102"));
        Assert.Equal(4, history.Count); // submission.xlsx + three scorecards
        Assert.Contains(history, h => h.EndsWith("/submission.xlsx", StringComparison.Ordinal));
        var status = await new StatusStore(Store).ReadAsync(year, "130102", default);
        Assert.Equal(SubmissionState.Accepted, status!.State);
        // Nothing is ever written into the trigger container but the upload itself.
        Assert.Equal([path], await ListAsync($"submissions/{year}/"));
    }

    [Fact]
    public async Task Ingest_SameBytesTwice_GivesIdenticalOutputsAndOneHistoryEntry()
    {
        var year = Workbooks.UniqueYear();
        var bytes = Workbooks.Good("130103", year);
        var path = await UploadAsync(year, "130103", bytes);

        Assert.Equal(IngestResult.Accepted, (await Ingest.IngestAsync(path, default)).Result);
        var first = await Store.ReadAllBytesAsync(StorageLayout.Report(year, "130103", "scorecard.json"));
        var firstData = await Store.ReadAllBytesAsync(StorageLayout.CountyData(year, "130103"));

        // Redelivery of the same blob, then the same bytes uploaded again under another name.
        Assert.Equal(IngestResult.Unchanged, (await Ingest.IngestAsync(path, default)).Result);
        var again = await UploadAsync(year, "130103", bytes, "again.xlsx");
        Assert.Equal(IngestResult.Unchanged, (await Ingest.IngestAsync(again, default)).Result);

        Assert.Equal(first, await Store.ReadAllBytesAsync(StorageLayout.Report(year, "130103", "scorecard.json")));
        Assert.Equal(firstData, await Store.ReadAllBytesAsync(StorageLayout.CountyData(year, "130103")));
        var entries = (await ListAsync(StorageLayout.HistoryPrefix(year, "130103"))).Select(p => p.Split('/')[4]).Distinct().ToArray();
        Assert.Single(entries);
    }

    [Fact]
    public async Task Ingest_InterruptedRun_IsRedoneWithoutASecondHistoryEntry()
    {
        // A crash after the history was written but before the status: the retry must finish the
        // work (status accepted) and reuse the history entry.
        var year = Workbooks.UniqueYear();
        var path = await UploadAsync(year, "130104", Workbooks.Good("130104", year));
        await Ingest.IngestAsync(path, default);
        await Store.WriteAsync(StorageLayout.StatusFile(year, "130104"), "{\"state\":\"processing\",\"year\":0,\"county\":\"130104\",\"issues\":[],\"updatedUtc\":\"2026-01-01T00:00:00Z\"}"u8.ToArray(), ContentTypes.Json);

        var retry = await Ingest.IngestAsync(path, default);

        Assert.Equal(IngestResult.Accepted, retry.Result);
        Assert.Single((await ListAsync(StorageLayout.HistoryPrefix(year, "130104"))).Select(p => p.Split('/')[4]).Distinct());
    }

    [Fact]
    public async Task Ingest_BrokenUpload_WritesValidationAndKeepsThePreviousScorecard()
    {
        var year = Workbooks.UniqueYear();
        await Ingest.IngestAsync(await UploadAsync(year, "130105", Workbooks.Good("130105", year)), default);
        var accepted = await Store.ReadAllBytesAsync(StorageLayout.Report(year, "130105", "scorecard.json"));
        var acceptedData = await Store.ReadAllBytesAsync(StorageLayout.CountyData(year, "130105"));

        // Names that sort in upload order: Azure (and Azurite) keep a blob's time to the second, and two
        // uploads in one second are ordered by name, so "broken" < "upload" made the later one the older.
        var outcome = await Ingest.IngestAsync(await UploadAsync(year, "130105", Workbooks.Broken("130105", year), "v2-broken.xlsx"), default);

        Assert.Equal(IngestResult.Rejected, outcome.Result);
        var error = Assert.Single(outcome.Issues, i => i.Severity == Metrics.Core.Model.Severity.Error);
        Assert.Equal("negative_value", error.Code);
        Assert.Equal(accepted, await Store.ReadAllBytesAsync(StorageLayout.Report(year, "130105", "scorecard.json")));
        Assert.Equal(acceptedData, await Store.ReadAllBytesAsync(StorageLayout.CountyData(year, "130105")));
        using var validation = JsonDocument.Parse((await Store.ReadAllBytesAsync(StorageLayout.Report(year, "130105", "validation.json")))!);
        Assert.Equal(1, validation.RootElement.GetProperty("errors").GetInt32());
        Assert.NotNull(await Store.GetAsync(StorageLayout.Report(year, "130105", "validation.xlsx")));
        Assert.Equal(SubmissionState.Rejected, (await new StatusStore(Store).ReadAsync(year, "130105", default))!.State);
        Assert.Equal(2, (await ListAsync($"submissions/{year}/130105/")).Count);

        // A corrected upload is accepted and the stale marked workbook goes away.
        var fixedUpload = await Ingest.IngestAsync(await UploadAsync(year, "130105", Workbooks.Good("130105", year, seed: 4), "v3-fixed.xlsx"), default);
        Assert.Equal(IngestResult.Accepted, fixedUpload.Result);
        Assert.Null(await Store.GetAsync(StorageLayout.Report(year, "130105", "validation.xlsx")));
    }

    [Fact]
    public async Task Ingest_WorkbookWithDeletedColumn_IsRejectedWithMarkedFeedback()
    {
        // Used to throw a NullReferenceException while marking the copy: retried into poison, and the
        // county never learned why.
        var year = Workbooks.UniqueYear();
        var outcome = await Ingest.IngestAsync(await UploadAsync(year, "130108", Workbooks.WithoutPrimaryPupilsColumn("130108", year)), default);

        Assert.Equal(IngestResult.Rejected, outcome.Result);
        Assert.Contains(outcome.Issues, i => i.Code == "missing_column" && i.Column == "students_primary");
        using var validation = JsonDocument.Parse((await Store.ReadAllBytesAsync(StorageLayout.Report(year, "130108", "validation.json")))!);
        Assert.Equal("marked", validation.RootElement.GetProperty("feedbackWorkbook").GetString());
        Assert.NotNull(await Store.GetAsync(StorageLayout.Report(year, "130108", "validation.xlsx")));
        Assert.Equal(SubmissionState.Rejected, (await new StatusStore(Store).ReadAsync(year, "130108", default))!.State);
    }

    [Fact]
    public async Task Ingest_WorkbookThatCannotBeMarked_GetsPlainFeedbackAndSaysSo()
    {
        var year = Workbooks.UniqueYear();
        var bytes = Workbooks.RenameSheet(Workbooks.Broken("130109", year), "填表说明", new string('长', 40));

        var outcome = await Ingest.IngestAsync(await UploadAsync(year, "130109", bytes), default);

        Assert.Equal(IngestResult.Rejected, outcome.Result);
        using var validation = JsonDocument.Parse((await Store.ReadAllBytesAsync(StorageLayout.Report(year, "130109", "validation.json")))!);
        Assert.Equal("plain", validation.RootElement.GetProperty("feedbackWorkbook").GetString());
        Assert.Equal(outcome.Issues.Count, validation.RootElement.GetProperty("issues").GetArrayLength());
        Assert.NotNull(await Store.GetAsync(StorageLayout.Report(year, "130109", "validation.xlsx")));
    }

    [Theory]
    [InlineData("not_xlsx", new byte[] { 0x48, 0x65, 0x6c, 0x6c, 0x6f })]
    [InlineData("empty_file", new byte[0])]
    [InlineData("corrupt_zip", new byte[] { 0x50, 0x4b, 0x03, 0x04, 0x00, 0x01 })]
    public async Task Ingest_FileThatIsNoWorkbook_IsRejectedWithAMarkedReport(string code, byte[] bytes)
    {
        // Never an exception (which would mean retries and poison for a county's honest mistake).
        var year = Workbooks.UniqueYear();
        var outcome = await Ingest.IngestAsync(await UploadAsync(year, "130107", bytes), default);

        Assert.Equal(IngestResult.Rejected, outcome.Result);
        Assert.Equal(code, Assert.Single(outcome.Issues).Code);
        Assert.NotNull(await Store.GetAsync(StorageLayout.Report(year, "130107", "validation.json")));
        Assert.NotNull(await Store.GetAsync(StorageLayout.Report(year, "130107", "validation.xlsx")));
    }

    [Fact]
    public async Task Ingest_WorkbookForAnotherCounty_IsRejectedAsAMismatch()
    {
        var year = Workbooks.UniqueYear();
        var outcome = await Ingest.IngestAsync(await UploadAsync(year, "130106", Workbooks.Good("999999", year)), default);

        Assert.Equal(IngestResult.Rejected, outcome.Result);
        Assert.Contains(outcome.Issues, i => i.Code == "county_mismatch");
        Assert.Null(await Store.GetAsync(StorageLayout.Report(year, "130106", "scorecard.json")));
    }

    [Theory]
    [InlineData("submissions/loose.xlsx")]
    [InlineData("submissions/2024/13010/x.xlsx")]
    [InlineData("submissions/1999/130102/x.xlsx")]
    public async Task Ingest_PathThatIsNoCountySubmission_IsIgnored(string path)
    {
        Assert.Equal(IngestResult.Ignored, (await Ingest.IngestAsync(path, default)).Result);
    }

    [Fact]
    public async Task Rollup_SeveralCountiesAndTwoYears_RanksAndComparesAndListsMissing()
    {
        var year = Workbooks.UniqueYear();
        string[] counties = ["410101", "410102", "410103"];
        for (var i = 0; i < counties.Length; i++)
        {
            await Ingest.IngestAsync(await UploadAsync(year - 1, counties[i], Workbooks.Good(counties[i], year - 1, seed: 5, index: i)), default);
            if (i < 2)
            {
                await Ingest.IngestAsync(await UploadAsync(year, counties[i], Workbooks.Good(counties[i], year, seed: 6, index: i)), default);
            }
        }

        var outcome = await Rollup.RunAsync(year, default);

        Assert.Equal((3, 1), (outcome.Counties, outcome.Missing));
        using var doc = JsonDocument.Parse((await Store.ReadAllBytesAsync(StorageLayout.RollupFile(year, "json")))!);
        var text = doc.RootElement.GetRawText();
        Assert.Contains("410103", text);
        Assert.NotNull(await Store.GetAsync(StorageLayout.RollupFile(year, "xlsx")));
        Assert.NotNull(await Store.GetAsync(StorageLayout.RollupFile(year, "html")));
        // Re-running gives the same bytes: the rollup depends only on stored county data.
        var first = await Store.ReadAllBytesAsync(StorageLayout.RollupFile(year, "json"));
        await Rollup.RunAsync(year, default);
        Assert.Equal(first, await Store.ReadAllBytesAsync(StorageLayout.RollupFile(year, "json")));
    }

    [Fact]
    public async Task Rollup_ReadsCountySummaries_AndFallsBackToTheDataFileWhereTheSummaryIsMissingOrOlder()
    {
        // A year of its own that no other test uses (nor its previous year): UniqueYear's range up to
        // the samples' last valid year (2100) is already taken by the other tests sharing one Azurite.
        const int year = 2038;
        string[] counties = ["420101", "420102", "420103"];
        for (var i = 0; i < counties.Length; i++)
        {
            await Ingest.IngestAsync(await UploadAsync(year, counties[i], Workbooks.Good(counties[i], year, seed: 7, index: i)), default);
            // Ingest writes the compact summary beside the data file.
            Assert.NotNull(await Store.GetAsync(StorageLayout.CountySummary(year, counties[i])));
        }

        await Rollup.RunAsync(year, default);
        var fromSummaries = await Store.ReadAllBytesAsync(StorageLayout.RollupFile(year, "json"));

        // Summaries are what the rollup reads: a summary renamed by hand shows in the rollup.
        var path = StorageLayout.CountySummary(year, counties[0]);
        var renamed = System.Text.Encoding.UTF8.GetString((await Store.ReadAllBytesAsync(path))!);
        var name = JsonDocument.Parse(renamed).RootElement.GetProperty("county").GetProperty("name").GetString()!;
        await Store.WriteAsync(path, System.Text.Encoding.UTF8.GetBytes(renamed.Replace(name, "摘要县", StringComparison.Ordinal)), ContentTypes.Json);
        await Rollup.RunAsync(year, default);
        Assert.Contains("摘要县", System.Text.Encoding.UTF8.GetString((await Store.ReadAllBytesAsync(StorageLayout.RollupFile(year, "json")))!), StringComparison.Ordinal);

        // A data file newer than its summary (an ingest stopped between the two writes) wins over it,
        // and a county ingested before summaries existed is read from its data file: same rollup as before.
        await Task.Delay(1100); // LastModified has whole-second resolution on Azure
        var data = StorageLayout.CountyData(year, counties[0]);
        await Store.WriteAsync(data, (await Store.ReadAllBytesAsync(data))!, ContentTypes.Json);
        Assert.True(await Store.DeleteAsync(StorageLayout.CountySummary(year, counties[1])));
        await Rollup.RunAsync(year, default);
        Assert.Equal(fromSummaries, await Store.ReadAllBytesAsync(StorageLayout.RollupFile(year, "json")));
    }

    [Fact]
    public async Task Rollup_RejectedAndProcessingCounties_ShowAsWhatTheyAre_WithTheirNames()
    {
        var year = Workbooks.UniqueYear();
        await Ingest.IngestAsync(await UploadAsync(year, "410101", Workbooks.Good("410101", year)), default);
        await Ingest.IngestAsync(await UploadAsync(year, "410104", Workbooks.Broken("410104", year)), default);
        await new StatusStore(Store).WriteAsync(new SubmissionStatus(SubmissionState.Processing, year, "410105", null, $"submissions/{year}/410105/u.xlsx", null, DateTimeOffset.UnixEpoch, null, []), default);

        var outcome = await Rollup.RunAsync(year, default);

        // Before, both showed as "missing", the rejected one named by its bare code.
        using var doc = JsonDocument.Parse((await Store.ReadAllBytesAsync(StorageLayout.RollupFile(year, "json")))!);
        var rows = doc.RootElement.GetProperty("rows").EnumerateArray().ToDictionary(r => r.GetProperty("code").GetString()!);
        Assert.Equal("scored", rows["410101"].GetProperty("state").GetString());
        Assert.Equal("rejected", rows["410104"].GetProperty("state").GetString());
        var rejectedName = rows["410104"].GetProperty("name").GetString();
        Assert.False(string.IsNullOrEmpty(rejectedName) || rejectedName == "410104", $"name '{rejectedName}'");
        Assert.Equal("processing", rows["410105"].GetProperty("state").GetString());
        Assert.Equal((0, 1, 1), (doc.RootElement.GetProperty("missing").GetInt32(), doc.RootElement.GetProperty("rejected").GetInt32(), doc.RootElement.GetProperty("processing").GetInt32()));
        Assert.Equal(0, outcome.Missing);
        var html = System.Text.Encoding.UTF8.GetString((await Store.ReadAllBytesAsync(StorageLayout.RollupFile(year, "html")))!);
        Assert.Contains("未通过校验", html, StringComparison.Ordinal);
        Assert.Contains("处理中", html, StringComparison.Ordinal);
    }

    private async Task<List<string>> ListAsync(string prefix)
    {
        var list = new List<string>();
        await foreach (var e in Store.ListAsync(prefix))
        {
            list.Add(e.Path);
        }

        return list;
    }
}

public sealed class FolderPipelineScenarioTests : PipelineScenarioTests, IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("metrics-pipeline-").FullName;

    public FolderPipelineScenarioTests() => Store = new FolderBlobStore(root);

    protected override IBlobStore Store { get; }

    public void Dispose() => Directory.Delete(root, recursive: true);
}

[Collection(AzuriteCollection.Name)]
public sealed class AzuritePipelineScenarioTests(AzuriteFixture azurite) : PipelineScenarioTests
{
    protected override IBlobStore Store { get; } = AzureBlobStore.FromConnectionString(azurite.ConnectionString);
}
