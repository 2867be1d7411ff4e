using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Metrics.Cli.Hosting;
using Metrics.Core.Json;
using Metrics.Core.Profiles;
using Metrics.Core.Rollup;
using Metrics.Core.Scoring;
using Metrics.Pipeline;
using Metrics.Pipeline.Storage;
using Metrics.Samples;
using Microsoft.Extensions.DependencyInjection;

namespace Metrics.Cli.Commands;

/// <summary>
/// <c>metrics bench rollup</c>: the yearly rollup at national scale (2 900 counties × 2 years), as
/// <c>metrics rollup</c> runs it. The county data and summaries are generated once into a cached
/// folder (setup, not timed); the rollup is then measured in a fresh child process, so its peak
/// working set is the rollup's own and not the generator's, and its first run pays the JIT as a
/// scheduled <c>metrics rollup</c> does. The child then repeats the rollup warm and prints each
/// stage's median time and allocations.
/// </summary>
internal static class RollupBench
{
    private const int Seed = 1;
    private const int Year = 2024;
    private const double TargetSeconds = 1.0;
    private const double TargetMiB = 256;
    private const string Complete = ".complete";
    private static readonly string[] Stages = ["read", "build", "json", "xlsx", "html", "write"];

    public static Command Create()
    {
        var counties = new Option<int>("--counties") { Description = "Counties in the year (national scale is about 2 900)", DefaultValueFactory = _ => 2900 };
        var noSummaries = new Option<bool>("--no-summaries") { Description = "Store county data files only (as ingested before summaries existed): the rollup falls back to parsing them" };
        var data = new Option<DirectoryInfo?>("--data") { Description = "Folder of the generated county data, made where missing and reused (default ~/.cache/metrics-bench/rollup-{counties}-seed1[-nosummaries])" };
        var warm = new Option<int>("--warm") { Description = "Warm rollups after the first, in the same process", DefaultValueFactory = _ => 5 };
        var measure = new Option<bool>("--measure") { Description = "Internal: measure the rollup over --data in this process (the child of bench rollup)", Hidden = true };
        var command = new Command("rollup", "Roll up a year of county data at national scale in a fresh process, as `metrics rollup` does; prints the first (cold) and warm times per stage, allocations, peak memory and the targets.")
        {
            counties, noSummaries, data, warm, measure,
        };
        command.SetAction((parse, ct) =>
        {
            var n = parse.GetValue(counties);
            var summaries = !parse.GetValue(noSummaries);
            var folder = parse.GetValue(data)?.FullName ?? DefaultFolder(n, summaries);
            return parse.GetValue(measure)
                ? MeasureAsync(folder, parse.GetValue(warm), ct)
                : RunAsync(n, summaries, folder, parse.GetValue(warm), ct);
        });
        return command;
    }

    private static string DefaultFolder(int counties, bool summaries) => Path.Combine(
        CliHost.CacheFolder(), "metrics-bench", string.Create(CultureInfo.InvariantCulture, $"rollup-{counties}-seed{Seed}{(summaries ? string.Empty : "-nosummaries")}"));

    private static void Line(FormattableString text) => Console.WriteLine(FormattableString.Invariant(text));

    private static async Task<int> RunAsync(int counties, bool summaries, string folder, int warm, CancellationToken ct)
    {
        Line($"bench rollup: {counties} counties × 2 years (seed {Seed}, {(summaries ? "with" : "without")} county summaries) in {folder}");
#if DEBUG
        Line($"  (Debug build: figures are not representative; run with -c Release)");
#endif
        if (!File.Exists(Path.Combine(folder, Complete)))
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }

            var sw = Stopwatch.StartNew();
            var schools = await GenerateAsync(folder, counties, summaries, ct);
            Line($"  generated, scored and stored {schools} schools in {sw.Elapsed.TotalSeconds:0.0} s (setup, not timed; reused next time)");
        }

        var host = Environment.ProcessPath!;
        var start = new ProcessStartInfo(host) { UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(host) == "dotnet")
        {
            start.ArgumentList.Add(typeof(RollupBench).Assembly.Location);
        }

        foreach (var a in new[] { "bench", "rollup", "--measure", "--data", folder, "--warm", warm.ToString(CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(a);
        }

        using var child = Process.Start(start)!;
        await child.WaitForExitAsync(ct);
        return child.ExitCode;
    }

    private static async Task<long> GenerateAsync(string folder, int counties, bool summaries, CancellationToken ct)
    {
        var store = new FolderBlobStore(folder, flushToDisk: false);
        long schools = 0;
        foreach (var year in new[] { Year - 1, Year })
        {
            var options = new SampleOptions { Counties = counties, Seed = Seed, Year = year };
            await Parallel.ForAsync(0, counties, ct, async (i, token) =>
            {
                var sample = SampleGenerator.County(i, options);
                var card = CountyScorer.Score(sample.Submission, ProfileCatalog.Default.Get(sample.Submission.County.Profile));
                Interlocked.Add(ref schools, sample.Submission.Schools.Count);
                await store.WriteAsync(StorageLayout.CountyData(year, sample.Submission.County.Code), CountyDataJson.Serialize(sample.Submission, card), "application/json", token);
                // What ingest writes beside the data file; without it the rollup falls back to the data file.
                if (summaries)
                {
                    await store.WriteAsync(StorageLayout.CountySummary(year, sample.Submission.County.Code), SummaryJson.Serialize(ScorecardSummary.From(card)), "application/json", token);
                }
            });
        }

        await File.WriteAllTextAsync(Path.Combine(folder, Complete), string.Empty, ct);
        return schools;
    }

    /// <summary>The child: the rollup as <c>metrics rollup --storage folder:DIR</c> composes it, first cold, then warm.</summary>
    private static async Task<int> MeasureAsync(string folder, int warm, CancellationToken ct)
    {
        var process = Process.GetCurrentProcess();
        var total = Stopwatch.StartNew();
        using var host = CliHost.Start(CliHost.Settings("folder:" + folder));
        var rollups = host.Services.GetRequiredService<RollupService>();
        var hostMs = total.Elapsed.TotalMilliseconds;

        var first = await OnceAsync(rollups, ct);
        process.Refresh();
        var firstPeak = process.PeakWorkingSet64 / 1048576.0;
        var firstTotal = first.Ms.Values.Sum();
        Line($"  first rollup in a fresh process (JIT included; host start {hostMs:0} ms not counted): {first.Outcome.Counties} counties, {first.Outcome.Passing} passing");
        Print(first.Ms, first.Bytes);
        Line($"    {"total",-6} {firstTotal,7:0} ms  {first.Bytes.Values.Sum() / 1048576.0,7:0.0} MiB allocated;  peak working set {firstPeak:0} MiB");

        var times = Stages.ToDictionary(s => s, _ => new List<double>());
        var bytes = Stages.ToDictionary(s => s, _ => new List<long>());
        for (var i = 0; i < warm; i++)
        {
            var run = await OnceAsync(rollups, ct);
            foreach (var s in Stages)
            {
                times[s].Add(run.Ms[s]);
                bytes[s].Add(run.Bytes[s]);
            }
        }

        process.Refresh();
        var peak = process.PeakWorkingSet64 / 1048576.0;
        if (warm > 0)
        {
            var ms = Stages.ToDictionary(s => s, s => Median(times[s]));
            var alloc = Stages.ToDictionary(s => s, s => (long)Median(bytes[s].Select(b => (double)b).ToList()));
            var warmTotal = Median(Enumerable.Range(0, warm).Select(i => Stages.Sum(s => times[s][i])).ToList());
            Line($"  warm rollups (median of {warm}, same process):");
            Print(ms, alloc);
            Line($"    {"total",-6} {warmTotal,7:0} ms  {alloc.Values.Sum() / 1048576.0,7:0.0} MiB allocated;  peak working set {peak:0} MiB (all runs)");
            Line($"  target < {TargetSeconds:0} s: first {Verdict(firstTotal < TargetSeconds * 1000)}, warm {Verdict(warmTotal < TargetSeconds * 1000)}");
        }
        else
        {
            Line($"  target < {TargetSeconds:0} s: first {Verdict(firstTotal < TargetSeconds * 1000)}");
        }

        Line($"  target < {TargetMiB:0} MiB peak working set: {Verdict(peak < TargetMiB)} ({peak:0} MiB)");
        return 0;
    }

    private static async Task<(RollupOutcome Outcome, Dictionary<string, double> Ms, Dictionary<string, long> Bytes)> OnceAsync(RollupService rollups, CancellationToken ct)
    {
        var ms = new Dictionary<string, double>();
        var bytes = new Dictionary<string, long>();
        var sw = Stopwatch.StartNew();
        var lastMs = 0.0;
        var lastBytes = GC.GetTotalAllocatedBytes(precise: true);
        var outcome = await rollups.RunAsync(Year, stage =>
        {
            var now = sw.Elapsed.TotalMilliseconds;
            var allocated = GC.GetTotalAllocatedBytes(precise: true);
            ms[stage] = now - lastMs;
            bytes[stage] = allocated - lastBytes;
            lastMs = now;
            lastBytes = allocated;
        }, ct);
        return (outcome, ms, bytes);
    }

    private static void Print(Dictionary<string, double> ms, Dictionary<string, long> bytes)
    {
        foreach (var s in Stages)
        {
            Line($"    {s,-6} {ms[s],7:0} ms  {bytes[s] / 1048576.0,7:0.0} MiB allocated");
        }
    }

    private static string Verdict(bool met) => met ? "met" : "NOT met";

    private static double Median(List<double> xs)
    {
        var s = xs.Order().ToArray();
        return s.Length % 2 == 1 ? s[s.Length / 2] : (s[(s.Length / 2) - 1] + s[s.Length / 2]) / 2;
    }
}
