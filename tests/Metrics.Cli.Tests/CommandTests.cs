using Metrics.Cli.Commands;
using Metrics.Excel.Reading;
using Metrics.Samples;
using Metrics.TestSupport;
using Microsoft.Extensions.Configuration;

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
        var output = work.CreateSubdirectory("out");

        Assert.Equal(2, ScoreCommand.Run([good, bad], output, null, null));

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
    public void Score_UnknownProfile_IsAUsageErrorBeforeReadingAnything()
    {
        // Was 2, the code of a rejected workbook: a script could not tell its own typo from a county's error.
        var output = work.CreateSubdirectory("out");
        Assert.Equal(ExitCodes.Usage, ScoreCommand.Run([Save("good.xlsx", Workbooks.Good("130102", 2024))], output, "quality-2099", null));
        Assert.Empty(output.GetFileSystemInfos());
    }

    [Fact]
    public void Score_MissingFile_IsAUsageError_AndNothingIsWritten()
    {
        var good = Save("good.xlsx", Workbooks.Good("130102", 2024));
        var missing = new FileInfo(Path.Combine(work.FullName, "nope.xlsx"));
        var output = work.CreateSubdirectory("out");

        Assert.Equal(ExitCodes.Usage, ScoreCommand.Run([good, missing], output, null, null));
        Assert.Equal(ExitCodes.Usage, Program.Main(["score", missing.FullName, "--out", output.FullName]));
        Assert.Empty(output.GetFileSystemInfos());
        Assert.NotEqual(ExitCodes.Rejected, ExitCodes.Usage);
    }

    [Fact]
    public void Score_ManyFilesOnBothCores_WritesWhatEachFileAloneWrites()
    {
        // Files are scored in parallel; every output must still be what a one-file run writes.
        var files = new[] { "130102", "130103", "130104", "130105" }.Select((code, i) => Save($"c{i}.xlsx", Workbooks.Good(code, 2024, seed: 3, index: i))).ToArray();
        files = [.. files, Save("bad.xlsx", Workbooks.Broken("130106", 2024))];
        var together = work.CreateSubdirectory("together");
        Assert.Equal(2, ScoreCommand.Run(files, together, null, null));

        foreach (var file in files)
        {
            var alone = work.CreateSubdirectory("alone-" + Path.GetFileNameWithoutExtension(file.Name));
            ScoreCommand.Run([file], alone, null, null);
            var name = Path.GetFileNameWithoutExtension(file.Name);
            var expected = Directory.GetFiles(Path.Combine(alone.FullName, name)).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray();
            Assert.Equal(expected, Directory.GetFiles(Path.Combine(together.FullName, name)).Select(Path.GetFileName).Order(StringComparer.Ordinal));
            foreach (var json in expected.Where(f => f!.EndsWith(".json", StringComparison.Ordinal)))
            {
                Assert.Equal(File.ReadAllBytes(Path.Combine(alone.FullName, name, json!)), File.ReadAllBytes(Path.Combine(together.FullName, name, json!)));
            }
        }
    }

    [Fact]
    public void Score_SameNameFromTwoFolders_WritesTwoOutputFolders()
    {
        // a/county.xlsx and b/county.xlsx used to share out/county, the second overwriting the first.
        var a = work.CreateSubdirectory("a");
        var b = work.CreateSubdirectory("b");
        var first = new FileInfo(Path.Combine(a.FullName, "county.xlsx"));
        var second = new FileInfo(Path.Combine(b.FullName, "County.xlsx"));
        File.WriteAllBytes(first.FullName, Workbooks.Good("130102", 2024));
        File.WriteAllBytes(second.FullName, Workbooks.Good("130103", 2024));
        var output = work.CreateSubdirectory("out");

        Assert.Equal(0, ScoreCommand.Run([first, second], output, null, null));

        Assert.Equal(["County-2", "county"], output.GetDirectories().Select(d => d.Name).Order(StringComparer.Ordinal));
        Assert.Contains("\"130102\"", File.ReadAllText(Path.Combine(output.FullName, "county", "scorecard.json")), StringComparison.Ordinal);
        Assert.Contains("\"130103\"", File.ReadAllText(Path.Combine(output.FullName, "County-2", "scorecard.json")), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("admin")]
    [InlineData("county:12")]
    [InlineData("county:1301021")]
    [InlineData("")]
    public void Key_RoleThatGrantsNothing_IsRefused(string role)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        Assert.Equal(ExitCodes.Usage, KeyCommand.Run([role], "x", null, Config(), output, error));
        Assert.Empty(output.ToString());
        Assert.Contains("grant nothing", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Key_WithoutIndex_TakesTheFirstFreeIndexOfTheConfiguration()
    {
        // Keys 0 and 1 are configured: the new one is 2, not 0 (which would replace key 0).
        var configured = Config(("Metrics:ApiKeys:0:Sha256", new string('a', 64)), ("Metrics:ApiKeys:1:Sha256", new string('b', 64)));
        using var output = new StringWriter();
        using var error = new StringWriter();

        Assert.Equal(0, KeyCommand.Run(["county:130102", "evaluator"], "县教育局", null, configured, output, error));

        var lines = output.ToString().Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("Metrics__ApiKeys__2__Name=县教育局", lines);
        Assert.Contains("Metrics__ApiKeys__2__Roles__0=county:130102", lines);
        Assert.Contains("Metrics__ApiKeys__2__Roles__1=evaluator", lines);
        Assert.DoesNotContain(lines, l => l.Contains("__0__", StringComparison.Ordinal));
        var key = lines[0][(lines[0].LastIndexOf(' ') + 1)..];
        Assert.Contains($"Metrics__ApiKeys__2__Sha256={Metrics.Pipeline.Api.ApiKeyAuthenticator.Hash(key)}", lines);

        using var explicitOut = new StringWriter();
        Assert.Equal(0, KeyCommand.Run(["evaluator"], "e", 5, configured, explicitOut, error));
        Assert.Contains("Metrics__ApiKeys__5__Roles__0=evaluator", explicitOut.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Serve_KeyThatGrantsNothing_RefusesToStart_AndNoKeysWarnsLoudly()
    {
        using var error = new StringWriter();
        var useless = Config(("Metrics:ApiKeys:0:Name", "ops"), ("Metrics:ApiKeys:0:Sha256", new string('a', 64)), ("Metrics:ApiKeys:0:Roles:0", "admin"));
        Assert.False(ServeCommand.KeysUsable(useless, error));
        Assert.Contains("'admin'", error.ToString(), StringComparison.Ordinal);

        var noRoles = Config(("Metrics:ApiKeys:0:Name", "ops"), ("Metrics:ApiKeys:0:Sha256", new string('a', 64)));
        Assert.False(ServeCommand.KeysUsable(noRoles, new StringWriter()));

        using var warning = new StringWriter();
        Assert.True(ServeCommand.KeysUsable(Config(), warning));
        Assert.Contains("WARNING: no API keys", warning.ToString(), StringComparison.Ordinal);

        using var quiet = new StringWriter();
        Assert.True(ServeCommand.KeysUsable(Config(("Metrics:ApiKeys:0:Name", "c"), ("Metrics:ApiKeys:0:Sha256", new string('a', 64)), ("Metrics:ApiKeys:0:Roles:0", "county:130102")), quiet));
        Assert.Empty(quiet.ToString());
    }

    private static Microsoft.Extensions.Configuration.IConfiguration Config(params (string Key, string Value)[] pairs) =>
        new Microsoft.Extensions.Configuration.ConfigurationBuilder()
            .AddInMemoryCollection(pairs.Select(p => new KeyValuePair<string, string?>(p.Key, p.Value)))
            .Build();

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
            // Byte for byte: the package used to carry a random part name, relationship ids and the clock.
            Assert.Equal(File.ReadAllBytes(Path.Combine(a.FullName, name)), File.ReadAllBytes(Path.Combine(b.FullName, name)));
            var x = WorkbookReader.Read(File.ReadAllBytes(Path.Combine(a.FullName, name)));
            var y = WorkbookReader.Read(File.ReadAllBytes(Path.Combine(b.FullName, name)));
            Assert.False(x.HasErrors);
            Assert.Equal(x.Submission!.Schools, y.Submission!.Schools);
            Assert.Equal(x.Submission.County, y.Submission.County);
        }
    }

    [Fact]
    public void Sample_Sheets_DeclareTheirTrueDimension()
    {
        // The schools sheet declared A1:AM6 (the template's extent) while holding a row per school;
        // readers that trust the dimension (openpyxl read-only) stopped at row 6.
        var options = new SampleOptions { Counties = 1, Seed = 7, Year = 2024, MinSchools = 40, MaxSchools = 40 };
        SampleCommand.Write(options, _ => Path.Combine(work.FullName, "{0}-{1}.xlsx"));
        var file = Assert.Single(work.GetFiles("*.xlsx"));
        var schools = WorkbookReader.Read(File.ReadAllBytes(file.FullName)).Submission!.Schools.Count;

        using var zip = System.IO.Compression.ZipFile.OpenRead(file.FullName);
        foreach (var entry in zip.Entries.Where(e => e.FullName.StartsWith("xl/worksheets/sheet", StringComparison.Ordinal)))
        {
            using var reader = new StreamReader(entry.Open());
            var xml = reader.ReadToEnd();
            var declared = System.Text.RegularExpressions.Regex.Match(xml, "dimension ref=\"A1:([A-Z]+)([0-9]+)\"");
            var lastRow = System.Text.RegularExpressions.Regex.Matches(xml, "<x:row r=\"([0-9]+)\"").Max(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
            Assert.True(declared.Success, entry.FullName);
            Assert.Equal(lastRow, int.Parse(declared.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture));
        }

        // The schools sheet: header, key row, example row, then one row per school (40 → row 43 at least).
        Assert.Equal(40, schools);
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
        Assert.Equal(ExitCodes.Usage, Program.Main(["frobnicate"]));
    }
}
