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
    private static readonly string[] Stages = ["read", "build", "outputs", "write"];

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

        // Read once untimed, as `bench score` reads its batch: these machines page out memory left unused for about a
        // minute, page cache included, so a first rollup long after the last one read its 5 800 files from the disk
        // (read 2.8 s against 0.4 s) and measured the disk rather than the rollup.
        var warmed = new[] { Year - 1, Year }.Sum(year => WarmFiles(folder, summaries ? StorageLayout.SummaryPrefix(year) : StorageLayout.DataPrefix(year)));
        Line($"  {warmed} county files read once untimed, so the first rollup is timed from memory");

        var host = Environment.ProcessPath!;
        var start = new ProcessStartInfo(host) { UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(host) == "dotnet")
        {
            start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "metrics.dll"));
        }

        foreach (var a in new[] { "bench", "rollup", "--measure", "--data", folder, "--warm", warm.ToString(CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(a);
        }

        using var child = Process.Start(start)!;
        await child.WaitForExitAsync(ct);
        return child.ExitCode;
    }

    /// <summary>Reads every file a folder store holds under <paramref name="prefix"/> (one folder of blobs) and discards it.</summary>
    private static int WarmFiles(string root, string prefix)
    {
        var files = Directory.GetFiles(Path.Combine([root, .. prefix.Split('/', StringSplitOptions.RemoveEmptyEntries)]));
        Parallel.ForEach(files, f => File.ReadAllBytes(f));
        return files.Length;
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
        var rollups = host.GetRequiredService<RollupService>();
        var hostMs = total.Elapsed.TotalMilliseconds;

        var first = await OnceAsync(rollups, ct);
        process.Refresh();
        var firstPeak = process.PeakWorkingSet64 / 1048576.0;
        var firstTotal = first.Ms.Values.Sum();
        Line($"  first rollup in a fresh process (JIT included; host start {hostMs:0} ms not counted): {first.Outcome.Counties} counties, {first.Outcome.Passing} passing");
        Print(first.Ms, first.Cpu, first.Bytes, first.Gcs);
        Line($"    {"total",-6} {firstTotal,7:0} ms  (CPU {first.Cpu.Values.Sum(),6:0} ms)  {first.Bytes.Values.Sum() / 1048576.0,7:0.0} MiB allocated;  peak working set {firstPeak:0} MiB");

        var runs = new List<Run>();
        for (var i = 0; i < warm; i++)
        {
            runs.Add(await OnceAsync(rollups, ct));
        }

        process.Refresh();
        var peak = process.PeakWorkingSet64 / 1048576.0;
        var verdict = $"  target < {TargetSeconds:0} s: first {BenchTarget.Verdict(firstTotal < TargetSeconds * 1000)}";
        if (warm > 0)
        {
            var ms = Stages.ToDictionary(s => s, s => Median([.. runs.Select(r => r.Ms[s])]));
            var cpu = Stages.ToDictionary(s => s, s => Median([.. runs.Select(r => r.Cpu[s])]));
            var alloc = Stages.ToDictionary(s => s, s => (long)Median([.. runs.Select(r => (double)r.Bytes[s])]));
            var warmTotal = Median([.. runs.Select(r => r.Ms.Values.Sum())]);
            Line($"  warm rollups (median of {warm}, same process):");
            Print(ms, cpu, alloc);
            Line($"    {"total",-6} {warmTotal,7:0} ms  (CPU {Median([.. runs.Select(r => r.Cpu.Values.Sum())]),6:0} ms)  {alloc.Values.Sum() / 1048576.0,7:0.0} MiB allocated;  peak working set over all runs {peak:0} MiB");
            verdict += $", warm {BenchTarget.Verdict(warmTotal < TargetSeconds * 1000)}";
        }

        if (warm > 0)
        {
            // The three outputs are rendered side by side in a rollup; here each alone, to see what each costs.
            var rollup = await rollups.BuildAsync(Year, null, ct);
            var outputs = new (string Name, Func<int> Render)[]
            {
                ("rollup.json", () => Metrics.Reports.RollupJson.SerializeToMemory(rollup).Length),
                ("rollup.xlsx", () => Metrics.Reports.ExcelRollup.Write(rollup).Length),
                ("rollup.html", () => Metrics.Reports.HtmlRollup.RenderUtf8(rollup).Length),
            };
            Line($"  each output alone (median of {warm}, warm, one thread):");
            foreach (var (name, render) in outputs)
            {
                var ms = new List<double>();
                var bytes = new List<double>();
                var size = 0;
                for (var i = 0; i < warm; i++)
                {
                    var before = GC.GetAllocatedBytesForCurrentThread();
                    var sw = Stopwatch.StartNew();
                    size = render();
                    ms.Add(sw.Elapsed.TotalMilliseconds);
                    bytes.Add(GC.GetAllocatedBytesForCurrentThread() - before);
                }

                Line($"    {name,-11} {Median(ms),7:0} ms  {Median(bytes) / 1048576.0,7:0.0} MiB allocated  ({size / 1048576.0:0.0} MiB written)");
            }
        }

        Line($"{verdict} (load average {LoadAverage()})");
        // A scheduled `metrics rollup` runs once per process: its peak is the first run's.
        Line($"  target < {TargetMiB:0} MiB peak working set (one rollup in a process, as `metrics rollup`): {BenchTarget.Verdict(firstPeak < TargetMiB)} ({firstPeak:0} MiB)");
        return 0;
    }

    private static async Task<Run> OnceAsync(RollupService rollups, CancellationToken ct)
    {
        var run = new Run();
        var sw = Stopwatch.StartNew();
        var lastMs = 0.0;
        var lastCpu = Environment.CpuUsage.TotalTime.TotalMilliseconds;
        var lastBytes = GC.GetTotalAllocatedBytes(precise: true);
        var lastGcs = Collections();
        run.Outcome = await rollups.RunAsync(Year, stage =>
        {
            var now = sw.Elapsed.TotalMilliseconds;
            var cpu = Environment.CpuUsage.TotalTime.TotalMilliseconds;
            var allocated = GC.GetTotalAllocatedBytes(precise: true);
            run.Ms[stage] = now - lastMs;
            run.Cpu[stage] = cpu - lastCpu;
            run.Bytes[stage] = allocated - lastBytes;
            var gcs = Collections();
            run.Gcs[stage] = (gcs.G0 - lastGcs.G0, gcs.G1 - lastGcs.G1, gcs.G2 - lastGcs.G2);
            (lastMs, lastCpu, lastBytes, lastGcs) = (now, cpu, allocated, gcs);
        }, ct);
        return run;
    }

    private sealed class Run
    {
        public RollupOutcome Outcome { get; set; } = null!;

        public Dictionary<string, double> Ms { get; } = [];

        /// <summary>CPU time of the whole process (every thread, the JIT's and the GC's too) during the stage.</summary>
        public Dictionary<string, double> Cpu { get; } = [];

        public Dictionary<string, long> Bytes { get; } = [];

        /// <summary>Garbage collections of each generation during the stage (a gen 2 collection walks every live summary).</summary>
        public Dictionary<string, (int G0, int G1, int G2)> Gcs { get; } = [];
    }

    private static (int G0, int G1, int G2) Collections() => (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));

    private static void Print(Dictionary<string, double> ms, Dictionary<string, double> cpu, Dictionary<string, long> bytes, Dictionary<string, (int G0, int G1, int G2)>? gcs = null)
    {
        foreach (var s in Stages)
        {
            var collections = gcs is null ? string.Empty : FormattableString.Invariant($"  GCs gen0/1/2 {gcs[s].G0}/{gcs[s].G1}/{gcs[s].G2}");
            Line($"    {s,-6} {ms[s],7:0} ms  (CPU {cpu[s],6:0} ms)  {bytes[s] / 1048576.0,7:0.0} MiB allocated{collections}");
        }
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private static double Median(List<double> xs)
    {
        var s = xs.Order().ToArray();
        return s.Length % 2 == 1 ? s[s.Length / 2] : (s[(s.Length / 2) - 1] + s[s.Length / 2]) / 2;
    }
}
