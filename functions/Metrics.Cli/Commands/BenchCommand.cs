using System.CommandLine;
using System.Diagnostics;
using Metrics.Cli.Hosting;
using Metrics.Core.Json;
using Metrics.Core.Profiles;
using Metrics.Core.Rollup;
using Metrics.Core.Scoring;
using Metrics.Excel.Reading;
using Metrics.Excel.Template;
using Metrics.Pipeline.Ingest;
using Metrics.Pipeline.Storage;
using Metrics.Samples;
using Microsoft.Extensions.DependencyInjection;

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
        return new Command("bench", "Benchmarks that print figures.") { workbook, RollupBench.Create(), BatchBench.Create(), ScoreBench.Create() };
    }

    private const string MarkedCopy = "validation.xlsx";

    private static readonly Metrics.Core.Model.ValidationIssue OneWarning = new(
        Metrics.Core.Model.Severity.Warning, "implausible_value", "学校", 4, "books", "AF4", "示例警告", "Sample warning");

    private static int Workbook(int schools, int iterations)
    {
        var options = new SampleOptions { Counties = 1, Seed = 7, MinSchools = schools, MaxSchools = schools };
        var county = SampleGenerator.County(0, options);
        using var buffer = new MemoryStream();
        SubmissionWorkbookWriter.Write(county.Submission, buffer, []);
        var workbookBytes = buffer.ToArray();
        var profile = ProfileCatalog.Default.Get(county.Submission.County.Profile);
        var source = new SubmissionRef(Sha256.Hex(workbookBytes), DateTimeOffset.UnixEpoch);

        // Every output an accepted upload produces, timed one by one (the ingest service writes the same set).
        var times = new Dictionary<string, List<double>>();
        // Bytes allocated per stage and run, by this thread (the stages run on it alone): unlike time, noise does not move them.
        var bytesPerStage = new Dictionary<string, List<long>>();
        long allocated = 0;
        for (var i = 0; i < iterations + 3; i++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            var lap = new Dictionary<string, double>();
            var lapBytes = new Dictionary<string, long>();
            var sw = Stopwatch.StartNew();
            T Time<T>(string name, Func<T> f)
            {
                var startBytes = GC.GetAllocatedBytesForCurrentThread();
                var start = sw.Elapsed.TotalMilliseconds;
                var result = f();
                lap[name] = sw.Elapsed.TotalMilliseconds - start;
                lapBytes[name] = GC.GetAllocatedBytesForCurrentThread() - startBytes;
                return result;
            }

            var read = Time("read workbook", () => WorkbookReader.Read(new MemoryStream(workbookBytes, writable: false)));
            var input = read.Submission ?? throw new InvalidOperationException("The sample workbook did not read: " + read.Issues.FirstOrDefault()?.MessageEn);
            var card = Time("score", () => CountyScorer.Score(input, profile, source) with { Warnings = read.Issues });
            var scorecardJson = Time("scorecard.json", () => ScorecardJson.Serialize(card));
            GC.KeepAlive(Time("scorecard.xlsx", () => Metrics.Reports.ExcelScorecard.Write(card)));
            GC.KeepAlive(Time("scorecard.html", () => Metrics.Reports.HtmlScorecard.RenderUtf8(card)));
            // As ingest writes it: from the scorecard.json it has at hand.
            GC.KeepAlive(Time("county data json", () => CountyDataJson.Serialize(input, card, scorecardJson)));
            GC.KeepAlive(Time("validation.json", () => SubmissionProcessor.ValidationFiles(workbookBytes, card.Warnings, card.SchoolYear, card.CountyCode)));
            // Only a workbook with problems gets a marked copy; timed apart, with one warning to mark.
            GC.KeepAlive(Time(MarkedCopy, () => SubmissionProcessor.ValidationFiles(workbookBytes, [OneWarning], card.SchoolYear, card.CountyCode)));
            if (i >= 3)
            {
                foreach (var (name, ms) in lap)
                {
                    (times.TryGetValue(name, out var list) ? list : times[name] = []).Add(ms);
                    (bytesPerStage.TryGetValue(name, out var b) ? b : bytesPerStage[name] = []).Add(lapBytes[name]);
                }

                allocated = Math.Max(allocated, GC.GetAllocatedBytesForCurrentThread() - before);
            }
        }

        // The same county as one upload is processed (Evaluate, then the outputs, the page beside the
        // workbook and JSON, and what ingest stores besides): the wall time a county waits.
        using var host = CliHost.Start(CliHost.Settings());
        var processor = host.GetRequiredService<SubmissionProcessor>();
        var whole = new List<double>();
        for (var i = 0; i < iterations + 3; i++)
        {
            var sw = Stopwatch.StartNew();
            var evaluation = processor.Evaluate(workbookBytes, source);
            var card = evaluation.Card ?? throw new InvalidOperationException("The sample workbook was rejected.");
            var files = SubmissionProcessor.ScorecardFiles(card);
            GC.KeepAlive(CountyDataJson.Serialize(evaluation.Input!, card, files.Single(f => f.Name == SubmissionProcessor.ScorecardJsonName).Content.Span));
            OutputFile.DisposeAll(files);
            GC.KeepAlive(SummaryJson.Serialize(ScorecardSummary.From(card)));
            GC.KeepAlive(SubmissionProcessor.ValidationFiles(workbookBytes, card.Warnings, card.SchoolYear, card.CountyCode));
            if (i >= 3)
            {
                whole.Add(sw.Elapsed.TotalMilliseconds);
            }
        }

        double Median(List<double> xs)
        {
            var s = xs.Order().ToArray();
            return s.Length % 2 == 1 ? s[s.Length / 2] : (s[s.Length / 2 - 1] + s[s.Length / 2]) / 2;
        }

        var medians = times.ToDictionary(kv => kv.Key, kv => Median(kv.Value));
        var bytes = bytesPerStage.ToDictionary(kv => kv.Key, kv => Median(kv.Value.Select(v => (double)v).ToList()));
        var marked = medians[MarkedCopy];
        medians.Remove(MarkedCopy);
        var total = medians.Values.Sum();
        var totalBytes = medians.Keys.Sum(name => bytes[name]);
        Console.WriteLine($"bench workbook: {county.Submission.Schools.Count} schools, workbook {workbookBytes.Length / 1024.0:0} KiB, {iterations} warm runs (median ms; median MiB allocated per run)");
        foreach (var (name, ms) in medians)
        {
            Console.WriteLine($"  {name,-18} {ms,8:0.0} ms  {ms / total,5:P0}  {Mib(bytes[name]),8:0.00} MiB");
        }

        Console.WriteLine($"  {"sum of stages",-18} {total,8:0.0} ms  (one core, one after another)  {Mib(totalBytes),8:0.00} MiB; largest part: {medians.MaxBy(kv => kv.Value).Key}");
        var upload = Median(whole);
        Console.WriteLine($"  {"one upload",-18} {upload,8:0.0} ms  (as ingest and score run it: the page beside the workbook; target < 50 ms: {BenchTarget.Verdict(upload < 50)})");
        Console.WriteLine($"  {MarkedCopy,-18} {marked,8:0.0} ms         {Mib(bytes[MarkedCopy]),8:0.00} MiB  (only when the workbook has issues; not in the total)");
        Console.WriteLine($"  allocated per run {allocated / 1048576.0:0.0} MiB; peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:0} MiB");
        return 0;
    }

    private static double Mib(double bytes) => bytes / 1048576.0;
}
