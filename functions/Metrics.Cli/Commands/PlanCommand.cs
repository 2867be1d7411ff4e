using System.CommandLine;
using System.Globalization;
using System.Text;
using Metrics.Cli.Hosting;
using Metrics.Core.Json;
using Metrics.Core.Planning;
using Metrics.Core.Profiles;
using Metrics.Core.Scoring;
using Metrics.Pipeline.Ingest;
using Metrics.Pipeline.Storage;
using Metrics.Reports;

namespace Metrics.Cli.Commands;

/// <summary>
/// <c>metrics plan FILE --out DIR [--budget 元] [--profile P]</c>: what it takes for a county to pass its
/// resource part — plan.json and plan.html (method §9), or the validation files when the workbook has errors.
/// </summary>
internal sealed class PlanCommand(SubmissionProcessor processor, ProfileCatalog catalog)
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "County workbook (.xlsx)" };
        var output = new Option<DirectoryInfo>("--out") { Description = "Output folder for plan.json and plan.html", Required = true };
        var budget = new Option<double?>("--budget") { Description = "A budget in yuan (元): the plan says whether it pays for the plan and how far it brings the CVs on equalisation alone" };
        var profile = Common.Profile();
        var profiles = new Option<DirectoryInfo?>("--profiles") { Description = "Folder of province profile files (*.json); their unitCosts override the national ones" };
        var command = new Command("plan", "What it takes to pass: the least-cost additions per school (whole teachers, rooms, books, m², yuan) that bring every failing CV under its threshold and every school to its standards, their costs at the profile's unit costs, the CVs after the plan, a teacher-transfer alternative and the budget → CV curve. Writes plan.json (each action { school, field, add } in the workbook's own columns) and plan.html. " + ExitCodes.Help)
        {
            file, output, budget, profile, profiles,
        };
        command.SetAction(parse => Run(parse.GetValue(file)!, parse.GetValue(output)!, parse.GetValue(budget), parse.GetValue(profile), parse.GetValue(profiles)));
        return command;
    }

    internal static int Run(FileInfo file, DirectoryInfo output, double? budget, string? profile, DirectoryInfo? profilesFolder) =>
        CliHost.Run<PlanCommand>(CliHost.Settings(profilesFolder: profilesFolder?.FullName), c => c.Run(file, output, budget, profile));

    private int Run(FileInfo file, DirectoryInfo output, double? budget, string? profile)
    {
        if (profile is not null && !catalog.TryGet(profile, out _))
        {
            Console.Error.WriteLine($"metrics: unknown profile '{profile}'. Known: {string.Join(", ", catalog.Ids.Order(StringComparer.Ordinal))}.");
            return ExitCodes.Usage;
        }

        if (budget is { } b && !(b >= 0 && double.IsFinite(b)))
        {
            Console.Error.WriteLine(Common.Inv($"metrics: --budget must be a number of yuan ≥ 0, not {b}."));
            return ExitCodes.Usage;
        }

        if (!file.Exists)
        {
            Console.Error.WriteLine($"metrics: file not found: {file.FullName}");
            return ExitCodes.Usage;
        }

        var target = Directory.CreateDirectory(output.FullName);
        var bytes = File.ReadAllBytes(file.FullName);
        var source = new SubmissionRef(Sha256.Hex(bytes), new DateTimeOffset(file.LastWriteTimeUtc, TimeSpan.Zero));
        var evaluation = processor.Evaluate(bytes, source, profileOverride: profile);
        if (evaluation is not { Card: { } card, Input: { } input })
        {
            foreach (var f in SubmissionProcessor.ValidationFiles(bytes, evaluation.Issues, null, null))
            {
                File.WriteAllBytes(Path.Combine(target.FullName, f.Name), f.Content.Span);
            }

            var first = evaluation.Issues.First(i => i.Severity == Metrics.Core.Model.Severity.Error);
            Console.WriteLine($"REJECTED {file.Name}: {evaluation.Errors} error(s); first at {first.Location}: {first.MessageEn} → {target.FullName}");
            return ExitCodes.Rejected;
        }

        var plan = RemediationPlanner.Plan(input, catalog.Get(card.Profile), budget);
        File.WriteAllBytes(Path.Combine(target.FullName, "plan.json"), PlanJson.Serialize(card, plan));
        File.WriteAllBytes(Path.Combine(target.FullName, "plan.html"), Encoding.UTF8.GetBytes(HtmlPlan.Render(card, plan)));
        var verdict = plan.Levels.All(l => l.Before != Metrics.Core.Model.Status.Fail) ? "already passes its resource part"
            : plan.Passes ? "passes its resource part after the plan"
            : "still fails its resource part after the plan";
        // The budget's verdict belongs on the line a user reads, not only in plan.json.
        var reach = plan.Budget is not { } money ? string.Empty
            : money.Sufficient ? string.Create(CultureInfo.InvariantCulture, $"; the budget of {money.Yuan:#,0} 元 pays for it")
            : string.Create(CultureInfo.InvariantCulture, $"; the budget of {money.Yuan:#,0} 元 does not pay for it (on equalisation alone it reaches a largest CV / threshold of {money.Ratio:0.000})");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"PLAN {file.Name}: {card.CountyName} ({card.CountyCode}) {card.SchoolYear} — {plan.Actions.Count} action(s), {plan.TotalCost:#,0} 元; {verdict}{reach} → {target.FullName}"));
        return ExitCodes.Ok;
    }
}
