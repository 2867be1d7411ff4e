using System.Diagnostics;
using Metrics.Pipeline.Api;
using Metrics.TestSupport;

namespace Metrics.Cli.Tests;

/// <summary>
/// The README's curl walk-through (template → upload → status → scorecard → rollup), run as
/// written by bash and curl against a real <c>metrics serve</c>: a newcomer's first session over HTTP.
/// </summary>
public sealed class WalkthroughTests : IDisposable
{
    private const string CountyKey = "walkthrough-county-key";
    private const string EvaluatorKey = "walkthrough-evaluator-key";
    private readonly string work = Directory.CreateTempSubdirectory("metrics-walkthrough-").FullName;

    public void Dispose() => Directory.Delete(work, recursive: true);

    [Fact]
    public async Task Readme_CurlWalkthrough_RunsAsWritten()
    {
        var script = ReadmeBlock();
        var storage = Directory.CreateDirectory(Path.Combine(work, "data")).FullName;
        var client = Directory.CreateDirectory(Path.Combine(work, "client")).FullName;
        await File.WriteAllBytesAsync(Path.Combine(client, "county.xlsx"), Workbooks.Good("130102", 2024));
        using var serve = await ServeProcess.StartAsync(storage, new Dictionary<string, string>
        {
            ["Metrics__ApiKeys__0__Name"] = "长安区教育局",
            ["Metrics__ApiKeys__0__Sha256"] = ApiKeyAuthenticator.Hash(CountyKey),
            ["Metrics__ApiKeys__0__Roles__0"] = "county:130102",
            ["Metrics__ApiKeys__1__Name"] = "督导室",
            ["Metrics__ApiKeys__1__Sha256"] = ApiKeyAuthenticator.Hash(EvaluatorKey),
            ["Metrics__ApiKeys__1__Roles__0"] = "evaluator",
            ["Metrics__Ingest__PollSeconds"] = "0.2",
        });

        var info = new ProcessStartInfo("bash", ["-euo", "pipefail", "-c", script])
        {
            WorkingDirectory = client,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.Environment["URL"] = serve.Url;
        info.Environment["KEY"] = CountyKey;
        info.Environment["EVAL"] = EvaluatorKey;
        using var bash = Process.Start(info)!;
        var stdout = bash.StandardOutput.ReadToEndAsync();
        var stderr = bash.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await bash.WaitForExitAsync(timeout.Token);

        Assert.True(bash.ExitCode == 0, $"exit {bash.ExitCode}\n{await stdout}\n{await stderr}\n{serve.Output}");
        Assert.Contains("\"state\":\"accepted\"", (await stdout).Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Equal("PK"u8.ToArray(), File.ReadAllBytes(Path.Combine(client, "template.xlsx"))[..2]);
        Assert.Contains("130102", File.ReadAllText(Path.Combine(client, "scorecard-130102-2024.html")), StringComparison.Ordinal);
        Assert.Equal("PK"u8.ToArray(), File.ReadAllBytes(Path.Combine(client, "rollup-2024.xlsx"))[..2]);
    }

    private static string ReadmeBlock()
    {
        var readme = File.ReadAllText(Path.Combine(RepoRoot(), "README.md"));
        var start = readme.IndexOf("<!-- walkthrough:start -->", StringComparison.Ordinal);
        var end = readme.IndexOf("<!-- walkthrough:end -->", StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, "README.md has no walkthrough block.");
        var block = readme[start..end];
        var open = block.IndexOf("```bash\n", StringComparison.Ordinal) + "```bash\n".Length;
        return block[open..block.LastIndexOf("```", StringComparison.Ordinal)];
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Metrics.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("No Metrics.sln above the test folder.");
    }
}
