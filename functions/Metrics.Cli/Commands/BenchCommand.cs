using System.CommandLine;
using System.Diagnostics;
using System.Security.Cryptography;
using Metrics.Core.Json;
using Metrics.Core.Profiles;
using Metrics.Core.Samples;
using Metrics.Core.Scoring;
using Metrics.Excel.Feedback;
using Metrics.Excel.Reading;
using Metrics.Excel.Template;
using Metrics.Pipeline.Ingest;

namespace Metrics.Cli.Commands;

/// <summary>
/// <c>metrics bench</c>: speed and memory figures (the targets live here, never in timed unit
/// tests). Figures are medians over repeated warm runs in one process; compare ratios, not
/// absolute times, on shared machines.
/// </summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var schools = new Option<int>("--schools") { Description = "Schools in the county", DefaultValueFactory = _ => 300 };
        var iterations = new Option<int>("--iterations") { Description = "Measured runs (after 3 warm-up runs)", DefaultValueFactory = _ => 15 };
        var workbook = new Command("workbook", "Read, score and write all outputs of one county workbook; prints median times per stage and peak memory.") { schools, iterations };
        workbook.SetAction(parse => Workbook(parse.GetValue(schools), parse.GetValue(iterations)));
        return new Command("bench", "Benchmarks that print figures.") { workbook };
    }

    private static int Workbook(int schools, int iterations)
    {
        var options = new SampleOptions { Counties = 1, Seed = 7, MinSchools = schools, MaxSchools = schools };
        var county = SampleGenerator.County(0, options);
        using var buffer = new MemoryStream();
        SubmissionWorkbookWriter.Write(county.Submission, buffer, []);
        var bytes = buffer.ToArray();
        var profile = ProfileCatalog.Default.Get(county.Submission.County.Profile);
        var source = new SubmissionRef(Convert.ToHexStringLower(SHA256.HashData(bytes)), DateTimeOffset.UnixEpoch);

        var stages = new[] { "read", "score", "write" };
        var times = stages.ToDictionary(s => s, _ => new List<double>());
        long allocated = 0;
        for (var i = 0; i < iterations + 3; i++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            var sw = Stopwatch.StartNew();
            var read = WorkbookReader.Read(new MemoryStream(bytes, writable: false));
            var tRead = sw.Elapsed.TotalMilliseconds;
            var card = CountyScorer.Score(read.Submission ?? throw new InvalidOperationException("The sample workbook did not read: " + read.Issues.FirstOrDefault()?.MessageEn), profile, source);
            var tScore = sw.Elapsed.TotalMilliseconds;
            var files = SubmissionProcessor.ScorecardFiles(card);
            var data = CountyDataJson.Serialize(read.Submission, card);
            var tWrite = sw.Elapsed.TotalMilliseconds;
            GC.KeepAlive(files);
            GC.KeepAlive(data);
            if (i >= 3)
            {
                times["read"].Add(tRead);
                times["score"].Add(tScore - tRead);
                times["write"].Add(tWrite - tScore);
                allocated = Math.Max(allocated, GC.GetAllocatedBytesForCurrentThread() - before);
            }
        }

        double Median(List<double> xs)
        {
            var s = xs.Order().ToArray();
            return s.Length % 2 == 1 ? s[s.Length / 2] : (s[s.Length / 2 - 1] + s[s.Length / 2]) / 2;
        }

        var medians = stages.ToDictionary(s => s, s => Median(times[s]));
        var total = medians.Values.Sum();
        Console.WriteLine($"bench workbook: {county.Submission.Schools.Count} schools, workbook {bytes.Length / 1024.0:0} KiB, {iterations} warm runs (median)");
        foreach (var s in stages)
        {
            Console.WriteLine($"  {s,-6} {medians[s],8:0.0} ms  ({medians[s] / total:P0})");
        }

        Console.WriteLine($"  total  {total,8:0.0} ms  (target < 300 ms)  largest part: {medians.MaxBy(kv => kv.Value).Key}");
        Console.WriteLine($"  allocated per run {allocated / 1048576.0:0.0} MiB; peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:0} MiB");
        return 0;
    }
}
