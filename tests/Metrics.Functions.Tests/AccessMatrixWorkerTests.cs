using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;
using Metrics.Functions.Tests.Host;
using Metrics.TestSupport;
using Microsoft.Azure.Functions.Worker.Grpc.Messages;
using Xunit.Abstractions;

namespace Metrics.Functions.Tests;

/// <summary>
/// A worker of its own, on an Azurite of its own: the matrix runs against an empty store and afterwards
/// everything stored in it is checked, which other tests' uploads would make meaningless.
/// </summary>
[CollectionDefinition(Name)]
public sealed class AccessWorkerCollection : ICollectionFixture<WorkerFixture>
{
    public const string Name = "Worker (access matrix)";
}

/// <summary>
/// The authorisation matrix of <see cref="AccessMatrix"/> (the same table the shared API and <c>metrics serve</c>
/// are tested with) through the real Functions worker. Callers are what App Service authentication sends
/// (<see cref="AccessMatrix.AzureCallers"/>); each request is routed as the Functions host routes it (the
/// route template the worker declared, under the <c>api</c> prefix, on the path as Kestrel decodes it), then
/// goes to the worker's Kestrel with the route values as trigger metadata.
/// </summary>
[Collection(AccessWorkerCollection.Name)]
public sealed class AccessMatrixWorkerTests(WorkerFixture fixture, ITestOutputHelper output)
{
    /// <summary>The table's routes → the function serving each (the table's keys, not a copy of its URLs).</summary>
    private static readonly IReadOnlyDictionary<string, string> FunctionOf = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["portal"] = "Portal",
        ["me"] = "Me",
        ["template"] = "Template",
        ["upload"] = "UploadSubmission",
        ["status"] = "SubmissionStatus",
        ["validation"] = "DownloadValidation",
        ["scorecard"] = "DownloadScorecard",
        ["counties"] = "ListCounties",
        ["rollup"] = "DownloadRollup",
        ["run-rollup"] = "RunRollup",
    };

    [Fact]
    public async Task EveryRoute_EveryCaller_EveryRoutePart_GetsTheExpectedAnswerAndStoresNothingElse()
    {
        var cases = AccessMatrix.Cases().ToList();
        Assert.Equal(AccessMatrix.Routes.Keys.Order(StringComparer.Ordinal), FunctionOf.Keys.Order(StringComparer.Ordinal));
        var wrong = new ConcurrentBag<string>();
        var elsewhere = new ConcurrentBag<AccessCase>();
        var rejected = new ConcurrentBag<AccessCase>();
        var landedOnAnother = new ConcurrentBag<string>();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var http = HttpFunctions();

        // Four at a time: the worker serves concurrent invocations as the host would send them, and the
        // only request that stores a submission is made once, so no two uploads race for a name.
        await Parallel.ForEachAsync(cases, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (c, _) =>
        {
            var caller = AccessMatrix.AzureCallers[c.Caller];
            var (method, tableUrl) = AccessMatrix.Http(c);
            var url = tableUrl.StartsWith("/api/", StringComparison.Ordinal) ? tableUrl : "/api" + tableUrl; // the portal: "/" in serve, "/api/" in Functions

            // The host routes the path: normally to the case's own function; a bare ".." segment is resolved
            // first and may leave no function (the host's own 404) or another one (the public portal).
            var own = FunctionOf[c.Route];
            var target = http.Where(f => f.Name == own).Concat(http.Where(f => f.Name != own))
                .Where(f => f.Methods.Contains(method, StringComparer.OrdinalIgnoreCase))
                .Select(f => (f.Name, Values: HostRouting.Match(f.Template, url)))
                .FirstOrDefault(m => m.Values is not null);
            var answering = AccessMatrix.AsCaller(c, caller.AnswersAs);
            int expected;
            if (target.Name == own)
            {
                expected = answering.Expected;
            }
            else
            {
                elsewhere.Add(c);
                if (target.Name is not null)
                {
                    landedOnAnother.Add($"{c} → {target.Name}");
                }

                var landed = target.Name is null ? null : FunctionOf.Single(f => f.Value == target.Name).Key;
                expected = landed is null
                    ? answering.ExpectedOverHttp ?? answering.Expected
                    : AccessMatrix.Cases().First(o => o.Caller == caller.AnswersAs && o.Route == landed).Expected; // a route without route values: one answer per caller
            }

            int got;
            if (HostRouting.RejectedByServer(url))
            {
                // Kestrel refuses a path that decodes to a NUL (400, "invalid request target") before any
                // routing, in the host as in serve, and so does the worker's own Kestrel; its invocation would
                // then wait for a request that never comes.
                rejected.Add(c);
                got = 400;
            }
            else if (target.Name is null)
            {
                got = 404; // no function for the path: the host answers and the worker is never called
            }
            else
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), AsSent(url));
                if (caller.Principal is { } principal)
                {
                    request.Headers.TryAddWithoutValidation("X-MS-CLIENT-PRINCIPAL", principal);
                }

                if (c.Route == "upload")
                {
                    request.Content = new ByteArrayContent(AccessMatrix.UploadBody);
                    request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
                }

                var (response, result) = await fixture.Worker.HttpAsync(target.Name, request, target.Values);
                using (response)
                {
                    got = (int)response.StatusCode;
                }

                if (result.Result.Status != StatusResult.Types.Status.Success)
                {
                    wrong.Add($"{c} as {target.Name}: the invocation ended {result.Result.Status}: {result.Result.Exception?.Message}");
                }
            }

            if (got != expected)
            {
                wrong.Add($"{c} (principal answering as {caller.AnswersAs}; {method} {url} → {target.Name ?? "no function"} {Describe(target.Values)}): got {got}, expected {expected}");
            }
        });

        output.WriteLine(
            $"{cases.Count} cases in {clock.Elapsed.TotalSeconds:F1} s: {cases.Count - elsewhere.Count - rejected.Count + landedOnAnother.Count} through the worker, "
            + $"{elsewhere.Count - landedOnAnother.Count} answered 404 by the host's routing, {rejected.Count} refused by Kestrel (NUL in the path); "
            + $"resolved onto another function: {string.Join("; ", landedOnAnother.Order(StringComparer.Ordinal))}");
        Assert.True(wrong.IsEmpty, string.Join("\n", wrong.Order(StringComparer.Ordinal)) + "\n" + fixture.Worker.Output);

        // Everything in the account, every container, not only the pipeline's: nothing but the allowed writes.
        var stored = new List<string>();
        await foreach (var container in fixture.Blobs.GetBlobContainersAsync())
        {
            await foreach (var blob in fixture.Blobs.GetBlobContainerClient(container.Name).GetBlobsAsync())
            {
                stored.Add(container.Name + "/" + blob.Name);
            }
        }

        Assert.Empty(AccessMatrix.Unexpected(stored));
        Assert.Contains(stored, p => p.StartsWith($"submissions/{AccessMatrix.UploadYear}/{AccessMatrix.Own}/", StringComparison.Ordinal)); // the one allowed upload did land
        Assert.Empty(Directory.EnumerateFileSystemEntries(fixture.DecoyFolder));

        // Only the cases with a bare ".." segment (those the table gives an answer over HTTP for) miss their own function.
        Assert.Equal(
            cases.Where(c => c.ExpectedOverHttp is not null).Select(c => c.ToString()).Order(StringComparer.Ordinal),
            elsewhere.Select(c => c.ToString()).Order(StringComparer.Ordinal));
        Assert.Equal(cases.Count(c => (c.Year + c.County).Contains('\0', StringComparison.Ordinal) && c.Route != "template"), rejected.Count);
        Assert.True(cases.Count > 200, $"{cases.Count} cases");
    }

    /// <summary>Every HTTP function the worker declared: its route template and methods (its httpTrigger binding).</summary>
    private List<(string Name, string Template, string[] Methods)> HttpFunctions()
    {
        var found = new List<(string, string, string[])>();
        foreach (var (name, metadata) in fixture.Worker.Functions)
        {
            foreach (var raw in metadata.RawBindings)
            {
                using var binding = JsonDocument.Parse(raw);
                if (binding.RootElement.TryGetProperty("type", out var type) && string.Equals(type.GetString(), "httpTrigger", StringComparison.OrdinalIgnoreCase))
                {
                    var methods = binding.RootElement.TryGetProperty("methods", out var m) ? m.EnumerateArray().Select(x => x.GetString()!).ToArray() : ["GET", "POST"];
                    found.Add((name, binding.RootElement.GetProperty("route").GetString()!, methods));
                }
            }
        }

        Assert.Superset(FunctionOf.Values.ToHashSet(StringComparer.Ordinal), found.Select(f => f.Item1).ToHashSet(StringComparer.Ordinal));
        return found;
    }

    /// <summary>The URL exactly as the table escaped it: no client-side unescaping or dot-segment removal.</summary>
    private Uri AsSent(string url) =>
        new(fixture.Worker.HttpUri.GetLeftPart(UriPartial.Authority) + url, new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true });

    private static string Describe(IReadOnlyDictionary<string, string>? values) =>
        values is null ? "(no route matched)" : "{" + string.Join(", ", values.Select(v => $"{v.Key}={JsonSerializer.Serialize(v.Value)}")) + "}";
}

/// <summary>
/// What the Functions host does with a request before any worker sees it: Kestrel decodes the path (every
/// escape but <c>%2F</c>, which stays in the segment as it is) and removes dot segments, then ASP.NET Core
/// routing matches the function's template under the <c>api/</c> prefix; the route values are the matched
/// segments. No match: the host answers 404 itself.
/// </summary>
internal static class HostRouting
{
    private const string Prefix = "api";

    /// <summary>Whether Kestrel refuses the request line: the path decodes to a NUL character.</summary>
    public static bool RejectedByServer(string url) =>
        Uri.UnescapeDataString(url.Split('?', 2)[0]).Contains('\0', StringComparison.Ordinal);

    public static IReadOnlyDictionary<string, string>? Match(string template, string url)
    {
        var path = url.Split('?', 2)[0];
        var segments = new List<string>();
        foreach (var raw in path.Split('/').Skip(1))
        {
            var segment = Uri.UnescapeDataString(raw.Replace("%2F", "%252F", StringComparison.OrdinalIgnoreCase));
            if (segment == "..")
            {
                if (segments.Count > 0)
                {
                    segments.RemoveAt(segments.Count - 1);
                }
            }
            else if (segment != ".")
            {
                segments.Add(segment);
            }
        }

        // "/api/" is the segments ["api", ""]: a trailing empty segment is the same path as none.
        if (segments.Count > 0 && segments[^1].Length == 0)
        {
            segments.RemoveAt(segments.Count - 1);
        }

        if (segments.Count == 0 || segments[0] != Prefix)
        {
            return null;
        }

        segments.RemoveAt(0);
        var parts = template.Split('/');
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < parts.Length; i++)
        {
            var part = parts[i];
            var parameter = Regex.Match(part, @"^\{(?<name>[a-z]+)(?::regex\((?<regex>.*)\))?(?<optional>\?)?\}$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
            if (i >= segments.Count)
            {
                if (parameter.Success && parameter.Groups["optional"].Success)
                {
                    continue;
                }

                return null;
            }

            if (!parameter.Success)
            {
                if (!string.Equals(part, segments[i], StringComparison.OrdinalIgnoreCase))
                {
                    return null;
                }

                continue;
            }

            if (segments[i].Length == 0
                || (parameter.Groups["regex"].Success
                    && !Regex.IsMatch(segments[i], parameter.Groups["regex"].Value, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1))))
            {
                return null;
            }

            values[parameter.Groups["name"].Value] = segments[i];
        }

        return segments.Count > parts.Length ? null : values;
    }
}
