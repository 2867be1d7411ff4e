using Metrics.Cli.Commands;
using Metrics.Core.Samples;
using Metrics.Excel.Reading;
using Metrics.Pipeline.Tests.Support;

namespace Metrics.Cli.Tests;

/// <summary>The one-machine commands: exit codes, outputs, determinism of samples.</summary>
public sealed class CommandTests : IDisposable
{
    private readonly DirectoryInfo work = Directory.CreateTempSubdirectory("metrics-cli-");

    public void Dispose() => work.Delete(recursive: true);

    private FileInfo Save(string name, byte[] bytes)
    {
        var file = new FileInfo(Path.Combine(work.FullName, name));
        File.WriteAllBytes(file.FullName, bytes);
        return file;
    }

    [Fact]
    public void Score_AllAccepted_ExitsZeroAndWritesTheThreeScorecards()
    {
        var good = Save("good.xlsx", Workbooks.Good("130102", 2024));
        var output = work.CreateSubdirectory("out");

        Assert.Equal(0, ScoreCommand.Run([good], output, null, null));

        foreach (var file in new[] { "scorecard.json", "scorecard.xlsx", "scorecard.html", "validation.json" })
        {
            Assert.True(File.Exists(Path.Combine(output.FullName, "good", file)), file);
        }
    }

    [Fact]
    public void Score_AnyRejected_ExitsTwoAndWritesTheMarkedWorkbook()
    {
        var good = Save("good.xlsx", Workbooks.Good("130102", 2024));
        var bad = Save("bad.xlsx", Workbooks.Broken("130102", 2024));
        var missing = new FileInfo(Path.Combine(work.FullName, "nope.xlsx"));
        var output = work.CreateSubdirectory("out");

        Assert.Equal(2, ScoreCommand.Run([good, bad, missing], output, null, null));

        Assert.True(File.Exists(Path.Combine(output.FullName, "bad", "validation.xlsx")));
        Assert.False(File.Exists(Path.Combine(output.FullName, "bad", "scorecard.json")));
        Assert.True(File.Exists(Path.Combine(output.FullName, "good", "scorecard.json")));
    }

    [Fact]
    public void Score_WorkbookWithDeletedColumn_ExitsTwoWithMarkedFeedback()
    {
        // Used to print a NullReferenceException's stack trace and exit 1.
        var edited = Save("edited.xlsx", Workbooks.WithoutPrimaryPupilsColumn("130102", 2024));
        var output = work.CreateSubdirectory("out");

        Assert.Equal(2, ScoreCommand.Run([edited], output, null, null));

        Assert.True(File.Exists(Path.Combine(output.FullName, "edited", "validation.xlsx")));
        Assert.Contains("\"feedbackWorkbook\": \"marked\"", File.ReadAllText(Path.Combine(output.FullName, "edited", "validation.json")), StringComparison.Ordinal);
    }

    [Fact]
    public void Score_UnknownProfile_ExitsTwoBeforeReadingAnything()
    {
        Assert.Equal(2, ScoreCommand.Run([Save("good.xlsx", Workbooks.Good("130102", 2024))], work.CreateSubdirectory("out"), "quality-2099", null));
    }

    [Fact]
    public void Score_ProfileOverride_ScoresWithThatProfile()
    {
        var output = work.CreateSubdirectory("out");
        Assert.Equal(0, ScoreCommand.Run([Save("good.xlsx", Workbooks.Good("130102", 2024))], output, "basic-2012", null));
        Assert.Contains("\"profile\": \"basic-2012\"", File.ReadAllText(Path.Combine(output.FullName, "good", "scorecard.json")));
    }

    [Fact]
    public void Sample_SameSeed_WritesWorkbooksThatReadTheSame()
    {
        var options = new SampleOptions { Counties = 3, Seed = 42, Year = 2024, MinSchools = 10, MaxSchools = 30 };
        var a = work.CreateSubdirectory("a");
        var b = work.CreateSubdirectory("b");

        SampleCommand.Write(options, _ => Path.Combine(a.FullName, "{0}-{1}.xlsx"));
        SampleCommand.Write(options, _ => Path.Combine(b.FullName, "{0}-{1}.xlsx"));

        var names = a.GetFiles().Select(f => f.Name).Order().ToArray();
        Assert.Equal(3, names.Length);
        Assert.Equal(names, b.GetFiles().Select(f => f.Name).Order());
        foreach (var name in names)
        {
            var x = WorkbookReader.Read(File.ReadAllBytes(Path.Combine(a.FullName, name)));
            var y = WorkbookReader.Read(File.ReadAllBytes(Path.Combine(b.FullName, name)));
            Assert.False(x.HasErrors);
            Assert.Equal(x.Submission!.Schools, y.Submission!.Schools);
            Assert.Equal(x.Submission.County, y.Submission.County);
        }
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("score --help")]
    [InlineData("serve --help")]
    [InlineData("bench workbook --help")]
    [InlineData("bench batch --help")]
    public void Help_IsAvailableEverywhere(string args)
    {
        Assert.Equal(0, Program.Main(args.Split(' ')));
    }

    [Fact]
    public void Main_UnknownCommand_IsAUsageError()
    {
        Assert.NotEqual(0, Program.Main(["frobnicate"]));
    }
}
