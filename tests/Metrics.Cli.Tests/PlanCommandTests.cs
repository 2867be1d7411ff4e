using System.Diagnostics;
using System.Text.Json;
using Metrics.Cli.Commands;
using Metrics.Core.Model;
using Metrics.Core.Profiles;
using Metrics.Core.Scoring;
using Metrics.Excel.Reading;
using Metrics.Excel.Template;
using Metrics.Samples;
using Metrics.TestSupport;

namespace Metrics.Cli.Tests;

/// <summary><c>metrics plan</c>: plan.json proved by adding it to the workbook, exit codes, and the plan page in a real browser.</summary>
public sealed class PlanCommandTests : IDisposable
{
    private readonly DirectoryInfo work = Directory.CreateTempSubdirectory("metrics-plan-");

    public void Dispose() => work.Delete(recursive: true);

    /// <summary>The first generated county drawn unbalanced (it fails its resource part), as its workbook.</summary>
    private static CountySubmission Unbalanced() =>
        SampleGenerator.Generate(new SampleOptions { Counties = 8, Seed = 3, MaxSchools = 40 })
            .First(c => c.Intent == SampleQuality.Unbalanced).Submission;

    private FileInfo Workbook(CountySubmission submission, IReadOnlyList<ISubmissionWorkbookEdit>? edits = null)
    {
        var file = new FileInfo(Path.Combine(work.FullName, Guid.NewGuid().ToString("N") + ".xlsx"));
        using (var stream = file.Create())
        {
            SubmissionWorkbookWriter.Write(submission, stream, edits);
        }

        return file;
    }

    [Fact]
    public void Plan_OfAFailingCounty_WritesPlanJsonWhoseActionsAddedToTheWorkbookPass()
    {
        var submission = Unbalanced();
        var output = work.CreateSubdirectory("out");

        Assert.Equal(ExitCodes.Ok, PlanCommand.Run(Workbook(submission), output, null, null, null));

        Assert.True(File.Exists(Path.Combine(output.FullName, "plan.html")));
        using var json = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(output.FullName, "plan.json")));
        var actions = json.RootElement.GetProperty("actions").EnumerateArray()
            .Select(a => new ColumnAddition(a.GetProperty("school").GetString()!, a.GetProperty("field").GetString()!, a.GetProperty("add").GetDouble()))
            .ToArray();
        Assert.NotEmpty(actions);
        Assert.Contains("fail", json.RootElement.GetProperty("levels").EnumerateObject().Select(l => l.Value.GetProperty("statusBefore").GetString()));

        var read = WorkbookReader.Read(File.ReadAllBytes(Workbook(submission, [new ColumnAdditionsEdit(actions)]).FullName));
        var after = CountyScorer.Score(read.Submission!, ProfileCatalog.Default.Get(null));
        Assert.All(after.Levels, l => Assert.NotEqual(Status.Fail, l.Status));
    }

    [Fact]
    public void Plan_WithABudget_SaysWhetherItPaysForThePlan()
    {
        var output = work.CreateSubdirectory("out");

        Assert.Equal(ExitCodes.Ok, PlanCommand.Run(Workbook(Unbalanced()), output, 1_000, null, null));

        using var json = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(output.FullName, "plan.json")));
        var budget = json.RootElement.GetProperty("budget");
        Assert.Equal(1_000, budget.GetProperty("yuan").GetDouble());
        Assert.False(budget.GetProperty("sufficient").GetBoolean());
        // 1 000 元 buys almost nothing: the binding ratio stays at (or just under) where it was.
        Assert.True(budget.GetProperty("ratio").GetDouble() > 1);
    }

    [Fact]
    public void Plan_RejectedWorkbook_ExitsTwoWithValidationFiles()
    {
        var bad = new FileInfo(Path.Combine(work.FullName, "bad.xlsx"));
        File.WriteAllBytes(bad.FullName, Workbooks.Broken("130102", 2024));
        var output = work.CreateSubdirectory("out");

        Assert.Equal(ExitCodes.Rejected, PlanCommand.Run(bad, output, null, null, null));

        Assert.True(File.Exists(Path.Combine(output.FullName, "validation.json")));
        Assert.False(File.Exists(Path.Combine(output.FullName, "plan.json")));
    }

    [Fact]
    public void Plan_UsageErrors_Exit64AndWriteNothing()
    {
        var good = new FileInfo(Path.Combine(work.FullName, "good.xlsx"));
        File.WriteAllBytes(good.FullName, Workbooks.Good("130102", 2024));
        var output = new DirectoryInfo(Path.Combine(work.FullName, "out"));

        Assert.Equal(ExitCodes.Usage, PlanCommand.Run(good, output, null, "quality-2099", null));
        Assert.Equal(ExitCodes.Usage, PlanCommand.Run(good, output, -5, null, null));
        Assert.Equal(ExitCodes.Usage, PlanCommand.Run(new FileInfo(Path.Combine(work.FullName, "nope.xlsx")), output, null, null, null));
        Assert.False(output.Exists);
        Assert.Equal(0, Program.Main(["plan", "--help"]));
    }

    [Fact]
    public async Task PlanPage_InChromium_ShowsTotalsFirstThenOneSectionPerSchool()
    {
        var chromium = await Chromium.EnsureAsync();
        var e2e = Path.Combine(BrowserTests.RepoRoot(), "tests", "Metrics.E2E");
        await BrowserTests.E2EPackagesAsync();
        var output = work.CreateSubdirectory("out");
        Assert.Equal(ExitCodes.Ok, PlanCommand.Run(Workbook(Unbalanced()), output, null, null, null));

        var text = await RunAsync("node", ["plan.mjs"], e2e, new Dictionary<string, string>
        {
            ["PLAN_HTML"] = Path.Combine(output.FullName, "plan.html"),
            ["PLAN_JSON"] = Path.Combine(output.FullName, "plan.json"),
            ["SCREENSHOT_DIR"] = Environment.GetEnvironmentVariable("METRICS_E2E_SCREENSHOTS") ?? Path.Combine(work.FullName, "screens"),
            ["CHROMIUM"] = chromium,
        }, TimeSpan.FromMinutes(2));

        Assert.Contains("ok - plan", text, StringComparison.Ordinal);
    }

    private static async Task<string> RunAsync(string file, string[] args, string cwd, IDictionary<string, string> env, TimeSpan timeout)
    {
        var info = new ProcessStartInfo(file) { WorkingDirectory = cwd, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        foreach (var (k, v) in env)
        {
            info.Environment[k] = v;
        }

        using var p = Process.Start(info)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await p.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            p.Kill(entireProcessTree: true);
        }

        var text = await stdout + await stderr;
        Assert.True(p.HasExited && p.ExitCode == 0, $"{file} {string.Join(' ', args)} failed (exit {(p.HasExited ? p.ExitCode : -1)}):\n{text}");
        return text;
    }
}
