using ClosedXML.Excel;
using Metrics.Core.Model;
using Metrics.Excel.Reading;
using Metrics.Excel.Tests.Builders;

namespace Metrics.Excel.Tests.Reading;

public class WorkbookReaderTests
{
    internal static ReadResult ReadBytes(byte[] bytes)
    {
        using var ms = new MemoryStream(bytes);
        return WorkbookReader.Read(ms);
    }

    internal static void AssertSameSubmission(CountySubmission expected, CountySubmission? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.County, actual.County);
        Assert.Equal(expected.Schools.Count, actual.Schools.Count);
        for (var i = 0; i < expected.Schools.Count; i++)
        {
            Assert.Equal(expected.Schools[i], actual.Schools[i]);
        }

        Assert.Equal(expected.Rotation, actual.Rotation);
        Assert.Equal(expected.Spending, actual.Spending);
    }

    private static string Describe(ReadResult r) => string.Join("\n", r.Issues.Select(i => $"{i.Severity} {i.Code} {i.Location}: {i.MessageEn}"));

    [Fact]
    public void Read_FilledTemplateWithAllSchoolTypes_ReturnsExactModel()
    {
        var expected = CountyWorkbookBuilder.SampleSubmission(16);
        var result = ReadBytes(new CountyWorkbookBuilder().With(expected).Build());

        Assert.True(result.Issues.Count == 0, Describe(result));
        AssertSameSubmission(expected, result.Submission);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(2024)]
    public void Read_ColumnsInShuffledOrder_ReturnsExactModel(int seed)
    {
        var expected = CountyWorkbookBuilder.SampleSubmission(9);
        var result = ReadBytes(new CountyWorkbookBuilder().With(expected).ShuffledColumns(seed).Build());

        Assert.True(result.Issues.Count == 0, Describe(result));
        AssertSameSubmission(expected, result.Submission);
    }

    [Fact]
    public void Read_EnglishKeyHeaderOnlyInRow1_ReturnsExactModel()
    {
        var expected = CountyWorkbookBuilder.SampleSubmission(9, firstRow: 2);
        var result = ReadBytes(new CountyWorkbookBuilder().With(expected).EnglishHeadersOnly().ShuffledColumns(3).Build());

        Assert.True(result.Issues.Count == 0, Describe(result));
        AssertSameSubmission(expected, result.Submission);
    }

    [Fact]
    public void Read_ChineseLabelHeaderOnly_ReturnsExactModel()
    {
        var expected = CountyWorkbookBuilder.SampleSubmission(9, firstRow: 2);
        var result = ReadBytes(new CountyWorkbookBuilder().With(expected).ChineseHeadersOnly().Build());

        Assert.True(result.Issues.Count == 0, Describe(result));
        AssertSameSubmission(expected, result.Submission);
    }

    [Fact]
    public void Read_FullWidthNumbersWithThousandsSeparators_ReturnsExactModel()
    {
        var expected = CountyWorkbookBuilder.SampleSubmission(9);
        var result = ReadBytes(new CountyWorkbookBuilder().With(expected).TypedAs(Typing.FullWidth).Build());

        Assert.True(result.Issues.Count == 0, Describe(result));
        AssertSameSubmission(expected, result.Submission);
    }

    [Fact]
    public void Read_ThousandsSeparatedText_ReturnsExactModel()
    {
        var expected = CountyWorkbookBuilder.SampleSubmission(9);
        var result = ReadBytes(new CountyWorkbookBuilder().With(expected).TypedAs(Typing.Grouped).Build());

        Assert.True(result.Issues.Count == 0, Describe(result));
        AssertSameSubmission(expected, result.Submission);
    }

    [Fact]
    public void Read_NumbersStoredAsText_ReturnsExactModel()
    {
        var expected = CountyWorkbookBuilder.SampleSubmission(9);
        var result = ReadBytes(new CountyWorkbookBuilder().With(expected).TypedAs(Typing.AsText).Build());

        Assert.True(result.Issues.Count == 0, Describe(result));
        AssertSameSubmission(expected, result.Submission);
    }

    [Fact]
    public void Read_FormulaCell_UsesCachedValue()
    {
        var expected = CountyWorkbookBuilder.SampleSubmission(8);
        var bytes = Typing.WithFormula(new CountyWorkbookBuilder().With(expected).Build(), "学校", "F4", "100+200", "300");

        var result = ReadBytes(bytes);

        Assert.True(result.Issues.Count == 0, Describe(result));
        Assert.Equal(300, result.Submission!.Schools[0].StudentsPrimary);
    }

    [Fact]
    public void Read_LibreOfficeSavedWorkbook_ReturnsExactModel()
    {
        var result = ReadBytes(TestFiles.Read("libreoffice", "county-libreoffice.xlsx"));

        Assert.True(result.Issues.Count == 0, Describe(result));
        AssertSameSubmission(LibreOfficeSource.Expected, result.Submission);
    }

    [Fact]
    public void Read_OldXlsSavedByLibreOffice_ReportsXlsFormat()
    {
        var result = ReadBytes(TestFiles.Read("libreoffice", "county-old.xls"));

        var issue = Assert.Single(result.Issues);
        Assert.Equal(IssueCodes.XlsFormat, issue.Code);
        Assert.Contains(".xlsx", issue.MessageZh, StringComparison.Ordinal);
        Assert.Null(result.Submission);
    }

    [Fact]
    public void Read_SheetsNamedInEnglish_ReadsAndReportsSheetAsNamed()
    {
        var expected = CountyWorkbookBuilder.SampleSubmission(8);
        var bytes = new CountyWorkbookBuilder().With(expected).Then(wb =>
        {
            wb.Worksheet("学校").Name = "Schools";
            wb.Worksheet("基本信息").Name = "county";
            wb.Worksheet("教师交流").Name = "教师交流 Rotation";
            wb.Worksheet("Schools").Cell("F5").SetValue("x");
        }).Build();

        var result = ReadBytes(bytes);

        var issue = Assert.Single(result.Issues);
        Assert.Equal("Schools!F5", issue.Location);
        Assert.Equal("students_primary", issue.Column);
        Assert.Equal(5, issue.Row);
    }

    [Fact]
    public void Read_SeveralDefects_ReportsEveryOne()
    {
        var bytes = new CountyWorkbookBuilder().With(CountyWorkbookBuilder.SampleSubmission(8)).Then(wb =>
        {
            var s = wb.Worksheet("学校");
            s.Cell("F4").SetValue("abc");
            s.Cell("X6").SetValue(-1);
            s.Cell("C7").SetValue("大学");
            wb.Worksheet("基本信息").Cell("C3").SetValue("12");
        }).Build();

        var result = ReadBytes(bytes);

        Assert.Equal(
            ["基本信息!C3 bad_county_code", "学校!C7 unknown_enum", "学校!F4 not_a_number", "学校!X6 negative_value"],
            result.Issues.Select(i => $"{i.Location} {i.Code}").Order(StringComparer.Ordinal).ToArray());
        Assert.Null(result.Submission);
    }

    [Fact]
    public void Read_EnglishEnumNamesAnyCase_ParsesEnums()
    {
        var bytes = new CountyWorkbookBuilder().With(CountyWorkbookBuilder.SampleSubmission(8)).Then(wb =>
        {
            var s = wb.Worksheet("学校");
            s.Cell("C6").SetValue("nine year");
            s.Cell("D6").SetValue("RURAL");
            s.Cell("E6").SetValue("Private");
            s.Cell("AK6").SetValue("within_city");
            s.Cell("AL6").SetValue("Yes");
        }).Build();

        var school = ReadBytes(bytes).Submission!.Schools[2];

        Assert.Equal((SchoolType.NineYear, Location.Rural, Ownership.Private, PairingScope.WithinCity, true),
            (school.Type, school.Location, school.Ownership, school.PairingScope!.Value, school.AfterSchoolService!.Value));
    }

    [Theory]
    [InlineData("88%", 0.88)]
    [InlineData("88", 0.88)]
    [InlineData("１００", 1.0)]
    [InlineData("0", 0.0)]
    [InlineData("0.5%", 0.005)]
    public void Read_PercentTypedAsText_DividesBy100(string typed, double rate)
    {
        var bytes = new CountyWorkbookBuilder().With(CountyWorkbookBuilder.SampleSubmission(8)).Then(wb =>
        {
            var c = wb.Worksheet("基本信息").Cell("C18");
            c.SetValue(typed);
            c.DataType = XLDataType.Text;
        }).Build();

        var result = ReadBytes(bytes);

        Assert.Equal(rate, result.Submission!.County.SatisfactionRate!.Value, 12);
        Assert.DoesNotContain(result.Issues, i => i.Location == "基本信息!C18");
    }

    [Theory]
    [InlineData("0.88")]
    [InlineData("1")]
    public void Read_BarePercentInZeroToOneAsText_ErrorAtItsCell(string typed)
    {
        // Was a warning reading 0.88 as 0.88 %; 0.88 may as well mean 88 %, and every rate check turns on it.
        var bytes = new CountyWorkbookBuilder().With(CountyWorkbookBuilder.SampleSubmission(8)).Then(wb =>
        {
            var c = wb.Worksheet("基本信息").Cell("C18");
            c.SetValue(typed);
            c.DataType = XLDataType.Text;
        }).Build();

        var result = ReadBytes(bytes);

        Assert.Null(result.Submission);
        var issue = Assert.Single(result.Issues);
        Assert.Equal((Severity.Error, IssueCodes.PercentLooksLikeFraction, "基本信息!C18"), (issue.Severity, issue.Code, issue.Location));
    }

    [Theory]
    [InlineData(0, "0%", 0.95, 0.95)] // built-in id 9: 95% typed in Excel is stored 0.95
    [InlineData(0, "0.00%", 0.9635, 0.9635)]
    [InlineData(0, "0.0\\%", 95.0, 0.95)] // an escaped % is literal text, not a percent format: 95 is 95 %
    [InlineData(0, "#,##0.0\"%\"", 96.5, 0.965)] // a quoted % likewise
    [InlineData(0, "[Red]0.0%;[Blue]-0.0%", 0.5, 0.5)] // percent in the first section
    [InlineData(9, null, 1.0, 1.0)] // 100% typed with the built-in percent format
    public void Read_NumberWithPercentFormat_IsTheStoredFraction(int builtIn, string? format, double stored, double rate)
    {
        var bytes = new CountyWorkbookBuilder().With(CountyWorkbookBuilder.SampleSubmission(8)).Then(wb =>
        {
            var c = wb.Worksheet("基本信息").Cell("C18");
            c.SetValue(stored);
            if (format is null)
            {
                c.Style.NumberFormat.NumberFormatId = builtIn;
            }
            else
            {
                c.Style.NumberFormat.Format = format;
            }
        }).Build();

        var result = ReadBytes(bytes);

        Assert.True(!result.HasErrors, Describe(result));
        Assert.Equal(rate, result.Submission!.County.SatisfactionRate!.Value, 12);
    }

    [Fact]
    public void Read_TemplatePercentCellFilledAsExcelStoresIt_ReadsNinetyFivePercent()
    {
        // A county types 95 (or 95%) into the template's percent cell; Excel keeps the cell's percent format and
        // stores 0.95. The reader took it as 0.95 % (and warned) before it read number formats.
        var bytes = new CountyWorkbookBuilder().With(CountyWorkbookBuilder.SampleSubmission(8)).Then(wb =>
        {
            foreach (var cell in new[] { "C11", "C18" })
            {
                var c = wb.Worksheet("基本信息").Cell(cell);
                Assert.Contains("%", c.Style.NumberFormat.Format, StringComparison.Ordinal);
                c.SetValue(0.95);
            }
        }).Build();

        var result = ReadBytes(bytes);

        Assert.Empty(result.Issues);
        Assert.Equal(0.95, result.Submission!.County.TrainingCompletionRate!.Value, 12);
        Assert.Equal(0.95, result.Submission!.County.SatisfactionRate!.Value, 12);
    }

    [Theory]
    [InlineData(1.2)]
    [InlineData(95.0)]
    public void Read_TemplatePercentCellAbove100Percent_OutOfRangeAtItsCell(double stored)
    {
        // 95 stored in a percent cell is 9 500 % (WPS without automatic percent entry): rejected, never 95 %.
        var bytes = new CountyWorkbookBuilder().With(CountyWorkbookBuilder.SampleSubmission(8)).Then(wb => wb.Worksheet("基本信息").Cell("C18").SetValue(stored)).Build();

        var result = ReadBytes(bytes);

        Assert.Null(result.Submission);
        var issue = Assert.Single(result.Issues);
        Assert.Equal((IssueCodes.PercentOutOfRange, "基本信息!C18"), (issue.Code, issue.Location));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Read_TitleRowsAboveTheHeader_HeaderFoundAndDataRead(int titleRows)
    {
        // Counties put their own title above the template's header; with one title row the old reader took the
        // English key row for data and reported 42 errors.
        var bytes = new CountyWorkbookBuilder().With(CountyWorkbookBuilder.SampleSubmission(8)).Then(wb =>
        {
            foreach (var ws in new[] { "基本信息", "学校", "教师交流", "经费" }.Select(wb.Worksheet))
            {
                ws.Row(1).InsertRowsAbove(titleRows);
                ws.Cell(1, 1).SetValue($"东湖区 2024 年义务教育{ws.Name}情况表");
            }
        }).Build();

        var result = ReadBytes(bytes);

        // The same records, each from its row moved down by the title rows.
        Assert.True(result.Issues.Count == 0, Describe(result));
        AssertSameSubmission(CountyWorkbookBuilder.SampleSubmission(8, CountyWorkbookBuilder.FirstRow + titleRows), result.Submission);
    }

    [Fact]
    public void Read_NoHeaderInTheFirstFiveRows_OneIssueSayingWhereItWasExpected()
    {
        var bytes = new CountyWorkbookBuilder().With(CountyWorkbookBuilder.SampleSubmission(8)).Then(wb =>
        {
            var ws = wb.Worksheet("学校");
            ws.Row(1).InsertRowsAbove(5);
            ws.Cell(1, 1).SetValue("东湖区学校情况");
        }).Build();

        var result = ReadBytes(bytes);

        Assert.Null(result.Submission);
        var issue = Assert.Single(result.Issues, i => i.Sheet == "学校");
        Assert.Equal((Severity.Error, IssueCodes.HeaderNotFound, "学校!A1"), (issue.Severity, issue.Code, issue.Location));
        Assert.Contains("row 1 (Chinese, e.g. 学校代码", issue.MessageEn, StringComparison.Ordinal);
        Assert.Contains("“东湖区学校情况”", issue.MessageZh, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_StreamLargerThanCap_ReportsTooLargeWithoutReading()
    {
        using var ms = new MemoryStream(new CountyWorkbookBuilder().Build());

        var result = WorkbookReader.Read(ms, ReaderLimits.Default with { MaxCompressedBytes = 1000 });

        Assert.Equal(IssueCodes.TooLarge, Assert.Single(result.Issues).Code);
    }

    [Fact]
    public void Read_SheetPartsLargerThanUncompressedCap_ReportsTooLarge()
    {
        using var ms = new MemoryStream(new CountyWorkbookBuilder().Build());

        var result = WorkbookReader.Read(ms, ReaderLimits.Default with { MaxUncompressedSheetBytes = 10_000 });

        Assert.Equal(IssueCodes.TooLarge, Assert.Single(result.Issues).Code);
    }

    [Fact]
    public void Read_MoreRowsThanCap_ReportsTooLargeForThatSheet()
    {
        // The row cap is checked while streaming as well as from the declared dimension.
        using var ms = new MemoryStream(new CountyWorkbookBuilder().With(CountyWorkbookBuilder.SampleSubmission(8)).Build());

        var result = WorkbookReader.Read(ms, ReaderLimits.Default with { MaxRowsPerSheet = 6 });

        Assert.Contains(result.Issues, i => i.Code == IssueCodes.TooLarge && i.Sheet == "学校");
    }

    [Fact]
    public void Read_RowsBeyondCapInSheetWithoutDimension_ReportsTooLargeWhileStreaming()
    {
        var bytes = WithoutDimensions(new CountyWorkbookBuilder().With(CountyWorkbookBuilder.SampleSubmission(8)).Build());

        var result = WorkbookReader.Read(bytes, ReaderLimits.Default with { MaxRowsPerSheet = 6 });

        Assert.Contains(result.Issues, i => i.Code == IssueCodes.TooLarge && i.Sheet == "学校");
        Assert.Null(result.Submission);
    }

    /// <summary>Removes every &lt;dimension&gt; element, as some writers omit it, so only the streaming check can see the rows.</summary>
    private static byte[] WithoutDimensions(byte[] xlsx)
    {
        using var ms = new MemoryStream();
        ms.Write(xlsx);
        using (var zip = new System.IO.Compression.ZipArchive(ms, System.IO.Compression.ZipArchiveMode.Update, leaveOpen: true))
        {
            foreach (var e in zip.Entries.Where(e => e.FullName.StartsWith("xl/worksheets/sheet", StringComparison.Ordinal)).ToList())
            {
                string xml;
                using (var r = new StreamReader(e.Open()))
                {
                    xml = r.ReadToEnd();
                }

                var name = e.FullName;
                e.Delete();
                using var w = new StreamWriter(zip.CreateEntry(name).Open());
                w.Write(System.Text.RegularExpressions.Regex.Replace(xml, "<dimension [^>]*/>", string.Empty));
            }
        }

        return ms.ToArray();
    }

    [Fact]
    public void Read_TemplateAsWritten_ReportsOnlyMissingCountyIdentity()
    {
        using var ms = new MemoryStream();
        Metrics.Excel.Template.TemplateWriter.Write(ms, 2024, null);

        var result = ReadBytes(ms.ToArray());

        Assert.Equal(["基本信息!C3 missing_value", "基本信息!C4 missing_value"], result.Issues.Select(i => $"{i.Location} {i.Code}").ToArray());
    }
}
