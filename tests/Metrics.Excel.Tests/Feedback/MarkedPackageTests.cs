using System.IO.Compression;
using ClosedXML.Excel;
using Metrics.Core.Model;
using Metrics.Excel.Feedback;
using Metrics.Excel.Reading;
using Metrics.Excel.Tests.Builders;
using Metrics.Excel.Tests.Reading;

namespace Metrics.Excel.Tests.Feedback;

/// <summary>
/// The marked feedback workbook made by copying the upload's zip entries (no object model): ClosedXML,
/// an independent reader here, opens it and finds the fills and comments at the marked cells, the
/// issues sheet in front, and every untouched part of the upload byte for byte.
/// </summary>
public class MarkedPackageTests
{
    private static string Entry(byte[] xlsx, string name)
    {
        using var zip = new ZipArchive(new MemoryStream(xlsx));
        using var reader = new StreamReader(zip.GetEntry(name)!.Open());
        return reader.ReadToEnd();
    }

    [Fact]
    public void TryMark_Upload_FillsAndCommentsTheCellsAndKeepsTheRest()
    {
        var original = TestFiles.Read("bad", "not_a_number_chinese_numerals.xlsx");
        var issues = WorkbookReaderTests.ReadBytes(original).Issues.Append(
            new ValidationIssue(Severity.Warning, IssueCodes.ImplausibleValue, "学校", 5, "max_class_junior", "L5", "班额过大", "Class too large")).ToList();

        var marked = MarkedPackage.TryMark(original, issues);

        Assert.NotNull(marked);
        using var wb = new XLWorkbook(new MemoryStream(marked));
        Assert.Equal(FeedbackWriter.IssuesSheetName, wb.Worksheet(1).Name);
        Assert.Equal(issues.Count, wb.Worksheet(1).RowsUsed().Count() - 1);
        var f4 = wb.Worksheet("学校").Cell("F4");
        Assert.Equal(FeedbackWriter.ErrorFill, f4.Style.Fill.BackgroundColor);
        Assert.Equal("三百", f4.GetString());
        Assert.True(f4.HasComment);
        Assert.Contains("应为数字", f4.Comment.Text, StringComparison.Ordinal);
        Assert.Contains("must be a number", f4.Comment.Text, StringComparison.Ordinal);
        var l5 = wb.Worksheet("学校").Cell("L5");
        Assert.Equal(FeedbackWriter.WarningFill, l5.Style.Fill.BackgroundColor);
        Assert.Contains("Class too large", l5.Comment.Text, StringComparison.Ordinal);
        // An unmarked cell keeps its look; the shared strings are copied unchanged.
        Assert.False(wb.Worksheet("学校").Cell("B4").HasComment);
        Assert.Equal(Entry(original, "xl/sharedStrings.xml"), Entry(marked, "xl/sharedStrings.xml"));
        // The marked copy reads back to the same issues as the upload (the marks change no value).
        Assert.Equal(
            WorkbookReaderTests.ReadBytes(original).Issues.Select(i => i.Location + i.Code),
            WorkbookReaderTests.ReadBytes(marked).Issues.Select(i => i.Location + i.Code));
    }

    [Fact]
    public void TryMark_CellBeyondTheData_IsCreatedInItsRow()
    {
        var original = TestFiles.Read("bad", "not_a_number_chinese_numerals.xlsx");
        // AD900: a row and a column the sheet does not have; C4 sits between cells that exist.
        List<ValidationIssue> issues =
        [
            new(Severity.Error, IssueCodes.ImplausibleValue, "学校", 900, "x", "AD900", "远处", "Far away"),
            new(Severity.Warning, IssueCodes.ImplausibleValue, "学校", 4, "location", "C4", "中间", "In between"),
        ];

        var marked = MarkedPackage.TryMark(original, issues);

        Assert.NotNull(marked);
        using var wb = new XLWorkbook(new MemoryStream(marked));
        var ws = wb.Worksheet("学校");
        Assert.Equal(FeedbackWriter.ErrorFill, ws.Cell("AD900").Style.Fill.BackgroundColor);
        Assert.Contains("Far away", ws.Cell("AD900").Comment.Text, StringComparison.Ordinal);
        Assert.Equal(FeedbackWriter.WarningFill, ws.Cell("C4").Style.Fill.BackgroundColor);
        using var before = new XLWorkbook(new MemoryStream(original));
        Assert.Equal(before.Worksheet("学校").Cell("C4").GetString(), ws.Cell("C4").GetString());
        Assert.Equal(before.Worksheet("学校").Cell("D4").GetString(), ws.Cell("D4").GetString());
    }

    [Theory]
    [MemberData(nameof(FeedbackRobustnessTests.AllFiles), MemberType = typeof(FeedbackRobustnessTests))]
    public void TryMark_EveryWorkbookOfTheCorpus_TakesTheFastPathOrDeclines(string folder, string file)
    {
        var original = TestFiles.Read(folder, file);
        var read = WorkbookReaderTests.ReadBytes(original);
        var issues = read.Issues.Append(new ValidationIssue(Severity.Warning, IssueCodes.ImplausibleValue, "学校", 4, "school_name", "B4", "检查", "Check")).ToList();

        var marked = MarkedPackage.TryMark(original, issues);

        var isWorkbook = read.Issues.All(i => i.Code is not (IssueCodes.NotXlsx or IssueCodes.XlsFormat or IssueCodes.CorruptZip or IssueCodes.EmptyFile or IssueCodes.Encrypted));
        if (!isWorkbook)
        {
            Assert.Null(marked);
            return;
        }

        Assert.NotNull(marked);
        using var wb = new XLWorkbook(new MemoryStream(marked));
        Assert.Equal(FeedbackWriter.IssuesSheetName, wb.Worksheet(1).Name);
        if (wb.TryGetWorksheet("学校", out var schools))
        {
            Assert.True(schools.Cell("B4").HasComment);
            Assert.Contains("Check", schools.Cell("B4").Comment.Text, StringComparison.Ordinal);
        }
    }
}
