using System.Security.Cryptography;
using System.Text.Json;
using Metrics.Functions.Tests.Host;
using Metrics.Pipeline;
using Metrics.Pipeline.Ingest;
using Metrics.TestSupport;
using Microsoft.Azure.Functions.Worker.Grpc.Messages;

namespace Metrics.Functions.Tests;

/// <summary>
/// Event Grid does not order deliveries and retries arrive late: whatever order the worker is invoked
/// in, the county's current scorecard is its newest upload (by the blob's own time, ties by name).
/// </summary>
/// <remarks>The guard itself lives in the pipeline (IngestService); these tests drive it through the real worker.</remarks>
[Collection(WorkerCollection.Name)]
public class OrderTests(WorkerFixture fixture)
{
    private async Task<string> UploadAsync(int year, string county, byte[] bytes, string file)
    {
        var path = $"submissions/{year}/{county}/{file}";
        await fixture.Store.WriteAsync(path, bytes, ContentTypes.Xlsx);
        return path;
    }

    private async Task FireAsync(string path)
    {
        var name = path["submissions/".Length..];
        var response = await fixture.Worker.InvokeAsync("IngestSubmission", [Inputs.Blob("blob", "Storage", "submissions", name)],
            new Dictionary<string, TypedData> { ["name"] = new() { String = name } });
        Assert.True(response.Result.Status == StatusResult.Types.Status.Success, response.Result.Exception?.Message + "\n" + fixture.Worker.Output);
    }

    private async Task<string?> CurrentShaAsync(int year, string county)
    {
        using var card = JsonDocument.Parse((await fixture.Store.ReadAllBytesAsync(StorageLayout.Report(year, county, "scorecard.json")))!);
        return card.RootElement.GetProperty("submission").GetProperty("sha256").GetString();
    }

    [Fact]
    public async Task TwoVersionsInReverseOrder_TheNewerStaysCurrent()
    {
        var year = Workbooks.UniqueYear();
        var older = Workbooks.Good("130161", year, seed: 3);
        var newer = Workbooks.Good("130161", year, seed: 5);
        // Uploaded in this order: the newer blob is later by its own time and by name.
        var olderPath = await UploadAsync(year, "130161", older, "a-older.xlsx");
        await Task.Delay(1100); // blob times have one-second resolution in some stores
        var newerPath = await UploadAsync(year, "130161", newer, "b-newer.xlsx");

        await FireAsync(newerPath);
        await FireAsync(olderPath); // a late redelivery of the older upload

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(newer)), await CurrentShaAsync(year, "130161"));
    }

    [Fact]
    public async Task TwoVersionsAtOnce_TheNewerIsCurrent()
    {
        var year = Workbooks.UniqueYear();
        var older = Workbooks.Good("130162", year, seed: 3);
        var newer = Workbooks.Good("130162", year, seed: 5);
        var olderPath = await UploadAsync(year, "130162", older, "a-older.xlsx");
        await Task.Delay(1100);
        var newerPath = await UploadAsync(year, "130162", newer, "b-newer.xlsx");

        await Task.WhenAll(FireAsync(olderPath), FireAsync(newerPath));

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(newer)), await CurrentShaAsync(year, "130162"));
    }
}
