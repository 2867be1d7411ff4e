using System.CommandLine;
using System.Globalization;
using Metrics.Cli.Hosting;
using Metrics.Cli.Serve;
using Metrics.Excel.Template;
using Metrics.Pipeline;
using Metrics.Pipeline.Ingest;
using Metrics.Samples;
using Microsoft.Extensions.Hosting;
using Spectre.Console;

namespace Metrics.Cli.Commands;

/// <summary>
/// <c>metrics demo</c>: the main job end to end on the embedded default (a local folder): sample
/// counties for two school years are uploaded into <c>submissions/</c>, ingested through the same
/// pipeline as production, rolled up, and the outputs listed. The second year is the first one a
/// year on (<see cref="SampleProgress"/>): some counties improve, some regress, one is new and one
/// does not submit, so the rollup's year-on-year columns show change.
/// </summary>
internal sealed class DemoCommand(SubmissionWatcher watcher, RollupService rollups)
{
    public static Command Create()
    {
        var data = new Option<DirectoryInfo>("--data") { Description = "Storage folder", DefaultValueFactory = _ => new DirectoryInfo("data") };
        var counties = new Option<int>("--counties") { Description = "Counties in the first year (at least 2)", DefaultValueFactory = _ => 12 };
        var year = new Option<int>("--year") { Description = "Latest school year", DefaultValueFactory = _ => 2024 };
        var seed = new Option<int>("--seed") { Description = "Random seed", DefaultValueFactory = _ => 1 };
        var maxSchools = new Option<int>("--max-schools") { Description = "Most schools in a county (10–999)", DefaultValueFactory = _ => 600 };
        var serve = new Option<bool>("--serve") { Description = "Afterwards, serve the page and API to browse the results" };
        var urls = new Option<string>("--urls") { Description = "Where to listen with --serve", DefaultValueFactory = _ => "http://127.0.0.1:7071" };
        var command = new Command("demo", "Run the whole pipeline on sample data in a local folder and show where the scorecards and rollup are.")
        {
            data, counties, year, seed, maxSchools, serve, urls,
        };
        command.SetAction(async (parse, ct) =>
        {
            var n = parse.GetValue(counties);
            if (n < 2)
            {
                await Console.Error.WriteLineAsync("metrics demo: --counties must be at least 2 (one of them drops out in the second year).");
                return ExitCodes.Usage;
            }

            var options = new SampleOptions { Counties = n, Seed = parse.GetValue(seed), Year = parse.GetValue(year) - 1, WithErrors = true, MaxSchools = Math.Clamp(parse.GetValue(maxSchools), 10, 999) };
            var root = parse.GetValue(data)!.FullName;
            await RunAsync(root, options, Common.Fancy ? new BarProgress() : new LineProgress(Console.Out), ct);
            return parse.GetValue(serve) ? await ServeAsync(root, parse.GetValue(urls)!, ct) : ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>The two years of counties: county i of the first year, and a year on every county but the last, plus one new.</summary>
    internal static IReadOnlyList<SampleCounty> Counties(SampleOptions first, bool secondYear)
    {
        if (!secondYear)
        {
            return Enumerable.Range(0, first.Counties).Select(i => SampleGenerator.County(i, first)).ToArray();
        }

        // The last county of the first year does not submit; county n joins, drawn for the later year.
        var stayed = Enumerable.Range(0, first.Counties - 1)
            .Select(i => SampleProgress.NextYear(SampleGenerator.County(i, first), i, first.Seed + 1, first.WithErrors));
        var joined = SampleGenerator.County(first.Counties, first with { Year = first.Year + 1 });
        return [.. stayed, joined];
    }

    /// <summary>The demo over the folder <paramref name="root"/>, with the services of a host storing there.</summary>
    internal static Task RunAsync(string root, SampleOptions first, IDemoProgress progress, CancellationToken ct) =>
        CliHost.RunAsync<DemoCommand>(CliHost.Settings("folder:" + root), async demo =>
        {
            await demo.RunStepsAsync(root, first, progress, ct);
            return ExitCodes.Ok;
        });

    private async Task RunStepsAsync(string root, SampleOptions first, IDemoProgress progress, CancellationToken ct)
    {
        progress.Line($"metrics demo — storage folder {root}");
        var years = new[] { first.Year, first.Year + 1 };
        await progress.RunAsync(async steps =>
        {
            foreach (var (y, second) in new[] { (years[0], false), (years[1], true) })
            {
                var batch = Counties(first, second);
                var title = second
                    ? $"Sample workbooks for {y}–{y + 1}: a year on (some counties improve, some regress), one new county, one that did not submit"
                    : $"Sample workbooks for {y}–{y + 1}: {batch.Count} counties (a few with data errors)";
                var step = steps.Add(title, batch.Count);
                foreach (var county in batch)
                {
                    var path = Path.Combine([root, .. StorageLayout.Submission(y, county.Submission.County.Code, "sample.xlsx").Split('/')]);
                    Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                    using (var stream = File.Create(path))
                    {
                        SubmissionWorkbookWriter.Write(county.Submission, stream, county.Defects);
                    }

                    step.Done();
                }
            }

            int accepted = 0, rejected = 0, unchanged = 0;
            var ingest = steps.Add("Ingesting every submission (validate, score, write scorecards)", first.Counties * 2);
            void OnProcessed(IngestOutcome o)
            {
                _ = o.Result switch
                {
                    IngestResult.Accepted => Interlocked.Increment(ref accepted),
                    IngestResult.Rejected => Interlocked.Increment(ref rejected),
                    _ => Interlocked.Increment(ref unchanged),
                };
                ingest.Done();
            }

            watcher.Processed += OnProcessed;
            try
            {
                while (await watcher.ScanOnceAsync(ct) > 0)
                {
                }
            }
            finally
            {
                watcher.Processed -= OnProcessed;
            }

            ingest.Finish($"{accepted} accepted, {rejected} rejected (their validation.xlsx marks each problem at its cell){(unchanged > 0 ? $", {unchanged} unchanged since the last run" : "")}");

            var roll = steps.Add("Yearly rollups", years.Length);
            var summary = new List<string>();
            foreach (var y in years)
            {
                var outcome = await rollups.RunAsync(y, ct);
                summary.Add($"{y}: {outcome.Counties} counties, {outcome.Passing} passing, {outcome.Missing} missing → {Path.Combine(root, StorageLayout.RollupFile(y, "html"))}");
                roll.Done();
            }

            roll.Finish(string.Join("; ", summary));

            var import = steps.Add("Importing a county's education-statistics export into its pre-filled workbook (metrics import)", 1);
            var imported = DemoImport.Run(root, Counties(first, secondYear: false)[0], years[1]);
            import.Done();
            import.Finish(imported);
        });

        progress.Line("Where to look:");
        progress.Line($"  scorecards: {Path.Combine(root, StorageLayout.Reports, years[1].ToString(CultureInfo.InvariantCulture))}/<county>/scorecard.{{html,xlsx,json}}");
        progress.Line($"  rollup:     {Path.Combine(root, StorageLayout.RollupFile(years[1], "xlsx"))} (and .html, .json; change since {years[0]} in its columns)");
    }

    private static async Task<int> ServeAsync(string root, string urls, CancellationToken ct)
    {
        const string key = "demo-evaluator";
        Console.WriteLine($"Browse at {urls} with API key \"{key}\" (evaluator). Ctrl+C to stop.");
        var app = ServeHost.Build([], new Dictionary<string, string?>
        {
            ["Metrics:Storage"] = "folder:" + root,
            ["Metrics:ApiKeys:0:Name"] = "demo evaluator",
            ["Metrics:ApiKeys:0:Sha256"] = Metrics.Pipeline.Api.ApiKeyAuthenticator.Hash(key),
            ["Metrics:ApiKeys:0:Roles:0"] = "evaluator",
            ["urls"] = urls,
        });
        await app.StartAsync(ct);
        await app.WaitForShutdownAsync(ct);
        return ExitCodes.Ok;
    }
}

/// <summary>How the demo shows its steps: a Spectre.Console progress bar on a terminal, plain numbered lines otherwise.</summary>
internal interface IDemoProgress
{
    void Line(string text);

    Task RunAsync(Func<IDemoSteps, Task> work);
}

internal interface IDemoSteps
{
    IDemoStep Add(string title, int total);
}

internal interface IDemoStep
{
    void Done();

    void Finish(string result);
}

/// <summary>Plain lines, for logs and pipes: "[2] title", a count every tenth of the way, and the result.</summary>
internal sealed class LineProgress(TextWriter output) : IDemoProgress, IDemoSteps
{
    private int steps;

    public void Line(string text) => output.WriteLine(text);

    public Task RunAsync(Func<IDemoSteps, Task> work) => work(this);

    public IDemoStep Add(string title, int total)
    {
        output.WriteLine($"[{++steps}] {title}");
        return new Step(output, total);
    }

    private sealed class Step(TextWriter output, int total) : IDemoStep
    {
        private int done;

        public void Done()
        {
            var n = Interlocked.Increment(ref done);
            if (n == total || n % Math.Max(1, total / 10) == 0)
            {
                lock (output)
                {
                    output.WriteLine($"    {n}/{total}");
                }
            }
        }

        public void Finish(string result) => output.WriteLine("    " + result);
    }
}

/// <summary>Spectre.Console progress bars, one per step, with each step's result printed after the bars.</summary>
internal sealed class BarProgress : IDemoProgress
{
    public void Line(string text) => AnsiConsole.WriteLine(text);

    public async Task RunAsync(Func<IDemoSteps, Task> work)
    {
        var results = new List<string>();
        await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(ctx => work(new Steps(ctx, results)));
        foreach (var r in results)
        {
            AnsiConsole.WriteLine(r);
        }
    }

    private sealed class Steps(ProgressContext ctx, List<string> results) : IDemoSteps
    {
        public IDemoStep Add(string title, int total) => new Step(ctx.AddTask(Markup.Escape(title.Length > 60 ? title[..60] + "…" : title), maxValue: Math.Max(1, total)), title, results);
    }

    private sealed class Step(ProgressTask task, string title, List<string> results) : IDemoStep
    {
        public void Done() => task.Increment(1);

        public void Finish(string result)
        {
            task.Value = task.MaxValue;
            results.Add($"{title}: {result}");
        }
    }
}
