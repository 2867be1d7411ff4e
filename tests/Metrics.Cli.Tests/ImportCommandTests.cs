using Metrics.Cli.Commands;
using Metrics.Excel.Reading;
using Metrics.Samples;

namespace Metrics.Cli.Tests;

/// <summary><c>metrics import</c> and <c>metrics score</c> on statistics exports.</summary>
public sealed class ImportCommandTests : IDisposable
{
    private readonly DirectoryInfo work = Directory.CreateTempSubdirectory("metrics-import-");

    public void Dispose() => work.Delete(recursive: true);

    private static Core.Model.CountySubmission Sample(int index) =>
        SampleGenerator.County(index, new SampleOptions { Counties = 2, Seed = 9, Year = 2024, MinSchools = 12, MaxSchools = 25 }).Submission;

    private FileInfo List(Core.Model.CountySubmission county, string name, bool withCode = true)
    {
        var file = new FileInfo(Path.Combine(work.FullName, name));
        using var s = file.Create();
        StatisticsExportWriter.WriteSchoolList(county, s, withCode);
        return file;
    }

    [Fact]
    public void Import_FolderOfFormsAndAList_WritesOnePrefilledWorkbookPerCounty()
    {
        var a = Sample(0);
        var b = Sample(1);
        var forms = work.CreateSubdirectory("forms");
        using (var zip = File.Create(Path.Combine(forms.FullName, "a.zip")))
        {
            StatisticsExportWriter.WriteSchoolForms(a, StatisticsExportWriter.Forms2021, zip);
        }

        var output = work.CreateSubdirectory("out");
        Assert.Equal(ExitCodes.Ok, ImportCommand.Run([forms], output, null, null, null));
        Assert.Equal(ExitCodes.Ok, ImportCommand.Run([List(b, "b.xlsx")], output, null, null, null));

        foreach (var code in new[] { a.County.Code, b.County.Code })
        {
            var read = WorkbookReader.Read(File.ReadAllBytes(Path.Combine(output.FullName, code + ".xlsx")));
            // What is left is what the county completes: music and art rooms, nothing the export had.
            Assert.All(read.Issues.Where(i => i.Severity == Core.Model.Severity.Error), i => Assert.Contains(i.Column, new[] { "music_rooms", "art_rooms" }));
        }
    }

    [Fact]
    public void Import_TwoCountiesWithoutCodes_ExitsTwoListingTheirNames()
    {
        var a = Sample(0);
        var b = Sample(1);
        var output = work.CreateSubdirectory("out");
        var error = new StringWriter();
        var saved = Console.Error;
        Console.SetError(error);
        try
        {
            Assert.Equal(ExitCodes.Rejected, ImportCommand.Run([List(a, "a.xlsx", withCode: false), List(b, "b.xlsx", withCode: false)], output, "130102", null, null));
        }
        finally
        {
            Console.SetError(saved);
        }

        Assert.Contains(a.County.Name, error.ToString(), StringComparison.Ordinal);
        Assert.Contains(b.County.Name, error.ToString(), StringComparison.Ordinal);
        Assert.Empty(output.GetFiles());
    }

    [Fact]
    public void Import_OneCountyWithoutCode_TakesCountyOption()
    {
        var output = work.CreateSubdirectory("out");
        Assert.Equal(ExitCodes.Ok, ImportCommand.Run([List(Sample(0), "a.xlsx", withCode: false)], output, "130102", null, null));
        Assert.True(File.Exists(Path.Combine(output.FullName, "130102.xlsx")));
    }

    [Fact]
    public void Score_AnExport_WritesTheScorecardAndThePrefilledWorkbook()
    {
        var output = work.CreateSubdirectory("out");
        Assert.Equal(ExitCodes.Ok, ScoreCommand.Run([List(Sample(0), "list.xlsx")], output, null, null));
        Assert.True(File.Exists(Path.Combine(output.FullName, "list", "scorecard.json")));
        Assert.True(File.Exists(Path.Combine(output.FullName, "list", "prefilled.xlsx")));
        Assert.Contains("\"statistics_export\"", File.ReadAllText(Path.Combine(output.FullName, "list", "scorecard.json")), StringComparison.Ordinal);
    }

    [Fact]
    public void ImportHelp_ShowsTheWorkflow()
    {
        var saved = Console.Out;
        var output = new StringWriter();
        Console.SetOut(output);
        try
        {
            Assert.Equal(0, Program.Main(["import", "--help"]));
        }
        finally
        {
            Console.SetOut(saved);
        }

        var text = output.ToString();
        foreach (var step in new[] { "1. export", "2. metrics import", "3. complete", "4. upload" })
        {
            Assert.Contains(step, text, StringComparison.Ordinal);
        }
    }
}
