using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Metrics.Functions.Tests.Host;
using Metrics.Pipeline;
using Metrics.Pipeline.Ingest;
using Metrics.TestSupport;
using Microsoft.Azure.Functions.Worker.Grpc.Messages;

namespace Metrics.Functions.Tests;

/// <summary>
/// Every HTTP function through the worker's ASP.NET Core integration: the real request goes to the
/// worker's Kestrel, the invocation through the gRPC host, the caller is whoever the
/// <c>X-MS-CLIENT-PRINCIPAL</c> header (App Service authentication) names.
/// </summary>
[Collection(WorkerCollection.Name)]
public class HttpFunctionTests(WorkerFixture fixture)
{
    private static readonly string Evaluator = WorkerFixture.Principal("督导员", "evaluator");

    private static string County(string code) => WorkerFixture.Principal("县教育局 " + code, "county:" + code);

    private async Task<HttpResponseMessage> CallAsync(
        string function, HttpMethod method, string url, string? principal, IReadOnlyDictionary<string, string>? route = null, HttpContent? body = null)
    {
        var request = new HttpRequestMessage(method, url) { Content = body };
        if (principal is not null)
        {
            request.Headers.Add("X-MS-CLIENT-PRINCIPAL", principal);
        }

        var (response, result) = await fixture.Worker.HttpAsync(function, request, route);
        Assert.True(result.Result.Status == StatusResult.Types.Status.Success,
            $"{function}: {result.Result.Status} {result.Result.Exception?.Message}\n{fixture.Worker.Output}");
        return response;
    }

    private static Dictionary<string, string> Route(int year, string? county = null)
    {
        var route = new Dictionary<string, string> { ["year"] = year.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        if (county is not null)
        {
            route["county"] = county;
        }

        return route;
    }

    /// <summary>Uploads through the API and lets the blob trigger ingest what landed, as Event Grid would.</summary>
    private async Task<(string Blob, byte[] Bytes)> UploadAndIngestAsync(int year, string county, byte[] bytes)
    {
        var response = await CallAsync("UploadSubmission", HttpMethod.Post, $"api/submissions/{year}/{county}", County(county), Route(year, county), new ByteArrayContent(bytes));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var blob = answer.RootElement.GetProperty("blob").GetString()!;
        var name = blob["submissions/".Length..];
        var ingest = await fixture.Worker.InvokeAsync("IngestSubmission", [Inputs.Blob("blob", "Storage", "submissions", name)],
            new Dictionary<string, TypedData> { ["name"] = new() { String = name } });
        Assert.Equal(StatusResult.Types.Status.Success, ingest.Result.Status);
        return (blob, bytes);
    }

    [Fact]
    public async Task Portal_ServesThePageAtTheRootAndAtIndex()
    {
        foreach (var url in new[] { "api/", "api/index" })
        {
            var response = await CallAsync("Portal", HttpMethod.Get, url, principal: null);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
            Assert.Contains("<html", await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task Template_IsAnXlsxWorkbook()
    {
        var response = await CallAsync("Template", HttpMethod.Get, "api/template?year=2024", County("130102"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(ContentTypes.Xlsx, response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("metrics-template-2024-quality-2017.xlsx", response.Content.Headers.ContentDisposition!.FileName);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal("PK"u8.ToArray(), bytes[..2]); // a zip container, as every .xlsx is
    }

    [Fact]
    public async Task Me_NamesTheCallerFromTheHeader_AndAnonymousIs401()
    {
        var me = await CallAsync("Me", HttpMethod.Get, "api/me", County("130102"));
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        Assert.Contains("130102", await me.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Unauthorized, (await CallAsync("Me", HttpMethod.Get, "api/me", principal: null)).StatusCode);
    }

    [Fact]
    public async Task Upload_StoresTheBlob_ThenStatusAndScorecardDownloadsInEveryFormat()
    {
        var year = Workbooks.UniqueYear();
        var (blob, bytes) = await UploadAndIngestAsync(year, "130121", Workbooks.Good("130121", year));

        // The upload is the blob, byte for byte, under the county's folder.
        Assert.StartsWith($"submissions/{year}/130121/", blob, StringComparison.Ordinal);
        Assert.Equal(bytes, await fixture.Store.ReadAllBytesAsync(blob));

        var status = await CallAsync("SubmissionStatus", HttpMethod.Get, $"api/submissions/{year}/130121/status", County("130121"), Route(year, "130121"));
        Assert.Equal(HttpStatusCode.OK, status.StatusCode);
        using (var json = JsonDocument.Parse(await status.Content.ReadAsStringAsync()))
        {
            Assert.Equal("accepted", json.RootElement.GetProperty("state").GetString());
            Assert.Contains(Convert.ToHexStringLower(SHA256.HashData(bytes)), json.RootElement.GetRawText(), StringComparison.Ordinal);
        }

        foreach (var (format, type) in new[] { ("json", ContentTypes.Json), ("xlsx", ContentTypes.Xlsx), ("html", "text/html") })
        {
            var response = await CallAsync("DownloadScorecard", HttpMethod.Get, $"api/scorecards/{year}/130121?format={format}", County("130121"), Route(year, "130121"));

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(type, response.Content.Headers.ContentType!.MediaType);
            // What is served is what the trigger stored.
            Assert.Equal(await fixture.Store.ReadAllBytesAsync(StorageLayout.Report(year, "130121", "scorecard." + format)), await response.Content.ReadAsByteArrayAsync());
        }

        var validation = await CallAsync("DownloadValidation", HttpMethod.Get, $"api/submissions/{year}/130121/validation?format=json", County("130121"), Route(year, "130121"));
        Assert.Equal(HttpStatusCode.OK, validation.StatusCode);
        Assert.Equal(await fixture.Store.ReadAllBytesAsync(StorageLayout.Report(year, "130121", "validation.json")), await validation.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Scorecard_AuthorisationMatrix()
    {
        var year = Workbooks.UniqueYear();
        await UploadAndIngestAsync(year, "130131", Workbooks.Good("130131", year));
        var url = $"api/scorecards/{year}/130131?format=json";

        async Task<HttpStatusCode> AsAsync(string? principal) =>
            (await CallAsync("DownloadScorecard", HttpMethod.Get, url, principal, Route(year, "130131"))).StatusCode;

        Assert.Equal(HttpStatusCode.Unauthorized, await AsAsync(null));
        Assert.Equal(HttpStatusCode.OK, await AsAsync(County("130131")));
        Assert.Equal(HttpStatusCode.Forbidden, await AsAsync(County("130132")));
        Assert.Equal(HttpStatusCode.OK, await AsAsync(Evaluator));
    }

    [Fact]
    public async Task Upload_ForAnotherCounty_Is403_AndStoresNothing()
    {
        var year = Workbooks.UniqueYear();
        var response = await CallAsync("UploadSubmission", HttpMethod.Post, $"api/submissions/{year}/130141", County("130142"), Route(year, "130141"),
            new ByteArrayContent(Workbooks.Good("130141", year)));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        await foreach (var entry in fixture.Store.ListAsync($"submissions/{year}/"))
        {
            Assert.Fail($"Nothing should be stored, found {entry.Path}.");
        }
    }

    [Fact]
    public async Task Rollup_RunByAnEvaluator_ThenCountiesAndDownloadsInEveryFormat()
    {
        var year = Workbooks.UniqueYear();
        await UploadAndIngestAsync(year, "130151", Workbooks.Good("130151", year));
        await UploadAndIngestAsync(year, "130152", Workbooks.Good("130152", year, index: 1));

        Assert.Equal(HttpStatusCode.Forbidden, (await CallAsync("RunRollup", HttpMethod.Post, $"api/rollups/{year}/run", County("130151"), Route(year))).StatusCode);
        var run = await CallAsync("RunRollup", HttpMethod.Post, $"api/rollups/{year}/run", Evaluator, Route(year));
        Assert.Equal(HttpStatusCode.OK, run.StatusCode);
        using (var outcome = JsonDocument.Parse(await run.Content.ReadAsStringAsync()))
        {
            Assert.Equal(2, outcome.RootElement.GetProperty("counties").GetInt32());
        }

        var counties = await CallAsync("ListCounties", HttpMethod.Get, $"api/counties/{year}", Evaluator, Route(year));
        Assert.Equal(HttpStatusCode.OK, counties.StatusCode);
        using (var list = JsonDocument.Parse(await counties.Content.ReadAsStringAsync()))
        {
            Assert.Equal(["130151", "130152"], list.RootElement.GetProperty("counties").EnumerateArray().Select(c => c.GetProperty("code").GetString()));
        }

        foreach (var (format, type) in new[] { ("json", ContentTypes.Json), ("xlsx", ContentTypes.Xlsx), ("html", "text/html") })
        {
            var response = await CallAsync("DownloadRollup", HttpMethod.Get, $"api/rollups/{year}?format={format}", Evaluator, Route(year));

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(type, response.Content.Headers.ContentType!.MediaType);
            Assert.Equal(await fixture.Store.ReadAllBytesAsync(StorageLayout.RollupFile(year, format)), await response.Content.ReadAsByteArrayAsync());
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await CallAsync("DownloadRollup", HttpMethod.Get, $"api/rollups/{year}?format=json", null, Route(year))).StatusCode);
    }
}
