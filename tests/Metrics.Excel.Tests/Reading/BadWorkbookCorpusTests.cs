using Metrics.Core.Model;
using Metrics.Excel.Tests.Builders;

namespace Metrics.Excel.Tests.Reading;

public class BadWorkbookCorpusTests
{
    public static TheoryData<string> CaseNames()
    {
        var data = new TheoryData<string>();
        foreach (var c in BadWorkbookCorpus.Cases)
        {
            data.Add(c.Name);
        }

        return data;
    }

    [Fact]
    public void Cases_Count_AtLeastThirty() => Assert.True(BadWorkbookCorpus.Cases.Count >= 30);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Read_CommittedBadWorkbook_ReportsExpectedCodeAtCell(string name)
    {
        var c = BadWorkbookCorpus.Cases.Single(x => x.Name == name);
        var result = WorkbookReaderTests.ReadBytes(TestFiles.Read("bad", name + ".xlsx"));

        Assert.Contains(result.Issues, i => i.Code == c.Code && i.Location == c.Location && i.Severity == c.Severity);
        Assert.All(result.Issues, i => Assert.False(string.IsNullOrWhiteSpace(i.MessageZh) || string.IsNullOrWhiteSpace(i.MessageEn)));
        if (c.Severity == Severity.Error)
        {
            Assert.True(result.HasErrors);
            Assert.Null(result.Submission);
        }
        else
        {
            Assert.False(result.HasErrors, string.Join("\n", result.Issues.Select(i => $"{i.Code} {i.Location} {i.MessageEn}")));
            Assert.NotNull(result.Submission);
        }
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Read_BadWorkbook_HasNoUnexpectedErrors(string name)
    {
        var c = BadWorkbookCorpus.Cases.Single(x => x.Name == name);
        var result = WorkbookReaderTests.ReadBytes(TestFiles.Read("bad", name + ".xlsx"));

        // One defect, one error: nothing else in the file is wrong.
        var errors = result.Issues.Where(i => i.Severity == Severity.Error).ToList();
        Assert.True(errors.Count <= 1, string.Join("\n", errors.Select(i => $"{i.Code} {i.Location} {i.MessageEn}")));
    }

    [Fact]
    public void Generate_ToTempDirectory_MatchesCommittedFilesInContent()
    {
        // The corpus is generated to a temp directory and compared in content (sheets and cells, not zip
        // timestamps) with the committed files. METRICS_WRITE_TESTDATA=<repo>/tests/TestData copies changed
        // files over the committed ones instead (Fixtures/regenerate-testdata.sh).
        var target = Environment.GetEnvironmentVariable("METRICS_WRITE_TESTDATA");
        var dir = Directory.CreateTempSubdirectory("bad-corpus-").FullName;
        try
        {
            BadWorkbookCorpus.WriteAll(dir);
            var sourcePath = Path.Combine(dir, LibreOfficeSource.FileName);
            File.WriteAllBytes(sourcePath, LibreOfficeSource.Make());
            var files = BadWorkbookCorpus.Cases.Select(c => (Fresh: Path.Combine(dir, c.Name + ".xlsx"), Committed: Path.Combine("bad", c.Name + ".xlsx")))
                .Append((Fresh: sourcePath, Committed: Path.Combine("libreoffice", LibreOfficeSource.FileName)));
            foreach (var (fresh, committed) in files)
            {
                var freshContent = TestFiles.Content(File.ReadAllBytes(fresh));
                var committedPath = TestFiles.Dir(committed);
                var same = File.Exists(committedPath) && freshContent == TestFiles.Content(File.ReadAllBytes(committedPath));
                if (target is not null && !same)
                {
                    // Regeneration (Fixtures/regenerate-testdata.sh): only files whose content changed are rewritten.
                    var destination = Path.Combine(target, committed);
                    Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
                    File.Copy(fresh, destination, overwrite: true);
                    continue;
                }

                Assert.True(same, $"{committed} differs from what the generator makes");
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
