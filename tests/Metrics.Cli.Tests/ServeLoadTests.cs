using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Metrics.Excel.Template;
using Metrics.Pipeline;
using Metrics.Pipeline.Api;
using Metrics.Pipeline.Ingest;
using Metrics.Pipeline.Storage;
using Metrics.Samples;
using Xunit.Abstractions;

namespace Metrics.Cli.Tests;

/// <summary>
/// Load on a real <c>metrics serve</c> on 127.0.0.1, bounded in count and time: 500 uploads from 50
/// concurrent clients (one county each, ten versions in turn), then 500 downloads. Measures throughput,
/// p50/p99 latency of upload and download, and errors, which must be 0; every upload must be scored
/// (a receipt saying Accepted, or Superseded for a version overtaken by its county's newer one) and every
/// county must end on its newest upload. The figures are printed (run with --logger "console;verbosity=detailed").
/// </summary>
public sealed class ServeLoadTests(ITestOutputHelper output) : IDisposable
{
    private const int Clients = 50;
    private const int PerClient = 10;
    private const int Year = 2024;
    private const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    private readonly string root = Directory.CreateTempSubdirectory("metrics-load-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    private static string County(int client) => (170101 + client).ToString(CultureInfo.InvariantCulture);

    private static string Key(int client) => "load-key-" + client.ToString(CultureInfo.InvariantCulture);

    [Fact]
    public async Task Serve_500UploadsFrom50Clients_AllScoredNoErrors()
    {
        // Small generated workbooks (5–8 schools), one per county: the load is on the server, not on
        // the generator. A county's ten versions differ only in their zip comment, so each has its own
        // bytes and hash (and is processed) while writing 50 workbooks instead of 500.
        var bodies = new byte[Clients * PerClient][];
        Parallel.For(0, Clients, c =>
        {
            var sample = SampleGenerator.County(0, new SampleOptions { Seed = 11 + c, Year = Year, Counties = 1, MinSchools = 5, MaxSchools = 8 });
            var submission = sample.Submission with { County = sample.Submission.County with { Code = County(c), SchoolYear = Year, Name = "负载县" } };
            using var buffer = new MemoryStream();
            SubmissionWorkbookWriter.Write(submission, buffer, []);
            for (var v = 0; v < PerClient; v++)
            {
                bodies[c * PerClient + v] = WithZipComment(buffer.ToArray(), "version " + v.ToString(CultureInfo.InvariantCulture));
            }
        });

        var env = new Dictionary<string, string>
        {
            ["Metrics__Ingest__PollSeconds"] = "0.2",
            ["Logging__LogLevel__Default"] = "Warning",
        };
        for (var c = 0; c < Clients; c++)
        {
            env[$"Metrics__ApiKeys__{c}__Name"] = "county " + County(c);
            env[$"Metrics__ApiKeys__{c}__Sha256"] = ApiKeyAuthenticator.Hash(Key(c));
            env[$"Metrics__ApiKeys__{c}__Roles__0"] = "county:" + County(c);
        }

        using var serve = await ServeProcess.StartAsync(root, env);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = Clients }) { BaseAddress = new Uri(serve.Url), Timeout = TimeSpan.FromSeconds(60) };
        var errors = new ConcurrentQueue<string>();
        var uploadMs = new ConcurrentBag<double>();
        var blobs = new string[Clients, PerClient];
        var shas = new string[Clients, PerClient];

        var total = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Clients).Select(c => Task.Run(async () =>
        {
            for (var v = 0; v < PerClient; v++)
            {
                var content = new ByteArrayContent(bodies[c * PerClient + v]);
                content.Headers.ContentType = new MediaTypeHeaderValue(Xlsx);
                using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/submissions/{Year}/{County(c)}") { Content = content };
                request.Headers.Add("X-Api-Key", Key(c));
                var sw = Stopwatch.StartNew();
                try
                {
                    using var response = await http.SendAsync(request);
                    var body = await response.Content.ReadAsStringAsync();
                    uploadMs.Add(sw.Elapsed.TotalMilliseconds);
                    if (response.StatusCode != HttpStatusCode.Accepted)
                    {
                        errors.Enqueue($"upload {County(c)} #{v}: {(int)response.StatusCode} {body}");
                        continue;
                    }

                    using var doc = JsonDocument.Parse(body);
                    blobs[c, v] = doc.RootElement.GetProperty("blob").GetString()!;
                    shas[c, v] = doc.RootElement.GetProperty("sha256").GetString()!;
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    errors.Enqueue($"upload {County(c)} #{v}: {e.GetType().Name} {e.Message}");
                }
            }
        })));
        var uploadSeconds = total.Elapsed.TotalSeconds;
        Assert.True(errors.IsEmpty, string.Join("\n", errors));

        // Every upload scored: wait for the receipt of each version.
        var store = new FolderBlobStore(root);
        var results = new Dictionary<string, int>(StringComparer.Ordinal);
        var deadline = Stopwatch.StartNew();
        var pending = Enumerable.Range(0, Clients * PerClient).Select(i => blobs[i / PerClient, i % PerClient]).ToList();
        while (pending.Count > 0)
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromMinutes(8), $"{pending.Count} of 500 uploads still unscored after 8 min");
            var still = new List<string>();
            foreach (var blob in pending)
            {
                var entry = (await store.GetAsync(blob))!;
                if (await store.ReadAllBytesAsync(StorageLayout.Receipt(blob, entry.ETag)) is { } receipt)
                {
                    var result = JsonDocument.Parse(receipt).RootElement.GetProperty("result").GetString()!;
                    results[result] = results.GetValueOrDefault(result) + 1;
                }
                else
                {
                    still.Add(blob);
                }
            }

            pending = still;
            if (pending.Count > 0)
            {
                await Task.Delay(250);
            }
        }

        var scoredSeconds = total.Elapsed.TotalSeconds;

        // Downloads: each client reads its county's scorecard ten times.
        var downloadMs = new ConcurrentBag<double>();
        var download = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Clients).Select(c => Task.Run(async () =>
        {
            for (var v = 0; v < PerClient; v++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/scorecards/{Year}/{County(c)}?format=json");
                request.Headers.Add("X-Api-Key", Key(c));
                var sw = Stopwatch.StartNew();
                try
                {
                    using var response = await http.SendAsync(request);
                    var body = await response.Content.ReadAsByteArrayAsync();
                    downloadMs.Add(sw.Elapsed.TotalMilliseconds);
                    if (response.StatusCode != HttpStatusCode.OK)
                    {
                        errors.Enqueue($"download {County(c)}: {(int)response.StatusCode}");
                        continue;
                    }

                    // The county ends on its newest upload.
                    using var card = JsonDocument.Parse(body);
                    var sha = card.RootElement.GetProperty("submission").GetProperty("sha256").GetString();
                    if (sha != shas[c, PerClient - 1])
                    {
                        errors.Enqueue($"download {County(c)}: scorecard of {sha}, not of the newest upload {shas[c, PerClient - 1]}");
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    errors.Enqueue($"download {County(c)}: {e.GetType().Name} {e.Message}");
                }
            }
        })));
        var downloadSeconds = download.Elapsed.TotalSeconds;

        var peak = serve.PeakMemoryBytes();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"uploads: {Clients * PerClient} from {Clients} clients in {uploadSeconds:0.0} s = {Clients * PerClient / uploadSeconds:0.0}/s; latency p50 {P(uploadMs, 50):0} ms, p99 {P(uploadMs, 99):0} ms, max {uploadMs.Max():0} ms"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"scored: all {Clients * PerClient} {scoredSeconds:0.0} s after the first upload = {Clients * PerClient / scoredSeconds:0.0}/s ({string.Join(", ", results.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => $"{r.Key} {r.Value}"))})"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"downloads: {downloadMs.Count} in {downloadSeconds:0.0} s = {downloadMs.Count / downloadSeconds:0.0}/s; latency p50 {P(downloadMs, 50):0} ms, p99 {P(downloadMs, 99):0} ms; errors {errors.Count}; server peak memory {(peak is { } p ? (p / 1048576.0).ToString("0", CultureInfo.InvariantCulture) + " MiB" : "n/a")}"));

        Assert.True(errors.IsEmpty, string.Join("\n", errors));
        Assert.Equal(Clients * PerClient, results.GetValueOrDefault("Accepted") + results.GetValueOrDefault("Superseded"));
        for (var c = 0; c < Clients; c++)
        {
            var status = (await new StatusStore(store).ReadAsync(Year, County(c), default))!;
            Assert.Equal((SubmissionState.Accepted, blobs[c, PerClient - 1]), (status.State, status.Blob));
        }
    }

    /// <summary>The zip with a comment: the end-of-central-directory record (last 22 bytes of a zip without one) ends with the comment's length, then the comment.</summary>
    private static byte[] WithZipComment(byte[] zip, string comment)
    {
        var eocd = zip.Length - 22;
        Assert.Equal(0x06054b50u, BitConverter.ToUInt32(zip, eocd));
        var text = System.Text.Encoding.ASCII.GetBytes(comment);
        var result = new byte[zip.Length + text.Length];
        zip.CopyTo(result, 0);
        BitConverter.GetBytes((ushort)text.Length).CopyTo(result, zip.Length - 2);
        text.CopyTo(result, zip.Length);
        return result;
    }

    private static double P(IEnumerable<double> values, int percentile)
    {
        var sorted = values.Order().ToArray();
        return sorted[Math.Clamp((int)Math.Ceiling(percentile / 100.0 * sorted.Length) - 1, 0, sorted.Length - 1)];
    }
}
