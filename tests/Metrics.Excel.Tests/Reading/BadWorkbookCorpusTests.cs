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
        // METRICS_WRITE_TESTDATA=<repo>/tests/TestData regenerates the committed corpus in place
        // (Fixtures/regenerate-testdata.sh); otherwise the corpus is generated to a temp directory.
        var target = Environment.GetEnvironmentVariable("METRICS_WRITE_TESTDATA");
        var dir = target is null ? Directory.CreateTempSubdirectory("bad-corpus-").FullName : Path.Combine(target, "bad");
        try
        {
            BadWorkbookCorpus.WriteAll(dir);
            var sourceDir = target is null ? dir : Path.Combine(target, "libreoffice");
            Directory.CreateDirectory(sourceDir);
            var sourcePath = Path.Combine(sourceDir, LibreOfficeSource.FileName);
            File.WriteAllBytes(sourcePath, LibreOfficeSource.Make());

            foreach (var c in BadWorkbookCorpus.Cases)
            {
                var fresh = File.ReadAllBytes(Path.Combine(dir, c.Name + ".xlsx"));
                var committed = TestFiles.Read("bad", c.Name + ".xlsx");
                Assert.True(TestFiles.Content(fresh) == TestFiles.Content(committed), $"{c.Name} differs from the committed file");
            }

            Assert.Equal(TestFiles.Content(File.ReadAllBytes(sourcePath)), TestFiles.Content(TestFiles.Read("libreoffice", LibreOfficeSource.FileName)));
        }
        finally
        {
            if (target is null)
            {
                Directory.Delete(dir, recursive: true);
            }
        }
    }
}
