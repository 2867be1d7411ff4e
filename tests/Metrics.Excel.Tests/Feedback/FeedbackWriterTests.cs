using System.IO.Compression;
using ClosedXML.Excel;
using Metrics.Core.Model;
using Metrics.Excel.Feedback;
using Metrics.Excel.Reading;
using Metrics.Excel.Tests.Builders;
using Metrics.Excel.Tests.Reading;

namespace Metrics.Excel.Tests.Feedback;

public class FeedbackWriterTests
{
    private const string Injection = "=HYPERLINK(\"http://x\",\"y\")";

    private static byte[] Feedback(byte[] original, IReadOnlyList<ValidationIssue> issues)
    {
        using var output = new MemoryStream();
        FeedbackWriter.Write(original, issues, output);
        return output.ToArray();
    }

    private static XLWorkbook Open(byte[] bytes) => new(new MemoryStream(bytes));

    [Fact]
    public void Write_ErrorAndWarningCells_FillsRedAndAmberWithBilingualComment()
    {
        var original = TestFiles.Read("bad", "not_a_number_chinese_numerals.xlsx");
        var issues = WorkbookReaderTests.ReadBytes(original).Issues.Append(
            new ValidationIssue(Severity.Warning, IssueCodes.ImplausibleValue, "学校", 5, "max_class_junior", "L5", "班额过大", "Class too large")).ToList();

        using var wb = Open(Feedback(original, issues));

        var f4 = wb.Worksheet("学校").Cell("F4");
        Assert.Equal(FeedbackWriter.ErrorFill, f4.Style.Fill.BackgroundColor);
        Assert.Contains("应为数字", f4.Comment.Text, StringComparison.Ordinal);
        Assert.Contains("must be a number", f4.Comment.Text, StringComparison.Ordinal);
        Assert.Equal("三百", f4.GetString());
        var l5 = wb.Worksheet("学校").Cell("L5");
        Assert.Equal(FeedbackWriter.WarningFill, l5.Style.Fill.BackgroundColor);
        Assert.Contains("Class too large", l5.Comment.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_Issues_ListsEveryIssueOnFirstSheetWithLinks()
    {
        var original = TestFiles.Read("bad", "not_a_number_chinese_numerals.xlsx");
        var issues = WorkbookReaderTests.ReadBytes(original).Issues;

        using var wb = Open(Feedback(original, issues));

        var sheet = wb.Worksheet(1);
        Assert.Equal(FeedbackWriter.IssuesSheetName, sheet.Name);
        Assert.Equal(issues.Count, sheet.RowsUsed().Count() - 1);
        var row = sheet.Row(2);
        Assert.Equal("not_a_number", row.Cell(3).GetString());
        Assert.Equal("学校!F4", row.Cell(4).GetString());
        Assert.True(row.Cell(4).HasHyperlink);
        Assert.Equal("'学校'!F4", row.Cell(4).Hyperlink.InternalAddress);
        Assert.Contains("三百", row.Cell(5).GetString(), StringComparison.Ordinal);
        Assert.Contains("must be a number", row.Cell(6).GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Write_LibreOfficeWorkbookClosedXmlCannotOpen_RebuildsAndAnnotates()
    {
        var original = TestFiles.Read("libreoffice", "county-libreoffice.xlsx");
        Assert.True(FeedbackWriter.NeedsRebuild(original));
        var issue = new ValidationIssue(Severity.Error, IssueCodes.NotANumber, "学校", 6, "books", "AC6", "图书册数应为数字", "books must be a number");

        using var wb = Open(Feedback(original, [issue]));

        Assert.Equal(FeedbackWriter.IssuesSheetName, wb.Worksheet(1).Name);
        var cell = wb.Worksheet("学校").Cell("AC6");
        Assert.Equal(FeedbackWriter.ErrorFill, cell.Style.Fill.BackgroundColor);
        Assert.Contains("books must be a number", cell.Comment.Text, StringComparison.Ordinal);
        Assert.Equal(300, wb.Worksheet("学校").Cell("F4").GetDouble());
        Assert.Equal("第1学校", wb.Worksheet("学校").Cell("B4").GetString());
    }

    [Fact]
    public void Write_RebuiltLibreOfficeWorkbook_ReadsBackToSameModel()
    {
        var original = TestFiles.Read("libreoffice", "county-libreoffice.xlsx");

        var result = WorkbookReaderTests.ReadBytes(Feedback(original, []));

        WorkbookReaderTests.AssertSameSubmission(LibreOfficeSource.Expected, result.Submission);
    }

    [Theory]
    [MemberData(nameof(BadWorkbookCorpusTests.CaseNames), MemberType = typeof(BadWorkbookCorpusTests))]
    public void Write_EveryBadWorkbook_ProducesWorkbookWithIssuesSheet(string name)
    {
        var original = TestFiles.Read("bad", name + ".xlsx");
        var issues = WorkbookReaderTests.ReadBytes(original).Issues;

        using var wb = Open(Feedback(original, issues));

        Assert.Equal(FeedbackWriter.IssuesSheetName, wb.Worksheet(1).Name);
        Assert.Equal(issues.Count, wb.Worksheet(1).RowsUsed().Count() - 1);
    }

    [Fact]
    public void Write_NotAWorkbook_ReturnsIssuesSheetOnly()
    {
        var original = TestFiles.Read("bad", "not_xlsx_csv.xlsx");
        var issues = WorkbookReaderTests.ReadBytes(original).Issues;

        using var wb = Open(Feedback(original, issues));

        Assert.Equal([FeedbackWriter.IssuesSheetName], wb.Worksheets.Select(w => w.Name).ToArray());
        Assert.Equal("not_xlsx", wb.Worksheet(1).Cell(2, 3).GetString());
    }

    [Fact]
    public void Write_FeedbackUploadedAgain_ReplacesOldIssuesSheet()
    {
        var original = TestFiles.Read("bad", "negative_value_area.xlsx");
        var issues = WorkbookReaderTests.ReadBytes(original).Issues;
        var first = Feedback(original, issues);

        var again = WorkbookReaderTests.ReadBytes(first);
        using var wb = Open(Feedback(first, again.Issues));

        Assert.Single(wb.Worksheets, w => w.Name == FeedbackWriter.IssuesSheetName);
        Assert.Contains(again.Issues, i => i.Code == IssueCodes.NegativeValue && i.Location == "学校!X4");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Write_FormulaLikeSchoolName_StaysText(bool libreOffice)
    {
        // The LibreOffice fixture holds the same name in B15 and takes the rebuild path.
        var original = libreOffice
            ? TestFiles.Read("libreoffice", "county-libreoffice.xlsx")
            : new CountyWorkbookBuilder().With(CountyWorkbookBuilder.SampleSubmission(8))
                .Then(wb => wb.Worksheet("学校").Cell("B15").SetValue(Injection).DataType = XLDataType.Text).Build();
        Assert.Equal(libreOffice, FeedbackWriter.NeedsRebuild(original));
        var issue = new ValidationIssue(Severity.Warning, IssueCodes.ImplausibleValue, "学校", 15, "school_name", "B15",
            $"学校名称 “{Injection}” 可疑", $"Suspicious name “{Injection}”");

        var bytes = Feedback(original, [issue]);

        using var wb = Open(bytes);
        var cell = wb.Worksheet("学校").Cell("B15");
        Assert.False(cell.HasFormula);
        Assert.Equal(Injection, cell.GetString());
        Assert.All(wb.Worksheet(1).CellsUsed(), c => Assert.False(c.HasFormula));
        var xml = AllSheetXml(bytes);
        Assert.DoesNotContain("HYPERLINK(\"http://x\"", FormulaElements(xml), StringComparison.Ordinal);
    }

    [Fact]
    public void Read_LibreOfficeFixture_KeepsFormulaLikeNameAsText()
    {
        var result = WorkbookReaderTests.ReadBytes(TestFiles.Read("libreoffice", "county-libreoffice.xlsx"));

        Assert.Equal(Injection, result.Submission!.Schools[11].Name);
    }

    private static string FormulaElements(string xml) =>
        string.Concat(System.Text.RegularExpressions.Regex.Matches(xml, "<(x:)?f[ >].*?</(x:)?f>").Select(m => m.Value));

    private static string AllSheetXml(byte[] xlsx)
    {
        using var zip = new ZipArchive(new MemoryStream(xlsx), ZipArchiveMode.Read);
        return string.Concat(zip.Entries.Where(e => e.FullName.StartsWith("xl/worksheets/", StringComparison.Ordinal) && e.FullName.EndsWith(".xml", StringComparison.Ordinal))
            .Select(e => new StreamReader(e.Open()).ReadToEnd()));
    }
}
