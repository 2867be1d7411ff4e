using System.CommandLine;
using System.Diagnostics;
using System.IO.Compression;
using System.Text.Json;
using Metrics.Core.Profiles;
using Metrics.Samples;

namespace Metrics.Cli.Commands;

/// <summary>
/// <c>metrics bench score</c>: the real <c>metrics score</c> command (a child process, start-up
/// included, every output written) over a cached batch of generated county workbooks, beside the
/// pandas peer and the unzip floor, alternately in one run. The CVs of the first counties must agree
/// with the peer's to <see cref="Tolerance"/>. Figures are medians over the rounds; on a shared
/// machine compare the ratios, which come from the same run.
/// </summary>
internal static class ScoreBench
{
    private const double Tolerance = 1e-9;
    private const int Shown = 3;

    public static Command Create()
    {
        var counties = new Option<int[]>("--counties")
        {
            Description = "Batch sizes, each measured in turn (e.g. --counties 100 1000 2900 for the per-county cost at scale)",
            DefaultValueFactory = _ => [100],
            AllowMultipleArgumentsPerToken = true,
        };
        var rounds = new Option<int>("--rounds") { Description = "Alternating rounds of floor, Metrics and peer per batch size", DefaultValueFactory = _ => 3 };
        var ingest = new Option<bool>("--ingest") { Description = "Also time `metrics ingest` (what `metrics serve` does per upload) over the same workbooks in each round" };
        var command = new Command("score", "Time `metrics score` (all outputs) against the pandas peer and the unzip floor over the same cached batch, alternately; checks the CVs agree to 1e-9 and prints the ratios.")
        {
            counties, rounds, ingest,
        };
        command.SetAction((parse, ct) => RunAsync(parse.GetValue(counties)!, parse.GetValue(rounds), parse.GetValue(ingest), ct));
        return command;
    }

    private static void Line(FormattableString text) => Console.WriteLine(FormattableString.Invariant(text));

    private static async Task<int> RunAsync(int[] sizes, int rounds, bool withIngest, CancellationToken ct)
    {
        if (sizes.Length == 0 || sizes.Any(n => n < 1 || n > SampleGenerator.MaxCounties) || rounds < 1)
        {
            Console.Error.WriteLine(FormattableString.Invariant($"--counties must be between 1 and {SampleGenerator.MaxCounties}; --rounds at least 1."));
            return 1;
        }

#if DEBUG
        Line($"bench score: Debug build; figures are not representative (run with -c Release)");
#endif
        var ok = true;
        var perCounty = new List<(int Counties, double Metrics, double Peer, double Floor)>();
        foreach (var counties in sizes)
        {
            var folder = BatchBench.DefaultFolder(counties);
            var files = Enumerable.Range(0, counties).Select(i => Path.Combine(folder, BatchBench.FileName(i))).ToArray();
            Line($"bench score: {counties} county workbooks in {folder}, {rounds} round(s) of unzip floor → metrics score → pandas peer");
            BatchBench.Generate(files, ct);

            var floor = new List<double>();
            var metrics = new List<double>();
            var peer = new List<double>();
            var peaks = new List<long>();
            var ingested = new List<double>();
            var uploads = withIngest ? IngestBench.UploadPaths(files) : [];
            for (var round = 1; round <= rounds; round++)
            {
                floor.Add(UnzipFloor(files));
                var output = Directory.CreateTempSubdirectory("metrics-bench-score-");
                try
                {
                    var (seconds, peak, exit) = await RunMetricsAsync(files, output.FullName, ct);
                    metrics.Add(seconds);
                    peaks.Add(peak);
                    var theirs = await BatchBench.RunPeerAsync(folder, counties, ct);
                    if (theirs is not null)
                    {
                        peer.Add(theirs.Seconds);
                    }

                    Line($"  round {round}: floor {floor[^1]:0.00} s, metrics score {seconds:0.00} s (exit {exit}, peak {peak / 1048576.0:0} MiB), peer {(theirs is null ? "did not run" : FormattableString.Invariant($"{theirs.Seconds:0.00} s"))}");
                    if (round == 1)
                    {
                        ok &= exit == 0 && Compare(output.FullName, files, theirs);
                    }

                    if (withIngest)
                    {
                        var (ingestSeconds, ingestExit) = await IngestBench.RunAsync(files, uploads, ct);
                        ingested.Add(ingestSeconds);
                        ok &= ingestExit == 0;
                        Line($"  round {round}: metrics ingest {ingestSeconds:0.00} s (exit {ingestExit})");
                    }
                }
                finally
                {
                    output.Delete(recursive: true);
                }
            }

            var (f, m, p) = (Median(floor), Median(metrics), peer.Count > 0 ? Median(peer) : double.NaN);
            Line($"  medians over {rounds} round(s): metrics score {m:0.00} s ({m / counties * 1000:0.0} ms per county, peak {peaks.Max() / 1048576.0:0} MiB), peer {p:0.00} s, unzip floor {f:0.00} s");
            Line($"  ratios: peer / metrics {p / m:0.00}× (target ≥ 5×), metrics / floor {m / f:0.0}× (target ≤ 10×)");
            if (ingested.Count > 0)
            {
                var i = Median(ingested);
                Line($"  ingest (serve's path): {i:0.00} s median, {i / counties * 1000:0.0} ms per workbook against {m / counties * 1000:0.0} ms for metrics score: ingest / score {i / m:0.00}× (target ≤ 1×)");
            }

            perCounty.Add((counties, m / counties, p / counties, f / counties));
        }

        if (perCounty.Count > 1)
        {
            Line($"per-county cost (median wall time / counties):");
            foreach (var (n, m, p, f) in perCounty)
            {
                Line($"  {n,5} counties: metrics {m * 1000,7:0.0} ms, peer {p * 1000,7:0.0} ms, floor {f * 1000,6:0.00} ms");
            }
        }

        // One county from a cold start of `metrics score` (process start, JIT, all outputs).
        var one = BatchBench.DefaultFolder(sizes[0]);
        var cold = new List<double>();
        for (var round = 0; round < rounds; round++)
        {
            var output = Directory.CreateTempSubdirectory("metrics-bench-score-");
            try
            {
                cold.Add((await RunMetricsAsync([Path.Combine(one, BatchBench.FileName(0))], output.FullName, ct)).Seconds);
            }
            finally
            {
                output.Delete(recursive: true);
            }
        }

        Line($"one county, cold `metrics score`: median {Median(cold):0.00} s over {rounds} run(s) (target < 0.5 s)");
        return ok ? 0 : 1;
    }

    private static double Median(List<double> xs)
    {
        var s = xs.Order().ToArray();
        return s.Length % 2 == 1 ? s[s.Length / 2] : (s[s.Length / 2 - 1] + s[s.Length / 2]) / 2;
    }

    /// <summary>Reads every entry of every workbook on both cores and does nothing else: the floor.</summary>
    private static double UnzipFloor(string[] files)
    {
        var sw = Stopwatch.StartNew();
        var buffer = new ThreadLocal<byte[]>(() => new byte[81920]);
        Parallel.ForEach(files, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, file =>
        {
            using var zip = ZipFile.OpenRead(file);
            foreach (var entry in zip.Entries)
            {
                using var s = entry.Open();
                while (s.Read(buffer.Value!) > 0)
                {
                }
            }
        });
        return sw.Elapsed.TotalSeconds;
    }

    /// <summary>Runs this very program's <c>score</c> command as a child process; wall time includes its start-up.</summary>
    private static async Task<(double Seconds, long PeakWorkingSet, int Exit)> RunMetricsAsync(IReadOnlyList<string> files, string output, CancellationToken ct)
    {
        var host = Environment.ProcessPath!;
        var start = new ProcessStartInfo(host) { UseShellExecute = false, RedirectStandardOutput = true };
        if (Path.GetFileNameWithoutExtension(host) == "dotnet")
        {
            start.ArgumentList.Add(typeof(ScoreBench).Assembly.Location);
        }

        start.ArgumentList.Add("score");
        foreach (var f in files)
        {
            start.ArgumentList.Add(f);
        }

        start.ArgumentList.Add("--out");
        start.ArgumentList.Add(output);
        var sw = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var drain = process.StandardOutput.ReadToEndAsync(ct);
        long peak = 0;
        while (!process.HasExited)
        {
            try
            {
                process.Refresh();
                peak = Math.Max(peak, process.PeakWorkingSet64);
            }
            catch (InvalidOperationException)
            {
                break; // exited between the check and the read
            }

            await Task.WhenAny(process.WaitForExitAsync(ct), Task.Delay(50, ct));
        }

        await process.WaitForExitAsync(ct);
        sw.Stop();
        await drain;
        return (sw.Elapsed.TotalSeconds, peak, process.ExitCode);
    }

    /// <summary>Compares the CVs in the first counties' scorecard.json with the peer's; false on any mismatch.</summary>
    private static bool Compare(string output, string[] files, BatchBench.Peer? peer)
    {
        if (peer is null)
        {
            Line($"  CVs: peer did not run, nothing to compare");
            return true;
        }

        var profile = ProfileCatalog.Default.Get("quality-2017");
        int compared = 0, mismatches = 0;
        var largest = 0.0;
        for (var index = 0; index < Math.Min(Shown, files.Length); index++)
        {
            var path = Path.Combine(output, Path.GetFileNameWithoutExtension(files[index]), "scorecard.json");
            using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
            var code = doc.RootElement.GetProperty("county").GetProperty("code").GetString();
            foreach (var level in new[] { "primary", "junior" })
            {
                var indicators = doc.RootElement.GetProperty("levels").GetProperty(level).GetProperty("indicators").EnumerateArray()
                    .ToDictionary(x => x.GetProperty("id").GetString()!, x => x.GetProperty("cv"));
                foreach (var id in profile.Indicators)
                {
                    compared++;
                    double? ours = indicators.TryGetValue(id, out var cv) && cv.ValueKind == JsonValueKind.Number ? cv.GetDouble() : null;
                    if (!peer.Cvs.TryGetValue((index, level, id), out var theirs) || theirs.Code != code)
                    {
                        mismatches++;
                        continue;
                    }

                    if (ours is { } o && theirs.Cv is { } t)
                    {
                        largest = Math.Max(largest, Math.Abs(o - t));
                        mismatches += Math.Abs(o - t) <= Tolerance ? 0 : 1;
                    }
                    else
                    {
                        mismatches += ours is null && theirs.Cv is null ? 0 : 1;
                    }
                }
            }
        }

        Line($"  CVs: {(mismatches == 0 ? "MATCH" : "MISMATCH")}, {compared - mismatches} of {compared} agree with the peer within {Tolerance:0e0} (largest difference {largest:0.0e0})");
        return mismatches == 0;
    }
}
