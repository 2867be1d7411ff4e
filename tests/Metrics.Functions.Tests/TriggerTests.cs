using System.Security.Cryptography;
using System.Text.Json;
using Metrics.Functions.Tests.Host;
using Metrics.Pipeline;
using Metrics.Pipeline.Ingest;
using Metrics.Pipeline.Storage;
using Metrics.TestSupport;
using Microsoft.Azure.Functions.Worker.Grpc.Messages;

namespace Metrics.Functions.Tests;

/// <summary>
/// The blob and timer triggers of the real worker, invoked as the host invokes them, against Azurite.
/// The worker's Metrics__Storage points at an empty folder (<see cref="WorkerFixture.DecoyFolder"/>):
/// everything below is read from and written to the account of the trigger's connection.
/// </summary>
[Collection(WorkerCollection.Name)]
public class TriggerTests(WorkerFixture fixture)
{
    private IBlobStore Store => fixture.Store;

    private async Task<string> UploadAsync(int year, string county, byte[] bytes, string file)
    {
        var path = $"submissions/{year}/{county}/{file}";
        await Store.WriteAsync(path, bytes, ContentTypes.Xlsx);
        return path;
    }

    /// <summary>What Event Grid + the blob extension deliver for <paramref name="path"/>: a BlobClient input and the {name} trigger value.</summary>
    private Task<InvocationResponse> FireBlobAsync(string path)
    {
        var name = path["submissions/".Length..];
        return fixture.Worker.InvokeAsync(
            "IngestSubmission",
            [Inputs.Blob("blob", "Storage", "submissions", name)],
            new Dictionary<string, TypedData> { ["name"] = new() { String = name } });
    }

    private static void AssertSucceeded(InvocationResponse response, WorkerHost worker) =>
        Assert.True(response.Result.Status == StatusResult.Types.Status.Success,
            $"{response.Result.Status}: {response.Result.Exception?.Message}\n{worker.Output}");

    private async Task<List<string>> ListAsync(string prefix)
    {
        var list = new List<string>();
        await foreach (var entry in Store.ListAsync(prefix))
        {
            list.Add(entry.Path);
        }

        return list;
    }

    [Fact]
    public async Task BlobTrigger_GoodUpload_WritesScorecardsInTheTriggersAccount()
    {
        var year = Workbooks.UniqueYear();
        var bytes = Workbooks.Good("130102", year);
        var path = await UploadAsync(year, "130102", bytes, "good.xlsx");

        AssertSucceeded(await FireBlobAsync(path), fixture.Worker);

        foreach (var file in new[] { "scorecard.json", "scorecard.xlsx", "scorecard.html", "validation.json" })
        {
            Assert.NotNull(await Store.GetAsync(StorageLayout.Report(year, "130102", file)));
        }

        using var card = JsonDocument.Parse((await Store.ReadAllBytesAsync(StorageLayout.Report(year, "130102", "scorecard.json")))!);
        Assert.Equal("130102", card.RootElement.GetProperty("county").GetProperty("code").GetString());
        // The scorecard names the bytes that fired the trigger.
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), card.RootElement.GetProperty("submission").GetProperty("sha256").GetString());
        var status = await new StatusStore(Store).ReadAsync(year, "130102", default);
        Assert.Equal(SubmissionState.Accepted, status!.State);
        // Metrics:Storage of the worker is not where anything went.
        Assert.Empty(Directory.EnumerateFileSystemEntries(fixture.DecoyFolder));
    }

    [Fact]
    public async Task BlobTrigger_BrokenUpload_WritesValidationAndKeepsTheAcceptedScorecard()
    {
        var year = Workbooks.UniqueYear();
        var good = await UploadAsync(year, "130104", Workbooks.Good("130104", year), "first.xlsx");
        AssertSucceeded(await FireBlobAsync(good), fixture.Worker);
        var accepted = await Store.ReadAllBytesAsync(StorageLayout.Report(year, "130104", "scorecard.json"));

        var broken = await UploadAsync(year, "130104", Workbooks.Broken("130104", year), "second.xlsx");
        // A rejected workbook is an answer, not a failure: the host must not retry it.
        AssertSucceeded(await FireBlobAsync(broken), fixture.Worker);

        var status = await new StatusStore(Store).ReadAsync(year, "130104", default);
        Assert.Equal(SubmissionState.Rejected, status!.State);
        Assert.NotEmpty(status.Issues);
        Assert.NotNull(await Store.GetAsync(StorageLayout.Report(year, "130104", "validation.xlsx")));
        using var validation = JsonDocument.Parse((await Store.ReadAllBytesAsync(StorageLayout.Report(year, "130104", "validation.json")))!);
        Assert.Contains("students_", validation.RootElement.GetRawText(), StringComparison.Ordinal);
        Assert.Equal(accepted, await Store.ReadAllBytesAsync(StorageLayout.Report(year, "130104", "scorecard.json")));
    }

    [Fact]
    public async Task BlobTrigger_SameBytesTwice_ChangesNothing()
    {
        var year = Workbooks.UniqueYear();
        var bytes = Workbooks.Good("130105", year);
        var first = await UploadAsync(year, "130105", bytes, "a.xlsx");
        AssertSucceeded(await FireBlobAsync(first), fixture.Worker);
        var card = await Store.ReadAllBytesAsync(StorageLayout.Report(year, "130105", "scorecard.json"));
        var data = await Store.ReadAllBytesAsync(StorageLayout.CountyData(year, "130105"));
        var history = await ListAsync(StorageLayout.HistoryPrefix(year, "130105"));

        // Event Grid redelivers the same event, and the county uploads the same file again under another name.
        AssertSucceeded(await FireBlobAsync(first), fixture.Worker);
        var again = await UploadAsync(year, "130105", bytes, "b.xlsx");
        AssertSucceeded(await FireBlobAsync(again), fixture.Worker);

        Assert.Equal(card, await Store.ReadAllBytesAsync(StorageLayout.Report(year, "130105", "scorecard.json")));
        Assert.Equal(data, await Store.ReadAllBytesAsync(StorageLayout.CountyData(year, "130105")));
        Assert.Equal(history, await ListAsync(StorageLayout.HistoryPrefix(year, "130105")));
    }

    [Fact]
    public async Task BlobTrigger_UnknownConnection_IsAFailureTheHostRetries()
    {
        var year = Workbooks.UniqueYear();
        var path = await UploadAsync(year, "130106", Workbooks.Good("130106", year), "c.xlsx");
        var name = path["submissions/".Length..];

        var response = await fixture.Worker.InvokeAsync(
            "IngestSubmission",
            [Inputs.Blob("blob", "NoSuchConnection", "submissions", name)],
            new Dictionary<string, TypedData> { ["name"] = new() { String = name } });

        Assert.Equal(StatusResult.Types.Status.Failure, response.Result.Status);
        Assert.Null(await Store.GetAsync(StorageLayout.Report(year, "130106", "scorecard.json")));
    }

    [Fact]
    public async Task TimerTrigger_RollsUpTheDefaultYear()
    {
        // RollupService.DefaultYear: the school year before the current UTC year (the worker runs on the real clock).
        var year = DateTime.UtcNow.Year - 1;
        foreach (var county in new[] { "130111", "130112" })
        {
            var path = await UploadAsync(year, county, Workbooks.Good(county, year, index: county == "130111" ? 0 : 1), "t.xlsx");
            AssertSucceeded(await FireBlobAsync(path), fixture.Worker);
        }

        AssertSucceeded(await fixture.Worker.InvokeAsync("YearlyRollup", [Inputs.Timer("timer")]), fixture.Worker);

        foreach (var ext in new[] { "json", "xlsx", "html" })
        {
            Assert.NotNull(await Store.GetAsync(StorageLayout.RollupFile(year, ext)));
        }

        var rollup = await Store.ReadAllBytesAsync(StorageLayout.RollupFile(year, "json"));
        var text = System.Text.Encoding.UTF8.GetString(rollup!);
        Assert.Contains("\"130111\"", text, StringComparison.Ordinal);
        Assert.Contains("\"130112\"", text, StringComparison.Ordinal);
    }
}
