using System.IO.Compression;
using System.Text;
using ClosedXML.Excel;
using Metrics.Core.Model;
using Metrics.Excel.Feedback;
using Metrics.Excel.Reading;
using Metrics.Excel.Tests.Builders;
using Metrics.Excel.Tests.Reading;

namespace Metrics.Excel.Tests.Feedback;

/// <summary>
/// Writing feedback never loses the verdict: every file of the bad-workbook corpus and every workbook
/// re-saved by openpyxl or LibreOffice (tests/TestData/resaved) gets a feedback workbook listing
/// every issue, marked at its cells where the file is a workbook.
/// </summary>
public class FeedbackRobustnessTests
{
    public static TheoryData<string, string> AllFiles()
    {
        var data = new TheoryData<string, string>();
        foreach (var c in BadWorkbookCorpus.Cases)
        {
            data.Add("bad", c.Name + ".xlsx");
        }

        foreach (var f in Directory.GetFiles(TestFiles.Dir("resaved"), "*.xlsx").Order(StringComparer.Ordinal))
        {
            data.Add("resaved", Path.GetFileName(f));
        }

        return data;
    }

    [Fact]
    public void ResavedFixtures_AllEightPresent() =>
        // 4 edits (two deletions, a move, a rename) × 2 programs (openpyxl, LibreOffice).
        Assert.Equal(8, Directory.GetFiles(TestFiles.Dir("resaved"), "*.xlsx").Length);

    [Theory]
    [MemberData(nameof(AllFiles))]
    public void Write_CorpusAndResavedWorkbooks_NeverThrowsAndMarksEveryCell(string folder, string file)
    {
        var original = TestFiles.Read(folder, file);
        var read = WorkbookReaderTests.ReadBytes(original);
        // A warning at B4 (the first school's name) as well, so that accepted files are marked too.
        var issues = read.Issues.Append(new ValidationIssue(Severity.Warning, IssueCodes.ImplausibleValue, "学校", 4, "school_name", "B4", "检查", "Check")).ToList();

        using var output = new MemoryStream();
        var kind = FeedbackWriter.Write(original, issues, output);

        using var wb = new XLWorkbook(new MemoryStream(output.ToArray()));
        var list = wb.Worksheet(1);
        Assert.Equal(FeedbackWriter.IssuesSheetName, list.Name);
        Assert.Equal(issues.Count, list.RowsUsed().Count() - 1);
        var isWorkbook = read.Issues.All(i => i.Code is not (IssueCodes.NotXlsx or IssueCodes.XlsFormat or IssueCodes.CorruptZip or IssueCodes.EmptyFile or IssueCodes.Encrypted));
        Assert.Equal(isWorkbook ? FeedbackKind.Marked : FeedbackKind.Plain, kind);
        if (isWorkbook)
        {
            foreach (var issue in issues.Where(i => i.Cell is not null && wb.Worksheets.Contains(i.Sheet)))
            {
                var fill = wb.Worksheet(issue.Sheet).Cell(issue.Cell!).Style.Fill.BackgroundColor;
                Assert.True(fill == FeedbackWriter.ErrorFill || fill == FeedbackWriter.WarningFill, $"{issue.Location} {issue.Code} not marked");
            }
        }
    }

    [Theory]
    [InlineData("openpyxl_deleted_students_primary.xlsx")]
    [InlineData("libreoffice_deleted_students_primary.xlsx")]
    public void Read_DeletedRequiredColumn_ReportsColumnOnceAndNoIssueWithoutCell(string file)
    {
        // Column F (students_primary) deleted: the column is missing once; the cross-checks used to judge
        // the absent value as 0 pupils "with teachers" at cell "4" (no column letter), which made the
        // marked copy throw a NullReferenceException.
        var result = WorkbookReaderTests.ReadBytes(TestFiles.Read("resaved", file));

        Assert.Contains(result.Issues, i => i.Code == IssueCodes.MissingColumn && i.Column == "students_primary");
        Assert.DoesNotContain(result.Issues, i => i.Code == IssueCodes.ZeroPupilsWithResources);
        Assert.All(result.Issues.Where(i => i.Cell is not null), i => Assert.True(XLHelper.IsValidA1Address(i.Cell!), i.Location));
    }

    [Fact]
    public void Write_IssueAtInvalidCell_ListsItWithoutMarking()
    {
        // What the old reader produced for a deleted column: a row without a column letter.
        var original = TestFiles.Read("resaved", "openpyxl_deleted_students_primary.xlsx");
        var issue = new ValidationIssue(Severity.Error, IssueCodes.ZeroPupilsWithResources, "学校", 4, "students_primary", "4", "零", "Zero");

        using var output = new MemoryStream();
        var kind = FeedbackWriter.Write(original, [issue], output);

        Assert.Equal(FeedbackKind.Marked, kind);
        using var wb = new XLWorkbook(new MemoryStream(output.ToArray()));
        Assert.Equal("学校!4", wb.Worksheet(1).Cell(2, 4).GetString());
        Assert.False(wb.Worksheet(1).Cell(2, 4).HasHyperlink);
    }

    [Fact]
    public void Write_SheetNameClosedXmlRefuses_GivesPlainWorkbookWithEveryIssue()
    {
        // A sheet named with 40 characters (Excel allows 31): ClosedXML can neither open the file nor
        // rebuild a sheet of that name, so no marked copy can be made; the plain list still can.
        var original = RenameSheet(TestFiles.Read("bad", "negative_value_area.xlsx"), "填表说明", new string('长', 40));
        var issues = WorkbookReaderTests.ReadBytes(original).Issues;
        Assert.Contains(issues, i => i.Code == IssueCodes.NegativeValue && i.Location == "学校!X4");

        using var output = new MemoryStream();
        var kind = FeedbackWriter.Write(original, issues, output);

        Assert.Equal(FeedbackKind.Plain, kind);
        using var wb = new XLWorkbook(new MemoryStream(output.ToArray()));
        Assert.Equal([FeedbackWriter.IssuesSheetName], wb.Worksheets.Select(w => w.Name).ToArray());
        var rows = wb.Worksheet(1).RowsUsed().Skip(1).ToList();
        Assert.Equal(issues.Count, rows.Count);
        var negative = rows.Single(r => r.Cell(3).GetString() == IssueCodes.NegativeValue);
        Assert.Equal("学校!X4", negative.Cell(4).GetString());
        Assert.Contains("不能为负数", negative.Cell(5).GetString(), StringComparison.Ordinal);
        Assert.Contains("cannot be negative", negative.Cell(6).GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Write_MessageWithNulAndEscape_SavesWithReplacementCharacter()
    {
        // A NUL or ESC in a message (it quotes what the county typed) used to make ClosedXML's save throw.
        var original = TestFiles.Read("bad", "negative_value_area.xlsx");
        var issue = new ValidationIssue(Severity.Error, IssueCodes.MissingValue, "学校", 5, "school_name", "B5", "名称“a\0b\u001bc”", "Name “a\0b\u001bc”");

        using var output = new MemoryStream();
        var kind = FeedbackWriter.Write(original, [issue], output);

        Assert.Equal(FeedbackKind.Marked, kind);
        using var wb = new XLWorkbook(new MemoryStream(output.ToArray()));
        Assert.Equal("Name “a\uFFFDb\uFFFDc”", wb.Worksheet(1).Cell(2, 6).GetString());
        Assert.Contains("a\uFFFDb\uFFFDc", wb.Worksheet("学校").Cell("B5").Comment.Text, StringComparison.Ordinal);
    }

    /// <summary>The same package with one sheet renamed in xl/workbook.xml (no other part names sheets here).</summary>
    internal static byte[] RenameSheet(byte[] xlsx, string from, string to)
    {
        using var result = new MemoryStream();
        using (var source = new ZipArchive(new MemoryStream(xlsx), ZipArchiveMode.Read))
        using (var target = new ZipArchive(result, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var entry in source.Entries)
            {
                using var input = entry.Open();
                using var copy = new MemoryStream();
                input.CopyTo(copy);
                var bytes = copy.ToArray();
                if (entry.FullName == "xl/workbook.xml")
                {
                    var xml = Encoding.UTF8.GetString(bytes);
                    Assert.Contains($"name=\"{from}\"", xml, StringComparison.Ordinal);
                    bytes = Encoding.UTF8.GetBytes(xml.Replace($"name=\"{from}\"", $"name=\"{to}\"", StringComparison.Ordinal));
                }

                using var output = target.CreateEntry(entry.FullName).Open();
                output.Write(bytes);
            }
        }

        return result.ToArray();
    }
}
