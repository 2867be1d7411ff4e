using System.Net.Http.Headers;
using Metrics.Cli.Serve;
using Metrics.Pipeline.Storage;
using Metrics.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace Metrics.Cli.Tests;

/// <summary>
/// The authorisation matrix of <see cref="AccessMatrix"/> (the same table the shared API is tested
/// with) over the HTTP host of <c>metrics serve</c> on a real Kestrel on loopback (the in-memory test server
/// refuses some of these URLs on the client side, before any server could): keys in headers, route
/// values escaped into the URL.
/// </summary>
public sealed class ServeAccessMatrixTests : IAsyncLifetime
{
    private readonly string root = Directory.CreateTempSubdirectory("metrics-serve-access-").FullName;
    private WebApplication app = null!;
    private HttpClient http = null!;

    public async Task InitializeAsync()
    {
        var settings = new Dictionary<string, string?>(AccessMatrix.Settings()) { ["Metrics:Storage"] = "folder:" + root };
        var url = $"http://127.0.0.1:{ServeProcess.FreePort()}";
        app = ServeHost.Build([], settings, background: false, configure: b => b.WebHost.UseUrls(url));
        await app.StartAsync();
        http = new HttpClient { BaseAddress = new Uri(url) };
    }

    public async Task DisposeAsync()
    {
        http.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
        Directory.Delete(root, recursive: true);
    }

    [Fact]
    public async Task EveryRoute_EveryCaller_EveryRoutePart_GetsTheExpectedAnswerAndStoresNothingElse()
    {
        var wrong = new List<string>();
        foreach (var c in AccessMatrix.Cases())
        {
            var (method, url) = AccessMatrix.Http(c);
            using var request = new HttpRequestMessage(new HttpMethod(method), url);
            if (AccessMatrix.Keys[c.Caller] is { } key)
            {
                request.Headers.TryAddWithoutValidation("X-Api-Key", key);
            }

            if (method == "POST" && c.Route == "upload")
            {
                request.Content = new ByteArrayContent(AccessMatrix.UploadBody);
                request.Content.Headers.ContentType = new MediaTypeHeaderValue(ContentTypesXlsx);
            }

            using var response = await http.SendAsync(request);
            var expected = c.ExpectedOverHttp ?? c.Expected;
            if ((int)response.StatusCode != expected)
            {
                wrong.Add($"{c} (HTTP {method} {url}): got {(int)response.StatusCode}");
            }

            await Task.Delay(2); // each upload gets its own name
        }

        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
        var stored = new List<string>();
        await foreach (var e in new FolderBlobStore(root).ListAsync(""))
        {
            stored.Add(e.Path);
        }

        Assert.Empty(AccessMatrix.Unexpected(stored));
    }

    [Fact]
    public async Task BearerHeader_CarriesTheSameKey()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/me");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AccessMatrix.OwnKey);
        using var response = await http.SendAsync(request);
        Assert.Equal(200, (int)response.StatusCode);

        // A key in the query string is never read: it would end up in logs and browser history.
        using var query = await http.GetAsync("/api/me?key=" + AccessMatrix.OwnKey);
        Assert.Equal(401, (int)query.StatusCode);
    }

    private const string ContentTypesXlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
}
