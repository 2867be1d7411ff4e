using System.Text;
using System.Text.Json;
using Metrics.Core.Profiles;
using Metrics.Pipeline.Api;
using Metrics.Pipeline.Ingest;
using Metrics.Pipeline.Storage;
using Metrics.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Metrics.Pipeline.Tests.Api;

/// <summary>The authorisation matrix and the routes' behaviour, on the shared API both hosts use.</summary>
public sealed class MetricsApiTests : IDisposable
{
    private static readonly MetricsPrincipal CountyA = MetricsPrincipal.FromRoles("A", ["county:130102"]);
    private static readonly MetricsPrincipal Evaluator = MetricsPrincipal.FromRoles("E", ["evaluator"]);

    private readonly string root = Directory.CreateTempSubdirectory("metrics-api-").FullName;
    private readonly FolderBlobStore store;
    private readonly MetricsApi api;
    private readonly IngestService ingest;

    public MetricsApiTests()
    {
        store = new FolderBlobStore(root);
        var clock = new FakeTimeProvider(new DateTimeOffset(2025, 5, 1, 8, 0, 0, TimeSpan.Zero));
        api = new MetricsApi(store, ProfileCatalog.Default, new RollupService(store, clock, NullLogger<RollupService>.Instance), clock);
        ingest = new IngestService(store, new SubmissionProcessor(ProfileCatalog.Default), NullLogger<IngestService>.Instance);
    }

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Fact]
    public async Task Routes_Anonymous_Get401()
    {
        Assert.Equal(401, api.Me(null).StatusCode);
        Assert.Equal(401, (await api.StatusAsync(null, "2024", "130102", default)).StatusCode);
        Assert.Equal(401, (await api.ScorecardAsync(null, "2024", "130102", "json", default)).StatusCode);
        Assert.Equal(401, (await api.UploadAsync(null, "2024", "130102", new MemoryStream([1]), default)).StatusCode);
        Assert.Equal(401, (await api.RollupAsync(null, "2024", null, default)).StatusCode);
        Assert.Equal(401, (await api.TemplateAsync(null, null, null, default)).StatusCode);
    }

    [Fact]
    public async Task Routes_CountyAForCountyB_Get403()
    {
        Assert.Equal(403, (await api.StatusAsync(CountyA, "2024", "130103", default)).StatusCode);
        Assert.Equal(403, (await api.ScorecardAsync(CountyA, "2024", "130103", "html", default)).StatusCode);
        Assert.Equal(403, (await api.UploadAsync(CountyA, "2024", "130103", new MemoryStream([1]), default)).StatusCode);
        Assert.Equal(403, (await api.CountiesAsync(CountyA, "2024", default)).StatusCode);
        Assert.Equal(403, (await api.RollupAsync(CountyA, "2024", "json", default)).StatusCode);
        Assert.Equal(403, (await api.RunRollupAsync(CountyA, "2024", default)).StatusCode);
        // Evaluators read every county but do not upload for one.
        Assert.Equal(403, (await api.UploadAsync(Evaluator, "2024", "130103", new MemoryStream([1]), default)).StatusCode);
        Assert.Empty(Directory.GetFileSystemEntries(root));
    }

    [Theory]
    [InlineData("..", "130102")]
    [InlineData("2024", "..")]
    [InlineData("2024", "13010%2F..")]
    [InlineData("2024", "../../x")]
    [InlineData("24", "130102")]
    [InlineData("2024", "1301020")]
    [InlineData("1999", "130102")]
    public async Task Routes_PathTraversalOrBadIdentifiers_Get400(string year, string county)
    {
        Assert.Equal(400, (await api.StatusAsync(Evaluator, year, county, default)).StatusCode);
        Assert.Equal(400, (await api.ScorecardAsync(Evaluator, year, county, "json", default)).StatusCode);
        Assert.Equal(400, (await api.UploadAsync(CountyA, year, county, new MemoryStream([1]), default)).StatusCode);
        Assert.Empty(Directory.GetFileSystemEntries(root));
    }

    [Fact]
    public async Task Upload_ByItsCounty_IsStoredUnderItsOwnNameAndScoredByIngestion()
    {
        var upload = await api.UploadAsync(CountyA, "2024", "130102", new MemoryStream(Workbooks.Good("130102", 2024)), default);
        Assert.Equal(202, upload.StatusCode);
        Assert.Equal("processing", Json(await api.StatusAsync(CountyA, "2024", "130102", default)).GetProperty("state").GetString());
        var blob = Json(upload).GetProperty("blob").GetString()!;
        Assert.StartsWith("submissions/2024/130102/", blob, StringComparison.Ordinal);

        await ingest.IngestAsync(blob, default);

        var status = Json(await api.StatusAsync(CountyA, "2024", "130102", default));
        Assert.Equal("accepted", status.GetProperty("state").GetString());
        var html = await api.ScorecardAsync(CountyA, "2024", "130102", "html", default);
        Assert.Equal((200, ContentTypes.Html), (html.StatusCode, html.ContentType));
        Assert.Equal("scorecard-130102-2024.html", html.FileName);
        Assert.Equal(200, (await api.ScorecardAsync(Evaluator, "2024", "130102", "xlsx", default)).StatusCode);
        var counties = Json(await api.CountiesAsync(Evaluator, "2024", default)).GetProperty("counties");
        Assert.Equal("130102", counties[0].GetProperty("code").GetString());
        Assert.Equal(400, (await api.ScorecardAsync(CountyA, "2024", "130102", "pdf", default)).StatusCode);
        Assert.Equal(404, (await api.RollupAsync(Evaluator, "2024", "json", default)).StatusCode);
        Assert.Equal(200, (await api.RunRollupAsync(Evaluator, "2024", default)).StatusCode);
        Assert.Equal(200, (await api.RollupAsync(Evaluator, "2024", "xlsx", default)).StatusCode);
    }

    [Fact]
    public async Task Upload_TwoInTheSameMillisecond_BothKept_TheSecondOrderedAfter()
    {
        // The clock does not move between the two uploads: both would be named 20250501T080000000Z.xlsx,
        // and the second used to overwrite the first.
        var first = Workbooks.Good("130102", 2024);
        var second = Workbooks.Broken("130102", 2024);

        var a = await api.UploadAsync(CountyA, "2024", "130102", new MemoryStream(first), default);
        var b = await api.UploadAsync(CountyA, "2024", "130102", new MemoryStream(second), default);

        var pathA = JsonDocument.Parse(a.Body).RootElement.GetProperty("blob").GetString()!;
        var pathB = JsonDocument.Parse(b.Body).RootElement.GetProperty("blob").GetString()!;
        Assert.Equal("submissions/2024/130102/20250501T080000000Z.xlsx", pathA);
        Assert.Equal("submissions/2024/130102/20250501T080000000Z_2.xlsx", pathB);
        Assert.True(string.CompareOrdinal(pathB, pathA) > 0, "the later upload must win the ordering guard's tie-break by name");
        Assert.Equal(first, await store.ReadAllBytesAsync(pathA));
        Assert.Equal(second, await store.ReadAllBytesAsync(pathB));
    }

    [Fact]
    public async Task Upload_EmptyOrHuge_IsRefusedBeforeStoring()
    {
        Assert.Equal(400, (await api.UploadAsync(CountyA, "2024", "130102", new MemoryStream(), default)).StatusCode);
        Assert.Equal(413, (await api.UploadAsync(CountyA, "2024", "130102", new MemoryStream(new byte[UploadLimits.MaxBytes + 1]), default)).StatusCode);
        Assert.Empty(Directory.GetFileSystemEntries(root));
    }

    [Fact]
    public async Task Upload_Multipart_StoresTheFilePartItself()
    {
        // What `curl -F file=@county.xlsx` sends: one form part carrying the workbook. Before,
        // the whole envelope (boundary lines and part headers) was stored and then rejected as
        // "not an Excel .xlsx workbook".
        var workbook = Workbooks.Good("130102", 2024);
        var (type, body) = Multipart(("note", null, "from curl"u8.ToArray()), ("file", "county.xlsx", workbook));

        var upload = await api.UploadAsync(CountyA, "2024", "130102", type, body.Length, new MemoryStream(body), default);

        Assert.Equal(202, upload.StatusCode);
        var blob = Json(upload).GetProperty("blob").GetString()!;
        Assert.Equal(workbook, File.ReadAllBytes(Path.Combine(root, blob)));
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(workbook)), Json(upload).GetProperty("sha256").GetString());
        await ingest.IngestAsync(blob, default);
        Assert.Equal("accepted", Json(await api.StatusAsync(CountyA, "2024", "130102", default)).GetProperty("state").GetString());
    }

    [Theory]
    [InlineData("application/json", "{\"x\":1}", 415, "unsupported_media_type")]
    [InlineData("text/plain; charset=utf-8", "hello", 415, "unsupported_media_type")]
    [InlineData("application/x-www-form-urlencoded", "a=b", 415, "unsupported_media_type")]
    [InlineData("application/octet-stream", "{\"x\":1}", 415, "not_xlsx")]
    [InlineData(null, "not a workbook", 415, "not_xlsx")]
    public async Task Upload_NotAWorkbook_IsRefusedAtOnceAndNothingStored(string? type, string text, int status, string code)
    {
        var r = await api.UploadAsync(CountyA, "2024", "130102", type, text.Length, new MemoryStream(Encoding.UTF8.GetBytes(text)), default);

        Assert.Equal((status, code), (r.StatusCode, Json(r).GetProperty("error").GetString()));
        Assert.False(string.IsNullOrEmpty(Json(r).GetProperty("messageZh").GetString()));
        Assert.False(string.IsNullOrEmpty(Json(r).GetProperty("messageEn").GetString()));
        Assert.Empty(Directory.GetFileSystemEntries(root));
    }

    [Fact]
    public async Task Upload_MultipartWithNoOrTwoFileParts_Is400AndNothingStored()
    {
        var workbook = Workbooks.Good("130102", 2024);
        var (t0, none) = Multipart(("note", null, "x"u8.ToArray()));
        var (t2, two) = Multipart(("a", "a.xlsx", workbook), ("b", "b.xlsx", workbook));

        var r0 = await api.UploadAsync(CountyA, "2024", "130102", t0, none.Length, new MemoryStream(none), default);
        var r2 = await api.UploadAsync(CountyA, "2024", "130102", t2, two.Length, new MemoryStream(two), default);
        var noBoundary = await api.UploadAsync(CountyA, "2024", "130102", "multipart/form-data", two.Length, new MemoryStream(two), default);

        Assert.Equal((400, "one_file"), (r0.StatusCode, Json(r0).GetProperty("error").GetString()));
        Assert.Equal((400, "one_file"), (r2.StatusCode, Json(r2).GetProperty("error").GetString()));
        Assert.Equal((400, "bad_multipart"), (noBoundary.StatusCode, Json(noBoundary).GetProperty("error").GetString()));
        Assert.Empty(Directory.GetFileSystemEntries(root));
    }

    [Fact]
    public async Task Upload_DeclaredLengthOverTheLimit_Is413WithoutReadingTheBody()
    {
        var body = new ThrowingStream();

        var r = await api.UploadAsync(CountyA, "2024", "130102", "application/octet-stream", UploadLimits.MaxBytes + 1L, body, default);

        Assert.Equal((413, "too_large"), (r.StatusCode, Json(r).GetProperty("error").GetString()));
        Assert.Contains("50 MB", Json(r).GetProperty("messageEn").GetString(), StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(root));
    }

    private static (string ContentType, byte[] Body) Multipart(params (string Name, string? FileName, byte[] Content)[] parts)
    {
        const string boundary = "----metricsTestBoundary7MA4YWxkTrZu0gW";
        using var m = new MemoryStream();
        foreach (var (name, fileName, content) in parts)
        {
            var disposition = fileName is null
                ? $"Content-Disposition: form-data; name=\"{name}\"\r\n"
                : $"Content-Disposition: form-data; name=\"{name}\"; filename=\"{fileName}\"\r\nContent-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n";
            m.Write(Encoding.ASCII.GetBytes($"--{boundary}\r\n{disposition}\r\n"));
            m.Write(content);
            m.Write("\r\n"u8);
        }

        m.Write(Encoding.ASCII.GetBytes($"--{boundary}--\r\n"));
        return ($"multipart/form-data; boundary={boundary}", m.ToArray());
    }

    private sealed class ThrowingStream : MemoryStream
    {
        public override int Read(byte[] buffer, int offset, int count) => throw new InvalidOperationException("The body must not be read.");

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => throw new InvalidOperationException("The body must not be read.");
    }

    [Fact]
    public async Task Template_IsAWorkbookForAnyAuthenticatedCaller()
    {
        var t = await api.TemplateAsync(CountyA, "2024", "basic-2012", default);

        Assert.Equal((200, ContentTypes.Xlsx, "metrics-template-2024-basic-2012.xlsx"), (t.StatusCode, t.ContentType, t.FileName));
        Assert.Equal("PK"u8.ToArray(), t.Body[..2]);
        Assert.Equal(400, (await api.TemplateAsync(CountyA, "2024", "nope", default)).StatusCode);
    }

    [Fact]
    public void OpenApi_ForFunctions_DescribesAppServiceAuthentication_AndThePageUnderApi()
    {
        var doc = Json(MetricsApi.OpenApi(ApiHost.Functions));
        var serve = Json(MetricsApi.OpenApi(ApiHost.Serve));

        var scheme = doc.GetProperty("components").GetProperty("securitySchemes").GetProperty("appServiceAuth");
        Assert.Equal("bearer", scheme.GetProperty("scheme").GetString());
        Assert.Contains("X-MS-CLIENT-PRINCIPAL", scheme.GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.False(doc.GetProperty("components").GetProperty("securitySchemes").TryGetProperty("apiKey", out _));
        Assert.True(doc.GetProperty("paths").TryGetProperty("/api/", out _));
        Assert.False(doc.GetProperty("paths").TryGetProperty("/", out _));
        // Apart from the page's path the two hosts document the same routes.
        Assert.Equal(
            serve.GetProperty("paths").EnumerateObject().Select(p => p.Name).Where(p => p != "/").Order(StringComparer.Ordinal),
            doc.GetProperty("paths").EnumerateObject().Select(p => p.Name).Where(p => p != "/api/").Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Me_ListsTheYearsWithDataTheCallerMaySee()
    {
        var statuses = new StatusStore(store);
        foreach (var (year, county) in new[] { (2022, "130102"), (2023, "130103"), (2021, "130102") })
        {
            await statuses.WriteAsync(new SubmissionStatus(SubmissionState.Rejected, year, county, null, null, null, DateTimeOffset.UnixEpoch, null, []), default);
        }

        // County A sees its own years (2021, 2022); the evaluator every year with any county (2021–2023).
        Assert.Equal("[2021,2022]", Json(await api.MeAsync(CountyA, default)).GetProperty("years").GetRawText());
        Assert.Equal("[2021,2022,2023]", Json(await api.MeAsync(Evaluator, default)).GetProperty("years").GetRawText());
        Assert.Equal(401, (await api.MeAsync(null, default)).StatusCode);
    }

    [Fact]
    public void Portal_StatesAndChecksTheOneUploadLimit()
    {
        // The page checks a file before sending it and says the limit in both languages; all of it
        // must be the limit the API enforces (50 MiB), not a second number.
        var page = Encoding.UTF8.GetString(api.Portal().Body);
        Assert.Equal(50 * 1024 * 1024, UploadLimits.MaxBytes);
        Assert.Contains("var MAX_BYTES = 50 * 1024 * 1024;", page, StringComparison.Ordinal);
        Assert.Contains("不超过 " + UploadLimits.Text, page, StringComparison.Ordinal);
        Assert.Contains("at most " + UploadLimits.Text, page, StringComparison.Ordinal);
    }

    [Fact]
    public void Portal_IsTheEmbeddedPage()
    {
        var page = api.Portal();
        Assert.Equal(200, page.StatusCode);
        Assert.Contains("<html", Encoding.UTF8.GetString(page.Body), StringComparison.OrdinalIgnoreCase);
    }

    private static JsonElement Json(ApiResult r) => JsonDocument.Parse(r.Body).RootElement.Clone();
}
