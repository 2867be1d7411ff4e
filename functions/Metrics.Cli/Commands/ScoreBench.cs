using System.CommandLine;
using System.Diagnostics;
using System.IO.Compression;
using System.Text.Json;
using Metrics.Core.Profiles;
using Metrics.Pipeline.Ingest;
using Metrics.Samples;

namespace Metrics.Cli.Commands;

/// <summary>
/// <c>metrics bench score</c>: the real <c>metrics score</c> command (a child process, start-up
/// included, every output written) over a cached batch of generated county workbooks, beside the
/// pandas peer, the unzip floor and the write floor (<see cref="WriteFloor"/>: the outputs written
/// again with no computing), alternately in one run. The CVs of the first counties must agree
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
        var programs = new Option<string[]>("--metrics")
        {
            Description = "The `metrics` programs to time, each in every round (default: this one). Give the natively compiled build "
                + "(`dotnet publish functions/Metrics.Cli -c Release -r linux-x64 -p:PublishAot=true -o out/metrics`, then out/metrics/metrics) "
                + "to time what a user runs, or two builds to compare them side by side",
            AllowMultipleArgumentsPerToken = true,
        };
        var command = new Command("score", "Time `metrics score` (all outputs) against the pandas peer and the unzip floor over the same cached batch, alternately; checks the CVs agree to 1e-9 and prints the ratios.")
        {
            counties, rounds, ingest, programs,
        };
        command.SetAction((parse, ct) => RunAsync(parse.GetValue(counties)!, parse.GetValue(rounds), parse.GetValue(ingest), Programs(parse.GetValue(programs)), ct));
        return command;
    }

    private static void Line(FormattableString text) => Console.WriteLine(FormattableString.Invariant(text));

    private static async Task<int> RunAsync(int[] sizes, int rounds, bool withIngest, Program[] programs, CancellationToken ct)
    {
        if (sizes.Length == 0 || sizes.Any(n => n < 1 || n > SampleGenerator.MaxCounties) || rounds < 1)
        {
            Console.Error.WriteLine(FormattableString.Invariant($"--counties must be between 1 and {SampleGenerator.MaxCounties}; --rounds at least 1."));
            return 1;
        }

#if DEBUG
        Line($"bench score: Debug build; figures are not representative (run with -c Release)");
#endif
        if (programs.FirstOrDefault(p => !File.Exists(p.Path)) is { } absent)
        {
            Console.Error.WriteLine($"--metrics: {absent.Path} does not exist.");
            return 1;
        }

        foreach (var program in programs)
        {
            Line($"bench score: timing {program.Name}: {program.Path}");
        }

        using var scratch = new BenchScratch();
        var outputsToCompare = new List<string>();
        var ok = true;
        var perCounty = new List<(int Counties, double[] Metrics, double Peer, double Floor)>();
        foreach (var counties in sizes)
        {
            var folder = BatchBench.DefaultFolder(counties);
            var files = Enumerable.Range(0, counties).Select(i => Path.Combine(folder, BatchBench.FileName(i))).ToArray();
            Line($"bench score: {counties} county workbooks in {folder}, {rounds} round(s) of unzip floor → metrics score → write floor → pandas peer{(withIngest ? " → metrics ingest → storage floor" : "")}");
            BatchBench.Generate(files, ct);
            // Once untimed, so that every timed step reads the workbooks from memory: a batch generated in an earlier run
            // may have left the page cache, and the first round's floor, timed first, then measured the disk (0.10–0.12 s
            // against 0.04–0.06 s for 100 workbooks here), flattering every ratio to it.
            UnzipFloor(files);

            var floor = new List<double>();
            var metrics = programs.Select(_ => new List<double>()).ToArray();
            var peer = new List<double>();
            var peerWhole = new List<double>();
            var peaks = programs.Select(_ => 0L).ToArray();
            var ingested = new List<double>();
            WriteFloor? written = null, stored = null;
            var writeFloor = new List<double>();
            var storeFloor = new List<double>();
            var uploads = withIngest ? IngestBench.UploadPaths(files) : [];
            for (var round = 1; round <= rounds; round++)
            {
                BenchScratch.Settle();
                floor.Add(UnzipFloor(files));
                var line = new List<string> { FormattableString.Invariant($"floor {floor[^1]:0.00} s") };
                for (var i = 0; i < programs.Length; i++)
                {
                    var output = scratch.Folder("metrics-bench-score-");
                    BenchScratch.Settle();
                    var (seconds, peak, exit) = await RunMetricsAsync(programs[i], files, output.FullName, ct);
                    metrics[i].Add(seconds);
                    peaks[i] = Math.Max(peaks[i], peak);
                    ok &= exit == 0;
                    line.Add(FormattableString.Invariant($"{programs[i].Name} {seconds:0.00} s (exit {exit}, peak {peak / 1048576.0:0} MiB)"));
                    if (round == 1)
                    {
                        outputsToCompare.Add(output.FullName);
                        written ??= WriteFloor.Capture(output.FullName);
                    }
                }

                if (written is not null)
                {
                    BenchScratch.Settle();
                    writeFloor.Add(written.Plain(scratch.Folder("metrics-bench-write-floor-")));
                    line.Add(FormattableString.Invariant($"write floor {writeFloor[^1]:0.00} s"));
                }

                BenchScratch.Settle();
                var theirs = await BatchBench.RunPeerAsync(folder, counties, ct);
                if (theirs is not null)
                {
                    peer.Add(theirs.Seconds);
                    peerWhole.Add(theirs.ProcessSeconds);
                }

                line.Add(theirs is null ? "peer did not run" : FormattableString.Invariant($"peer {theirs.Seconds:0.00} s"));
                Line($"  round {round}: {string.Join(", ", line)}");
                if (round == 1)
                {
                    foreach (var output in outputsToCompare)
                    {
                        ok &= Compare(output, files, theirs);
                    }

                    outputsToCompare.Clear();
                }

                if (withIngest)
                {
                    var (ingestSeconds, ingestExit, storage) = await IngestBench.RunAsync(files, uploads, scratch, ct);
                    ingested.Add(ingestSeconds);
                    ok &= ingestExit == 0;
                    stored ??= WriteFloor.Capture(storage.FullName);
                    BenchScratch.Settle();
                    storeFloor.Add(await stored.DurableAsync(scratch.Folder("metrics-bench-store-floor-"), ct));
                    Line($"  round {round}: metrics ingest {ingestSeconds:0.00} s (exit {ingestExit}), storage floor {storeFloor[^1]:0.00} s");
                }
            }

            var (f, p) = (Median(floor), peer.Count > 0 ? Median(peer) : double.NaN);
            var pw = peerWhole.Count > 0 ? Median(peerWhole) : double.NaN;
            var ms = metrics.Select(Median).ToArray();
            var wf = writeFloor.Count > 0 ? Median(writeFloor) : double.NaN;
            Line($"  medians over {rounds} round(s): {(peer.Count > 0 ? $"peer {BenchTarget.Seconds(p)} (pool start to last result; {BenchTarget.Seconds(pw)} as a whole process)" : "peer did not run")}, unzip floor {f:0.00} s");
            if (written is not null)
            {
                // The unzip floor reads the uploads and writes nothing; score must also store what it computed.
                Line($"  write floor: {written.Files} files, {written.Bytes / 1048576.0:0.0} MiB (the first program's outputs) written as plain files on every core, {wf:0.00} s; unzip + write floor {f + wf:0.00} s");
            }

            for (var i = 0; i < programs.Length; i++)
            {
                var m = ms[i];
                Line($"  {programs[i].Name}: metrics score {m:0.00} s ({m / counties * 1000:0.0} ms per county, peak {peaks[i] / 1048576.0:0} MiB); peer / metrics {BenchTarget.Ratio(p / m)} (target ≥ 5×: {BenchTarget.Verdict(p / m, r => r >= 5)}), metrics / floor {BenchTarget.Ratio(m / f, "0.0")} (target ≤ 10×: {BenchTarget.Verdict(m / f, r => r <= 10)}), metrics / (unzip + write floor) {BenchTarget.Ratio(m / (f + wf), "0.0")}");
                // metrics is timed as a whole process (start-up included) and the peer's figure above starts at its pool:
                // the like-for-like ratio times both as the user waits for them.
                Line($"    like for like, both timed as whole processes (the peer's interpreter start and imports included, as metrics' start-up is): {BenchTarget.Ratio(pw / m)} (target ≥ 5×: {BenchTarget.Verdict(pw / m, r => r >= 5)})");
            }

            if (ingested.Count > 0)
            {
                var i = Median(ingested);
                // Ingest runs in this very program: compared with this program's score when it is among those timed.
                var same = Math.Max(0, Array.FindIndex(programs, prog => prog.Path == Environment.ProcessPath));
                Line($"  ingest (serve's path, this program): {i:0.00} s median, {i / counties * 1000:0.0} ms per workbook against {ms[same] / counties * 1000:0.0} ms for {programs[same].Name}'s metrics score: ingest / score {i / ms[same]:0.00}× (target ≤ 1×)");
                // Ingest stores more than score writes (the upload's copy, the county data and summary, statuses, receipts) and
                // flushes each file to disk; the storage floor is that alone, so what is left compares the computing of the two.
                var sf = Median(storeFloor);
                Line($"    storage floor: {stored!.Files} files, {stored.Bytes / 1048576.0:0.0} MiB (what ingest stored, uploads aside) written as the folder store writes them, each flushed to disk, {sf:0.00} s; ingest − storage floor {i - sf:0.00} s against score − write floor {ms[same] - wf:0.00} s");
            }

            perCounty.Add((counties, ms.Select(m => m / counties).ToArray(), p / counties, f / counties));
        }

        if (perCounty.Count > 1)
        {
            Line($"per-county cost (median wall time / counties):");
            foreach (var (n, m, p, f) in perCounty)
            {
                var each = string.Join(", ", programs.Select((prog, i) => FormattableString.Invariant($"{prog.Name} {m[i] * 1000,7:0.0} ms")));
                Line($"  {n,5} counties: {each}, peer {(double.IsFinite(p) ? FormattableString.Invariant($"{p * 1000,7:0.0} ms") : "not run"),10}, floor {f * 1000,6:0.00} ms");
            }
        }

        // One county from a cold start of `metrics score` (process start, JIT unless native, all outputs).
        var one = BatchBench.DefaultFolder(sizes[0]);
        foreach (var program in programs)
        {
            var cold = new List<double>();
            for (var round = 0; round < rounds; round++)
            {
                var output = scratch.Folder("metrics-bench-score-");
                BenchScratch.Settle();
                cold.Add((await RunMetricsAsync(program, [Path.Combine(one, BatchBench.FileName(0))], output.FullName, ct)).Seconds);
            }

            Line($"one county, cold `metrics score`, {program.Name}: median {Median(cold):0.00} s over {rounds} run(s) (target < 0.5 s: {BenchTarget.Verdict(Median(cold) < 0.5)})");
        }

        return ok ? 0 : 1;
    }

    /// <summary>A program to time: its path and how the figures name it.</summary>
    internal sealed record Program(string Name, string Path, bool ViaDotnet);

    /// <summary>The programs of <c>--metrics</c>, or this very one: a native executable runs as it is, an IL build through its host.</summary>
    private static Program[] Programs(string[]? paths)
    {
        if (paths is not { Length: > 0 })
        {
            var host = Environment.ProcessPath!;
            var viaDotnet = System.IO.Path.GetFileNameWithoutExtension(host) == "dotnet";
            return [new Program(IsNative(host) ? "this (native)" : "this (JIT)", viaDotnet ? System.IO.Path.Combine(AppContext.BaseDirectory, "metrics.dll") : host, viaDotnet)];
        }

        return paths.Select((p, i) =>
        {
            var full = System.IO.Path.GetFullPath(p);
            var kind = IsNative(full) ? "native" : "JIT";
            return new Program(paths.Length == 1 ? kind : FormattableString.Invariant($"#{i + 1} ({kind})"), full, full.EndsWith(".dll", StringComparison.OrdinalIgnoreCase));
        }).ToArray();
    }

    /// <summary>A natively compiled <c>metrics</c> has no <c>metrics.dll</c> beside it; an IL build's apphost does.</summary>
    private static bool IsNative(string path) =>
        !path.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)
        && !File.Exists(System.IO.Path.Combine(System.IO.Path.GetDirectoryName(path) ?? ".", "metrics.dll"))
        && System.IO.Path.GetFileNameWithoutExtension(path) != "dotnet";

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

    /// <summary>Runs a program's <c>score</c> command as a child process; wall time includes its start-up.</summary>
    private static async Task<(double Seconds, long PeakWorkingSet, int Exit)> RunMetricsAsync(Program program, IReadOnlyList<string> files, string output, CancellationToken ct)
    {
        var start = new ProcessStartInfo(program.ViaDotnet ? "dotnet" : program.Path) { UseShellExecute = false, RedirectStandardOutput = true };
        if (program.ViaDotnet)
        {
            start.ArgumentList.Add(program.Path);
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
            var path = Path.Combine(output, Path.GetFileNameWithoutExtension(files[index]), SubmissionProcessor.ScorecardJsonName);
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
