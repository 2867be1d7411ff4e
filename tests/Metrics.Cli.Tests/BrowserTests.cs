using System.Diagnostics;
using Metrics.Pipeline.Api;
using Metrics.TestSupport;

namespace Metrics.Cli.Tests;

/// <summary>
/// End to end in a real browser: Debian's Chromium driven by playwright-core (tests/Metrics.E2E)
/// against a real <c>metrics serve</c> on 127.0.0.1 — upload a workbook, see it accepted, download
/// the scorecard; upload a broken one, see its issues.
/// </summary>
public sealed class BrowserTests : IDisposable
{
    private readonly string work = Directory.CreateTempSubdirectory("metrics-e2e-").FullName;

    public void Dispose() => Directory.Delete(work, recursive: true);

    [Fact]
    public async Task Portal_UploadGoodAndBrokenWorkbooks_ShowsAcceptedThenIssues()
    {
        var chromium = await Chromium.EnsureAsync();
        var e2e = Path.Combine(RepoRoot(), "tests", "Metrics.E2E");
        await E2EPackagesAsync();

        var good = Path.Combine(work, "good.xlsx");
        var bad = Path.Combine(work, "bad.xlsx");
        await File.WriteAllBytesAsync(good, Workbooks.Good("130102", 2024));
        await File.WriteAllBytesAsync(bad, Workbooks.Broken("130102", 2024));
        const string key = "e2e-county-key";
        var storage = Directory.CreateDirectory(Path.Combine(work, "data")).FullName;
        // An earlier year on record: the page must open on it, not on the clock's year.
        await new Metrics.Pipeline.Ingest.StatusStore(new Metrics.Pipeline.Storage.FolderBlobStore(storage)).WriteAsync(
            new Metrics.Pipeline.Ingest.SubmissionStatus(Metrics.Pipeline.Ingest.SubmissionState.Rejected, 2022, "130102", "长安区", "submissions/2022/130102/x.xlsx", null, DateTimeOffset.UnixEpoch, null, []), default);
        using var serve = await ServeProcess.StartAsync(storage, new Dictionary<string, string>
        {
            ["Metrics__ApiKeys__0__Name"] = "county",
            ["Metrics__ApiKeys__0__Sha256"] = ApiKeyAuthenticator.Hash(key),
            ["Metrics__ApiKeys__0__Roles__0"] = "county:130102",
            ["Metrics__Ingest__PollSeconds"] = "0.2",
        });

        var output = await RunAsync("node", ["e2e.mjs"], e2e, new Dictionary<string, string>
        {
            ["BASE_URL"] = serve.Url,
            ["API_KEY"] = key,
            ["YEAR"] = "2024",
            ["DEFAULT_YEAR"] = "2022",
            ["COUNTY"] = "130102",
            ["GOOD_XLSX"] = good,
            ["BAD_XLSX"] = bad,
            // METRICS_E2E_SCREENSHOTS keeps the screenshots (the work folder is deleted after the test).
            ["SCREENSHOT_DIR"] = Environment.GetEnvironmentVariable("METRICS_E2E_SCREENSHOTS") ?? Path.Combine(work, "screens"),
            ["CHROMIUM"] = chromium,
            // The run takes ~10 s here; headroom for a loaded 2-core machine and a fresh server's start-up compilation.
            ["E2E_TIMEOUT_MS"] = "120000",
        }, TimeSpan.FromMinutes(3), serve);

        Assert.Contains("ok - ", output);
    }

    // `npm ci` empties node_modules before it installs: two browser tests running it at once (this
    // class and the plan page's) saw each other's half-installed packages. Once per test process.
    private static readonly Lazy<Task> E2EPackages = new(() => RunAsync(
        "npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"], Path.Combine(RepoRoot(), "tests", "Metrics.E2E"), new Dictionary<string, string>(), TimeSpan.FromMinutes(5)));

    /// <summary>Installs tests/Metrics.E2E's packages once for every browser test of this process.</summary>
    internal static Task E2EPackagesAsync() => E2EPackages.Value;

    internal static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Metrics.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Metrics.sln not found above " + AppContext.BaseDirectory);
    }

    private static async Task<string> RunAsync(string file, string[] args, string cwd, IDictionary<string, string> env, TimeSpan timeout, ServeProcess? server = null)
    {
        var info = new ProcessStartInfo(file) { WorkingDirectory = cwd, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        foreach (var (k, v) in env)
        {
            info.Environment[k] = v;
        }

        Process p;
        try
        {
            p = Process.Start(info)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"'{file}' could not be started ({e.Message}): install Node.js 20 with npm (apt-get install nodejs npm).", e);
        }

        using (p)
        {
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            using var cts = new CancellationTokenSource(timeout);
            try
            {
                await p.WaitForExitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                p.Kill(entireProcessTree: true);
            }

            var text = await stdout + await stderr;
            Assert.True(p.HasExited && p.ExitCode == 0, $"{file} {string.Join(' ', args)} failed (exit {(p.HasExited ? p.ExitCode : -1)}):\n{text}\n--- server ---\n{server?.Output}");
            return text;
        }
    }
}
