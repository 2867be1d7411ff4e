using System.CommandLine;
using Metrics.Cli.Serve;
using Metrics.Core.Samples;
using Metrics.Pipeline;
using Metrics.Pipeline.Ingest;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Metrics.Cli.Commands;

/// <summary>
/// <c>metrics demo</c>: the main job end to end on the embedded default (a local folder): sample
/// counties for two school years are uploaded into <c>submissions/</c>, ingested through the same
/// pipeline as production, rolled up, and the outputs listed.
/// </summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var data = new Option<DirectoryInfo>("--data") { Description = "Storage folder", DefaultValueFactory = _ => new DirectoryInfo("data") };
        var counties = new Option<int>("--counties") { Description = "Counties per year", DefaultValueFactory = _ => 12 };
        var year = new Option<int>("--year") { Description = "Latest school year", DefaultValueFactory = _ => 2024 };
        var seed = new Option<int>("--seed") { Description = "Random seed", DefaultValueFactory = _ => 1 };
        var serve = new Option<bool>("--serve") { Description = "Afterwards, serve the page and API to browse the results" };
        var urls = new Option<string>("--urls") { Description = "Where to listen with --serve", DefaultValueFactory = _ => "http://127.0.0.1:7071" };
        var command = new Command("demo", "Run the whole pipeline on sample data in a local folder and show where the scorecards and rollup are.")
        {
            data, counties, year, seed, serve, urls,
        };
        command.SetAction((parse, ct) => RunAsync(parse.GetValue(data)!, parse.GetValue(counties), parse.GetValue(year), parse.GetValue(seed), parse.GetValue(serve), parse.GetValue(urls)!, ct));
        return command;
    }

    private static async Task<int> RunAsync(DirectoryInfo data, int counties, int year, int seed, bool serve, string urls, CancellationToken ct)
    {
        var root = data.FullName;
        Console.WriteLine($"metrics demo — storage folder {root}");
        foreach (var y in new[] { year - 1, year })
        {
            Console.WriteLine($"1. Sample workbooks for {y}–{y + 1}: {counties} counties (a few with data errors) → submissions/{y}/");
            var options = new SampleOptions { Counties = counties, Seed = seed, Year = y, WithErrors = true };
            SampleCommand.Write(options, _ => Path.Combine(root, "submissions", "{1}", "{0}", "sample.xlsx"));
        }

        using var services = Common.Services("folder:" + root);
        Console.WriteLine("2. Ingesting every submission (validate, score, write scorecards):");
        var (accepted, rejected) = await IngestCommand.DrainAsync(services.GetRequiredService<SubmissionWatcher>(), ct);
        Console.WriteLine($"   {accepted} accepted, {rejected} rejected (their validation.xlsx marks each problem at its cell).");

        Console.WriteLine("3. Yearly rollups:");
        var rollups = services.GetRequiredService<RollupService>();
        foreach (var y in new[] { year - 1, year })
        {
            var outcome = await rollups.RunAsync(y, ct);
            Console.WriteLine($"   {y}: {outcome.Counties} counties, {outcome.Passing} passing, {outcome.Missing} missing → {Path.Combine(root, StorageLayout.RollupFile(y, "html"))}");
        }

        Console.WriteLine("4. Where to look:");
        Console.WriteLine($"   scorecards: {Path.Combine(root, StorageLayout.Reports, year.ToString(System.Globalization.CultureInfo.InvariantCulture))}/<county>/scorecard.{{html,xlsx,json}}");
        Console.WriteLine($"   rollup:     {Path.Combine(root, StorageLayout.RollupFile(year, "xlsx"))}");
        if (serve)
        {
            var key = "demo-evaluator";
            Console.WriteLine($"5. Browse at {urls} with API key \"{key}\" (evaluator). Ctrl+C to stop.");
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
        }

        return 0;
    }
}
