using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Metrics.Cli.Serve;
using Metrics.Pipeline.Api;
using Metrics.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.TestHost;

namespace Metrics.Cli.Tests;

/// <summary>
/// The HTTP routes of <c>metrics serve</c> through ASP.NET Core's in-memory test server (the
/// TestServer that WebApplicationFactory wraps), with API keys mapped to roles by their hashes.
/// </summary>
public sealed class ServeApiTests : IAsyncLifetime
{
    private const string CountyKey = "county-a-key";
    private const string EvaluatorKey = "evaluator-key";
    private readonly string root = Directory.CreateTempSubdirectory("metrics-serve-").FullName;
    private WebApplication app = null!;
    private HttpClient http = null!;

    public async Task InitializeAsync()
    {
        app = ServeHost.Build([], new Dictionary<string, string?>
        {
            ["Metrics:Storage"] = "folder:" + root,
            ["Metrics:ApiKeys:0:Name"] = "county A",
            ["Metrics:ApiKeys:0:Sha256"] = ApiKeyAuthenticator.Hash(CountyKey),
            ["Metrics:ApiKeys:0:Roles:0"] = "county:130102",
            ["Metrics:ApiKeys:1:Name"] = "evaluator",
            ["Metrics:ApiKeys:1:Sha256"] = ApiKeyAuthenticator.Hash(EvaluatorKey),
            ["Metrics:ApiKeys:1:Roles:0"] = "evaluator",
            ["Metrics:Ingest:PollSeconds"] = "0.2",
        }, background: true, configure: b => b.WebHost.UseTestServer());
        await app.StartAsync();
        http = app.GetTestClient();
    }

    public async Task DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        Directory.Delete(root, recursive: true);
    }

    private HttpRequestMessage Request(HttpMethod method, string url, string? key, HttpContent? content = null)
    {
        var r = new HttpRequestMessage(method, url) { Content = content };
        if (key is not null)
        {
            r.Headers.Add("X-Api-Key", key);
        }

        return r;
    }

    [Theory]
    [InlineData("GET", "/api/submissions/2024/130102/status", null, HttpStatusCode.Unauthorized)]
    [InlineData("GET", "/api/scorecards/2024/130102?format=json", null, HttpStatusCode.Unauthorized)]
    [InlineData("GET", "/api/me", null, HttpStatusCode.Unauthorized)]
    [InlineData("GET", "/api/me", "wrong-key", HttpStatusCode.Unauthorized)]
    [InlineData("GET", "/api/submissions/2024/130103/status", CountyKey, HttpStatusCode.Forbidden)]
    [InlineData("POST", "/api/submissions/2024/130103", CountyKey, HttpStatusCode.Forbidden)]
    [InlineData("GET", "/api/rollups/2024?format=json", CountyKey, HttpStatusCode.Forbidden)]
    [InlineData("GET", "/api/counties/2024", CountyKey, HttpStatusCode.Forbidden)]
    [InlineData("GET", "/api/submissions/2024/130103/status", EvaluatorKey, HttpStatusCode.OK)]
    [InlineData("GET", "/api/counties/2024", EvaluatorKey, HttpStatusCode.OK)]
    [InlineData("GET", "/api/submissions/2024/..%2F..%2Fx/status", EvaluatorKey, HttpStatusCode.BadRequest)]
    // Encoded dot segments are resolved by the server before routing, so no handler ever sees them.
    [InlineData("GET", "/api/scorecards/2024/%2E%2E?format=json", EvaluatorKey, HttpStatusCode.NotFound)]
    [InlineData("GET", "/api/scorecards/..%2F2024/130102", CountyKey, HttpStatusCode.BadRequest)]
    [InlineData("GET", "/", null, HttpStatusCode.OK)]
    public async Task Route_AuthorisationMatrix(string method, string url, string? key, HttpStatusCode expected)
    {
        using var response = await http.SendAsync(Request(new HttpMethod(method), url, key, method == "POST" ? new ByteArrayContent([1, 2, 3]) : null));
        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task OpenApi_DocumentsEveryRouteServeMaps_AndNothingElse()
    {
        using var response = await http.SendAsync(Request(HttpMethod.Get, "/api/openapi.json", null));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = doc.RootElement;

        var documented = root.GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Select(m => $"{m.Name.ToUpperInvariant()} {p.Name}"))
            .Order(StringComparer.Ordinal).ToArray();
        var mapped = ((IEndpointRouteBuilder)app).DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>()
            .SelectMany(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()!.HttpMethods.Select(m => $"{m} {e.RoutePattern.RawText}"))
            .Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(mapped, documented);

        // One machine authenticates by API key header.
        var scheme = root.GetProperty("components").GetProperty("securitySchemes").GetProperty("apiKey");
        Assert.Equal(("apiKey", "header", "X-Api-Key"), (scheme.GetProperty("type").GetString(), scheme.GetProperty("in").GetString(), scheme.GetProperty("name").GetString()));
        foreach (var path in root.GetProperty("paths").EnumerateObject().Where(p => p.Name.StartsWith("/api/", StringComparison.Ordinal) && p.Name != "/api/openapi.json"))
        {
            foreach (var op in path.Value.EnumerateObject())
            {
                var responses = op.Value.GetProperty("responses");
                Assert.True(responses.TryGetProperty("401", out var unauthorized), $"{op.Name} {path.Name} documents 401");
                Assert.Equal("unauthorized", unauthorized.GetProperty("content").GetProperty("application/json").GetProperty("example").GetProperty("error").GetString());
            }
        }

        var upload = root.GetProperty("paths").GetProperty("/api/submissions/{year}/{county}").GetProperty("post");
        Assert.True(upload.GetProperty("requestBody").GetProperty("content").TryGetProperty("multipart/form-data", out _));
        foreach (var code in new[] { "202", "413", "415" })
        {
            Assert.True(upload.GetProperty("responses").TryGetProperty(code, out _), code);
        }
    }

    [Fact]
    public async Task Portal_SendsSecurityHeaders_WithTheInlineBlocksPinnedByHash()
    {
        using var page = await http.SendAsync(Request(HttpMethod.Get, "/", null));
        var html = await page.Content.ReadAsStringAsync();
        var csp = string.Join(";", page.Headers.GetValues("Content-Security-Policy"));

        Assert.Equal("nosniff", string.Join(",", page.Headers.GetValues("X-Content-Type-Options")));
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("default-src 'none'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", csp, StringComparison.Ordinal);
        // The page's own script is allowed by the hash of its exact text, as the browser computes it.
        var start = html.IndexOf("<script>", StringComparison.Ordinal) + "<script>".Length;
        var script = html[start..html.IndexOf("</script>", start, StringComparison.Ordinal)];
        var hash = Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(script)));
        Assert.Contains($"script-src 'sha256-{hash}'", csp, StringComparison.Ordinal);
        using var api = await http.SendAsync(Request(HttpMethod.Get, "/api/me", CountyKey));
        Assert.Equal("nosniff", string.Join(",", api.Headers.GetValues("X-Content-Type-Options")));
    }

    [Fact]
    public async Task Upload_CurlFormFile_IsAcceptedAsTheWorkbook()
    {
        // `curl -F file=@county.xlsx`: HttpClient's MultipartFormDataContent sends the same shape.
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Workbooks.Good("130102", 2024));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        form.Add(file, "file", "county.xlsx");
        using var upload = await http.SendAsync(Request(HttpMethod.Post, "/api/submissions/2024/130102", CountyKey, form));
        Assert.Equal(HttpStatusCode.Accepted, upload.StatusCode);

        var state = await WaitForStateAsync();
        Assert.Equal("accepted", state);

        using var json = new StringContent("{\"x\":1}", System.Text.Encoding.UTF8, "application/json");
        using var refused = await http.SendAsync(Request(HttpMethod.Post, "/api/submissions/2024/130102", CountyKey, json));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, refused.StatusCode);
        Assert.Equal("unsupported_media_type", JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString());
        Assert.Single(Directory.GetFiles(Path.Combine(root, "submissions", "2024", "130102")));
    }

    private async Task<string> WaitForStateAsync()
    {
        var state = "processing";
        for (var i = 0; i < 150 && state == "processing"; i++)
        {
            await Task.Delay(200);
            using var status = await http.SendAsync(Request(HttpMethod.Get, "/api/submissions/2024/130102/status", CountyKey));
            state = JsonDocument.Parse(await status.Content.ReadAsStringAsync()).RootElement.GetProperty("state").GetString()!;
        }

        return state;
    }

    [Fact]
    public async Task Upload_IsIngestedByTheWatcher_AndTheScorecardDownloads()
    {
        var content = new ByteArrayContent(Workbooks.Good("130102", 2024));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        using var upload = await http.SendAsync(Request(HttpMethod.Post, "/api/submissions/2024/130102", CountyKey, content));
        Assert.Equal(HttpStatusCode.Accepted, upload.StatusCode);

        string state = "processing";
        for (var i = 0; i < 150 && state == "processing"; i++)
        {
            await Task.Delay(200);
            using var status = await http.SendAsync(Request(HttpMethod.Get, "/api/submissions/2024/130102/status", CountyKey));
            state = JsonDocument.Parse(await status.Content.ReadAsStringAsync()).RootElement.GetProperty("state").GetString()!;
        }

        Assert.Equal("accepted", state);
        using var html = await http.SendAsync(Request(HttpMethod.Get, "/api/scorecards/2024/130102?format=html", CountyKey));
        Assert.Equal(HttpStatusCode.OK, html.StatusCode);
        Assert.Equal("scorecard-130102-2024.html", html.Content.Headers.ContentDisposition?.FileNameStar ?? html.Content.Headers.ContentDisposition?.FileName);
        Assert.Contains("130102", await html.Content.ReadAsStringAsync());
        using var me = await http.SendAsync(Request(HttpMethod.Get, "/api/me", CountyKey));
        Assert.Equal("[\"130102\"]", JsonDocument.Parse(await me.Content.ReadAsStringAsync()).RootElement.GetProperty("counties").GetRawText());
    }
}
