using System.Collections.Concurrent;
using System.CommandLine;
using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Metrics.Cli.Hosting;
using Metrics.Core.Model;
using Metrics.Core.Profiles;
using Metrics.Core.Scoring;
using Metrics.Excel.Reading;
using Metrics.Excel.Template;
using Metrics.Samples;

namespace Metrics.Cli.Commands;

/// <summary>
/// <c>metrics bench batch</c>: a national batch of county workbooks read, validated and scored on
/// 2 cores (the README's speed targets), optionally beside a pandas + openpyxl peer
/// (<c>tests/Benchmarks/peer_pandas.py</c>) over the same files, with the CVs of the first
/// counties compared. Generating the workbooks is setup, timed apart and cached between runs.
/// </summary>
internal static class BatchBench
{
    private const int Cores = 2;
    private const int Seed = 1;
    private const int Year = 2024;
    private const string ProfileId = "quality-2017";
    private const int Shown = 3;
    private const double Tolerance = 1e-6;
    private const string PeerScript = "tests/Benchmarks/peer_pandas.py";

    public static Command Create()
    {
        var counties = new Option<int>("--counties") { Description = "Workbooks in the batch (national scale is about 2 900)", DefaultValueFactory = _ => 2900 };
        var workbooks = new Option<DirectoryInfo?>("--workbooks") { Description = "Folder of the sample workbooks, generated where missing and reused (default ~/.cache/metrics-bench/batch-{counties}-seed1)" };
        var peer = new Option<bool>("--peer") { Description = $"Also run the pandas + openpyxl peer ({PeerScript}) over the same folder and compare" };
        var command = new Command("batch", "Read, validate and score a batch of county workbooks on 2 cores; prints time, throughput and peak memory, optionally beside a pandas peer (exit 1 when its CVs disagree).")
        {
            counties, workbooks, peer,
        };
        command.SetAction((parse, ct) => RunAsync(parse.GetValue(counties), parse.GetValue(workbooks)?.FullName, parse.GetValue(peer), ct));
        return command;
    }

    /// <summary>File name of county <paramref name="index"/>; names sort in index order.</summary>
    internal static string FileName(int index) => string.Create(CultureInfo.InvariantCulture, $"county-{index:D5}.xlsx");

    internal static string DefaultFolder(int counties)
    {
        return Path.Combine(CliHost.CacheFolder(), "metrics-bench", string.Create(CultureInfo.InvariantCulture, $"batch-{counties}-seed{Seed}"));
    }

    private static void Line(FormattableString text) => Console.WriteLine(FormattableString.Invariant(text));

    private static async Task<int> RunAsync(int counties, string? folder, bool withPeer, CancellationToken ct)
    {
        if (counties < 1 || counties > SampleGenerator.MaxCounties)
        {
            Console.Error.WriteLine(FormattableString.Invariant($"--counties must be between 1 and {SampleGenerator.MaxCounties}."));
            return 1;
        }

        folder ??= DefaultFolder(counties);
        Line($"bench batch: {counties} county workbooks (seed {Seed}, year {Year}, {ProfileId}) in {folder}");
#if DEBUG
        Line($"  (Debug build: figures are not representative; run with -c Release)");
#endif
        var files = Enumerable.Range(0, counties).Select(i => Path.Combine(folder, FileName(i))).ToArray();
        var generated = Generate(files, ct);

        var metrics = Measure(files, generated > 0, ct);
        Peer? peer = null;
        if (withPeer)
        {
            peer = await RunPeerAsync(folder, counties, ct);
        }

        var agree = Compare(metrics, peer);
        Summarise(counties, metrics, peer, withPeer);
        return agree ? 0 : 1;
    }

    /// <summary>Writes the workbooks that are missing (setup, not the measurement); returns how many.</summary>
    internal static int Generate(string[] files, CancellationToken ct)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(files[0])!);
        var missing = Enumerable.Range(0, files.Length).Where(i => !File.Exists(files[i])).ToArray();
        if (missing.Length == 0)
        {
            Line($"  setup: all {files.Length} workbooks already there (reused)");
            return 0;
        }

        Line($"  setup: generating {missing.Length} missing workbooks ({files.Length - missing.Length} reused), {Environment.ProcessorCount} threads");
        var options = new SampleOptions { Counties = files.Length, Seed = Seed, Year = Year, Profile = ProfileId };
        var sw = Stopwatch.StartNew();
        var done = 0;
        Parallel.ForEach(missing, new ParallelOptions { CancellationToken = ct }, i =>
        {
            var county = SampleGenerator.County(i, options);
            // Written aside and moved in, so an interrupted run never leaves a half workbook to reuse.
            var temporary = files[i] + string.Create(CultureInfo.InvariantCulture, $".{Environment.ProcessId}.tmp");
            using (var stream = File.Create(temporary))
            {
                SubmissionWorkbookWriter.Write(county.Submission, stream, []);
            }

            File.Move(temporary, files[i], overwrite: true);
            var n = Interlocked.Increment(ref done);
            if (n % 100 == 0 || n == missing.Length)
            {
                Line($"  setup: {n}/{missing.Length} workbooks written ({sw.Elapsed.TotalSeconds:0} s)");
            }
        });
        Line($"  setup: generation took {sw.Elapsed.TotalSeconds:0.0} s ({missing.Length / sw.Elapsed.TotalSeconds:0.0} workbooks/s); not part of the measurement");
        return missing.Length;
    }

    private sealed record Measured(TimeSpan Elapsed, int Workbooks, long Schools, int Rejected, long PeakWorkingSet, bool PeakIsOwn, Scorecard?[] First);

    /// <summary>Read + validate + score every workbook on <see cref="Cores"/> threads; nothing is written.</summary>
    private static Measured Measure(string[] files, bool afterSetup, CancellationToken ct)
    {
        // Give back what setup (ClosedXML) left in the heap, so the peak below is the measurement's.
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        var peakIsOwn = ResetPeakWorkingSet();
        long schools = 0;
        var rejected = 0;
        var first = new Scorecard?[Math.Min(Shown, files.Length)];
        var problems = new ConcurrentQueue<string>();
        var options = new ParallelOptions { MaxDegreeOfParallelism = Cores, CancellationToken = ct };

        var sw = Stopwatch.StartNew();
        Parallel.ForEach(Partitioner.Create(Enumerable.Range(0, files.Length), EnumerablePartitionerOptions.NoBuffering), options, i =>
        {
            var read = WorkbookReader.Read(File.ReadAllBytes(files[i]));
            if (read.Submission is not { } submission)
            {
                Interlocked.Increment(ref rejected);
                problems.Enqueue($"{Path.GetFileName(files[i])}: {read.Issues.FirstOrDefault(x => x.Severity == Severity.Error)?.MessageEn}");
                return;
            }

            var card = CountyScorer.Score(submission, ProfileCatalog.Default.Get(submission.County.Profile));
            Interlocked.Add(ref schools, submission.Schools.Count);
            if (i < first.Length)
            {
                first[i] = card;
            }
        });
        sw.Stop();

        var peak = Process.GetCurrentProcess().PeakWorkingSet64;
        var seconds = sw.Elapsed.TotalSeconds;
        Line($"Metrics: read + validate + score, Parallel.ForEach on {Cores} threads ({Environment.ProcessorCount} cores), no output written");
        Line($"  {files.Length} workbooks, {schools} schools, {rejected} rejected in {seconds:0.00} s: {files.Length / seconds:0.0} workbooks/s, {schools / seconds:0} schools/s");
        Line($"  peak working set {peak / 1048576.0:0} MiB{(!peakIsOwn ? " (process peak, includes setup: /proc/self/clear_refs unavailable)" : afterSetup ? " (during the measurement, but setup's code and heap were still resident: rerun for the clean figure)" : " (during the measurement)")}");
        foreach (var problem in problems.Take(5))
        {
            Line($"  rejected {problem}");
        }

        return new Measured(sw.Elapsed, files.Length, schools, rejected, peak, peakIsOwn, first);
    }

    /// <summary>Resets the kernel's peak RSS (VmHWM) so the peak covers the measurement only; Linux only.</summary>
    internal static bool ResetPeakWorkingSet()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            return false;
        }
    }

    internal sealed record Peer(
        double Seconds,
        double ProcessSeconds,
        int Workbooks,
        long Schools,
        int Rejected,
        string Versions,
        string Memory,
        Dictionary<(int Index, string Level, string Indicator), (string Code, double? Cv)> Cvs);

    /// <summary>Runs the pandas peer over the same folder; null (after saying why) when it cannot run.</summary>
    internal static async Task<Peer?> RunPeerAsync(string folder, int counties, CancellationToken ct)
    {
        var script = FindScript();
        if (script is null)
        {
            Line($"Peer: skipped: {PeerScript} not found above {Environment.CurrentDirectory} or {AppContext.BaseDirectory}");
            return null;
        }

        // Debian's python3 has python3-pandas and python3-openpyxl; a pyenv python3 on PATH may not.
        var python = File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
        Line($"Peer: {python} {script}, {Cores} processes, same folder");
        var start = new ProcessStartInfo(python)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var arg in new[] { script, folder, "--count", counties.ToString(CultureInfo.InvariantCulture), "--processes", Cores.ToString(CultureInfo.InvariantCulture), "--show", Shown.ToString(CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["PYTHONIOENCODING"] = "utf-8";
        var records = new ConcurrentQueue<string[]>();
        var errors = new ConcurrentQueue<string>();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            if (e.Data.StartsWith("PEER\t", StringComparison.Ordinal))
            {
                records.Enqueue(e.Data.Split('\t'));
            }
            else
            {
                Console.WriteLine("  " + e.Data);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                errors.Enqueue(e.Data);
            }
        };

        var sw = Stopwatch.StartNew();
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            Line($"  peer: skipped: cannot start {python}: {e.Message}");
            return null;
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await process.WaitForExitAsync(ct);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        process.WaitForExit(); // drains the redirected streams
        sw.Stop();
        if (process.ExitCode != 0)
        {
            Line($"  peer: skipped: exit code {process.ExitCode}{(process.ExitCode == 3 ? " (pandas/openpyxl missing: apt-get install -y python3-pandas python3-openpyxl)" : string.Empty)}");
            foreach (var line in errors.TakeLast(8))
            {
                Console.WriteLine("  peer stderr: " + line);
            }

            return null;
        }

        return ParsePeer(records.ToArray(), sw.Elapsed.TotalSeconds);
    }

    private static Peer? ParsePeer(string[][] records, double processSeconds)
    {
        static double Number(string s) => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);
        var cvs = new Dictionary<(int, string, string), (string, double?)>();
        double? seconds = null;
        (int Workbooks, long Schools, int Rejected)? totals = null;
        string versions = "?", memory = "?";
        foreach (var r in records)
        {
            switch (r[1])
            {
                case "cv" when r.Length == 7:
                    cvs[(int.Parse(r[2], CultureInfo.InvariantCulture), r[4], r[5])] = (r[3], r[6] == "undefined" ? null : Number(r[6]));
                    break;
                case "totals" when r.Length == 5:
                    totals = (int.Parse(r[2], CultureInfo.InvariantCulture), long.Parse(r[3], CultureInfo.InvariantCulture), int.Parse(r[4], CultureInfo.InvariantCulture));
                    break;
                case "time" when r.Length == 3:
                    seconds = Number(r[2]);
                    break;
                case "versions" when r.Length >= 3:
                    versions = string.Join(", ", r.Skip(2));
                    break;
                case "memory" when r.Length == 4:
                    memory = $"main process {r[2]} MiB, largest worker {r[3]} MiB";
                    break;
            }
        }

        if (seconds is not { } s || totals is not { } t)
        {
            Line($"  peer: skipped: its output had no time or totals line");
            return null;
        }

        Line($"  {versions}");
        Line($"  {t.Workbooks} workbooks, {t.Schools} schools, {t.Rejected} rejected in {s:0.00} s (pool start to last result; {processSeconds:0.00} s with interpreter start and imports): {t.Workbooks / s:0.0} workbooks/s, {t.Schools / s:0} schools/s");
        Line($"  peak RSS: {memory}");
        return new Peer(s, processSeconds, t.Workbooks, t.Schools, t.Rejected, versions, memory, cvs);
    }

    private static string? FindScript()
    {
        foreach (var from in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(from); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, PeerScript);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    /// <summary>Prints the CVs of the first counties (and the peer's beside them); false on a mismatch.</summary>
    private static bool Compare(Measured metrics, Peer? peer)
    {
        var profile = ProfileCatalog.Default.Get(ProfileId);
        Line($"CVs of the first {metrics.First.Length} counties (pupil-weighted, DOMAIN §3){(peer is null ? string.Empty : $": Metrics | peer | difference, tolerance {Tolerance:0e0}")}");
        var compared = 0;
        var mismatches = 0;
        var largest = 0.0;
        for (var index = 0; index < metrics.First.Length; index++)
        {
            if (metrics.First[index] is not { } card)
            {
                Line($"  county #{index}: rejected by Metrics, nothing to compare");
                mismatches += peer is null ? 0 : 1;
                continue;
            }

            foreach (var level in new[] { card.Primary, card.Junior })
            {
                var levelId = level.Level == Level.Primary ? "primary" : "junior";
                foreach (var id in profile.Indicators)
                {
                    var ours = level.Indicators.FirstOrDefault(x => x.Id == id)?.Cv;
                    var text = FormattableString.Invariant($"  {card.CountyCode} {levelId,-7} {id,-27} {Show(ours)}");
                    if (peer is null)
                    {
                        Console.WriteLine(text);
                        continue;
                    }

                    compared++;
                    string verdict;
                    if (!peer.Cvs.TryGetValue((index, levelId, id), out var theirs))
                    {
                        verdict = "  MISSING in peer output";
                        mismatches++;
                    }
                    else if (theirs.Code != card.CountyCode)
                    {
                        verdict = FormattableString.Invariant($"  MISMATCH: peer read county {theirs.Code}");
                        mismatches++;
                    }
                    else if (ours is null || theirs.Cv is null)
                    {
                        var same = ours is null && theirs.Cv is null;
                        verdict = FormattableString.Invariant($" {Show(theirs.Cv)}{(same ? string.Empty : "  MISMATCH")}");
                        mismatches += same ? 0 : 1;
                    }
                    else
                    {
                        var diff = Math.Abs(ours.Value - theirs.Cv.Value);
                        largest = Math.Max(largest, diff);
                        var ok = diff <= Tolerance;
                        verdict = FormattableString.Invariant($" {Show(theirs.Cv)}  {diff:0.0e0}{(ok ? string.Empty : "  MISMATCH")}");
                        mismatches += ok ? 0 : 1;
                    }

                    Console.WriteLine(text + verdict);
                }
            }
        }

        if (peer is null)
        {
            return true;
        }

        var schoolsAgree = peer.Schools == metrics.Schools && peer.Workbooks == metrics.Workbooks && peer.Rejected == metrics.Rejected;
        Line($"  {(mismatches == 0 ? "MATCH" : "MISMATCH")}: {compared - mismatches} of {compared} CVs agree within {Tolerance:0e0} (largest difference {largest:0.0e0})");
        Line($"  {(schoolsAgree ? "MATCH" : "MISMATCH")}: workbooks / schools / rejected, Metrics {metrics.Workbooks} / {metrics.Schools} / {metrics.Rejected}, peer {peer.Workbooks} / {peer.Schools} / {peer.Rejected}");
        return mismatches == 0 && schoolsAgree;
    }

    private static string Show(double? cv) => cv is { } v ? v.ToString("0.000000000000", CultureInfo.InvariantCulture) : "undefined     ";

    private static void Summarise(int counties, Measured metrics, Peer? peer, bool peerAsked)
    {
        var m = metrics.Elapsed.TotalSeconds;
        Line($"Summary ({counties} workbooks, {metrics.Schools} schools, {Cores} cores each, one run):");
        Line($"  Metrics {m:0.00} s ({metrics.Schools / m:0} schools/s, peak working set {metrics.PeakWorkingSet / 1048576.0:0} MiB)");
        if (peer is not null)
        {
            Line($"  peer    {peer.Seconds:0.00} s ({peer.Schools / peer.Seconds:0} schools/s; {peer.ProcessSeconds:0.00} s with Python start-up)");
            Line($"  ratio peer/Metrics {peer.Seconds / m:0.0}× (with the peer's start-up {peer.ProcessSeconds / m:0.0}×)");
        }
        else
        {
            Line($"  peer    {(peerAsked ? "did not run (see above)" : "not run (add --peer)")}");
        }
    }
}
