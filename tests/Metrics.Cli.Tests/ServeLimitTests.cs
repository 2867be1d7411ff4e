using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Metrics.Pipeline.Api;

namespace Metrics.Cli.Tests;

/// <summary>
/// The upload limit on a real <c>metrics serve</c> (Kestrel, not the in-memory test server): the one
/// declared limit holds, not Kestrel's default of 30 000 000 bytes, and above it the answer is the
/// bilingual JSON error with no stack trace in the log.
/// </summary>
public sealed class ServeLimitTests : IDisposable
{
    private const string Key = "limit-county-key";
    private readonly string root = Directory.CreateTempSubdirectory("metrics-limit-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Fact]
    public async Task Upload_Between30MBAndTheLimit_IsAccepted_AndAboveItIs413Json()
    {
        var env = new Dictionary<string, string>
        {
            ["Metrics__ApiKeys__0__Name"] = "county",
            ["Metrics__ApiKeys__0__Sha256"] = ApiKeyAuthenticator.Hash(Key),
            ["Metrics__ApiKeys__0__Roles__0"] = "county:130102",
            // Nothing to ingest here: the stored upload is what the test looks at.
            ["Metrics__Ingest__PollSeconds"] = "3600",
        };
        using var serve = await ServeProcess.StartAsync(root, env);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(120) };

        // 31 000 000 bytes: over Kestrel's default, under 50 MB. Before, Kestrel answered 413 with an empty body.
        using var mid = await PostAsync(http, serve.Url, ZipLike(31_000_000));
        Assert.Equal(HttpStatusCode.Accepted, mid.StatusCode);

        using var big = await PostAsync(http, serve.Url, ZipLike(UploadLimits.MaxBytes + 1));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, big.StatusCode);
        var error = JsonDocument.Parse(await big.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("too_large", error.GetProperty("error").GetString());
        Assert.Contains("50 MB", error.GetProperty("messageZh").GetString(), StringComparison.Ordinal);
        Assert.Contains("50 MB", error.GetProperty("messageEn").GetString(), StringComparison.Ordinal);
        Assert.Single(Directory.GetFiles(Path.Combine(root, "submissions", "2024", "130102")));
        Assert.DoesNotContain("Exception", serve.Output, StringComparison.Ordinal);
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient http, string url, byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        var request = new HttpRequestMessage(HttpMethod.Post, url + "/api/submissions/2024/130102") { Content = content };
        request.Headers.Add("X-Api-Key", Key);
        return await http.SendAsync(request);
    }

    private static byte[] ZipLike(int size)
    {
        var b = new byte[size];
        "PK\u0003\u0004"u8.CopyTo(b);
        return b;
    }
}
