using ClosedXML.Excel;
using Metrics.Core.Model;
using Metrics.Core.Profiles;
using Metrics.Core.Scoring;
using Metrics.Reports.Tests.Builders;

namespace Metrics.Reports.Tests;

public class ExcelScorecardTests
{
    private static XLWorkbook Reopen(byte[] bytes) => new(new MemoryStream(bytes));

    private static IXLRow RowWhere(IXLWorksheet ws, int column, string text) =>
        ws.RowsUsed().Single(r => r.Cell(column).GetString() == text);

    private static int ColumnOfKey(IXLWorksheet ws, string key, int keyRow = 2) =>
        ws.Row(keyRow).CellsUsed().Single(c => c.GetString() == key).Address.ColumnNumber;

    [Fact]
    public void Write_Sheets_AreTheSummaryLevelsSchoolsChecksAndWarnings()
    {
        using var wb = Reopen(ExcelScorecard.Write(Cards.Realistic()));

        Assert.Equal(
            // Issue 7 adds the county shortfall totals and the scope (schools left out, profile options);
            // issue 10 the plan of a county that fails its resource part, as this one does.
            ["概览 Summary", "小学 Primary", "小学学校 Primary schools", "初中 Junior", "初中学校 Junior schools", "检查 Checks", "补足 Shortfalls", "方案 Plan", "口径 Scope", "警告 Warnings", "信号 Signals",
                // Issue 10 adds the published tables and which schools drive each CV.
                "校际均衡情况 Balance table", "自评表 Self-evaluation", "差异来源 CV drivers"],
            wb.Worksheets.Select(w => w.Name));
    }

    [Fact]
    public void Write_FromTheStatisticsExport_SummarySaysSoAndWhatToComplete()
    {
        var export = new Metrics.Core.Import.ExportSource("school-list", ["music_rooms", "art_rooms"], ["music_art_rooms"], 2);
        using var wb = Reopen(ExcelScorecard.Write(Cards.Small() with { FromExport = export }));
        var summary = wb.Worksheet("概览 Summary");

        Assert.Equal("statistics_export", RowWhere(summary, 2, "source.kind").Cell(3).GetString());
        Assert.Contains("school-list", RowWhere(summary, 2, "source.kind").Cell(4).GetString(), StringComparison.Ordinal);
        Assert.Equal("music_rooms, art_rooms", RowWhere(summary, 2, "source.fieldsToComplete").Cell(3).GetString());
        Assert.Equal("music_art_rooms", RowWhere(summary, 2, "source.checksNotAssessed").Cell(3).GetString());
        Assert.Equal(2, RowWhere(summary, 2, "source.heldBackTeachingPoints").Cell(3).GetDouble());
    }

    [Fact]
    public void Write_FromTheTemplate_SummaryHasNoSourceRows()
    {
        using var wb = Reopen(ExcelScorecard.Write(Cards.Small()));

        Assert.DoesNotContain(wb.Worksheet("概览 Summary").RowsUsed(), r => r.Cell(2).GetString().StartsWith("source.", StringComparison.Ordinal));
    }

    [Fact]
    public void Write_LevelSheet_CvIsANumberWithThreeDecimalsFormat()
    {
        var card = Cards.Small();
        using var wb = Reopen(ExcelScorecard.Write(card));
        var ws = wb.Worksheet("小学 Primary");
        var row = RowWhere(ws, ColumnOfKey(ws, "id"), "multimedia_rooms_per100");
        var cv = row.Cell(ColumnOfKey(ws, "cv"));

        Assert.Equal(XLDataType.Number, cv.DataType);
        Assert.False(cv.HasFormula);
        Assert.Equal(card.Primary.Indicators.Single(i => i.Id == "multimedia_rooms_per100").Cv!.Value, cv.GetDouble(), 15);
        Assert.Equal("0.000", cv.Style.NumberFormat.Format);
        Assert.Equal(XLDataType.Number, row.Cell(ColumnOfKey(ws, "gini")).DataType);
        Assert.Equal("0.0000", row.Cell(ColumnOfKey(ws, "gini")).Style.NumberFormat.Format);
        Assert.Equal("达标 pass", row.Cell(ColumnOfKey(ws, "status")).GetString());
        Assert.Equal(XLDataType.Boolean, row.Cell(ColumnOfKey(ws, "borderline")).DataType);
    }

    [Fact]
    public void Write_SchoolSheet_ValuesAreNumbers()
    {
        var card = Cards.Small();
        using var wb = Reopen(ExcelScorecard.Write(card));
        var ws = wb.Worksheet("小学学校 Primary schools");
        var row = RowWhere(ws, 1, "B");
        var value = row.Cell(ColumnOfKey(ws, "multimedia_rooms_per100"));

        Assert.Equal(XLDataType.Number, value.DataType);
        Assert.Equal(2.0, value.GetDouble(), 12);
        Assert.Equal("0.00", value.Style.NumberFormat.Format);
        Assert.Equal(XLDataType.Number, row.Cell(ColumnOfKey(ws, "pupils")).DataType);
        Assert.Equal(300, row.Cell(ColumnOfKey(ws, "pupils")).GetDouble());
        Assert.Equal(6, row.Cell(ColumnOfKey(ws, "met")).GetDouble());
        Assert.Contains("+1 间网络多媒体教室 / +1 multimedia classroom", row.Cell(ColumnOfKey(ws, "shortfalls")).GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Write_FormulaLikeSchoolName_StaysLiteralText()
    {
        using var wb = Reopen(ExcelScorecard.Write(Cards.Realistic()));
        var ws = wb.Worksheet("小学学校 Primary schools");
        var name = RowWhere(ws, 1, "P10").Cell(2);

        Assert.False(name.HasFormula);
        Assert.Equal(XLDataType.Text, name.DataType);
        Assert.Equal(Cards.FormulaName, name.GetString());
        Assert.Equal(Cards.ScriptName, RowWhere(ws, 1, "P09").Cell(2).GetString());
        Assert.DoesNotContain(wb.Worksheets.SelectMany(w => w.CellsUsed()), c => c.HasFormula);
    }

    [Fact]
    public void Write_NumericLookingCodes_StayText()
    {
        var card = CountyScorer.Score(
            Schools.Submission(Schools.Primary("007", 200), Schools.Primary("1.50E+3", 300), Schools.Junior("0123", 400)) with
            {
                County = Schools.County() with { Code = "013001", Name = "+SUM(1,2)" },
            },
            ProfileCatalog.Default.Get(null));
        using var wb = Reopen(ExcelScorecard.Write(card));
        var schools = wb.Worksheet("小学学校 Primary schools");
        var summary = wb.Worksheet("概览 Summary");

        Assert.Equal(XLDataType.Text, RowWhere(schools, 1, "007").Cell(1).DataType);
        Assert.Equal(XLDataType.Text, RowWhere(schools, 1, "1.50E+3").Cell(1).DataType);
        var code = RowWhere(summary, 2, "county_code").Cell(3);
        Assert.Equal(XLDataType.Text, code.DataType);
        Assert.Equal("013001", code.GetString());
        var name = RowWhere(summary, 2, "county_name").Cell(3);
        Assert.False(name.HasFormula);
        Assert.Equal("+SUM(1,2)", name.GetString());
    }

    // The workbook is streamed (SpreadCheetah), which writes no conditional formats: the status
    // colours are fills decided from each cell's value when it is written. These check the fills.
    [Fact]
    public void Write_LevelAndSchoolSheets_ColourTheirStatuses()
    {
        var card = Cards.Realistic();
        using var wb = Reopen(ExcelScorecard.Write(card));
        var level = wb.Worksheet("小学 Primary");
        var statusCol = ColumnOfKey(level, "status");
        var cvCol = ColumnOfKey(level, "cv");
        var borderlineCol = ColumnOfKey(level, "borderline");

        var statuses = level.RowsUsed().Where(r => r.RowNumber() > 2 && !r.Cell(statusCol).IsEmpty()).Select(r => r.Cell(statusCol)).ToArray();
        Assert.NotEmpty(statuses);
        Assert.All(statuses.Where(c => c.GetString().EndsWith("fail", StringComparison.Ordinal)), c => Assert.Equal("FFFDE4E2", c.Style.Fill.BackgroundColor.Color.ToArgb().ToString("X8", System.Globalization.CultureInfo.InvariantCulture)));
        Assert.All(statuses.Where(c => c.GetString().EndsWith("pass", StringComparison.Ordinal)), c => Assert.Equal("FFDCF1E2", c.Style.Fill.BackgroundColor.Color.ToArgb().ToString("X8", System.Globalization.CultureInfo.InvariantCulture)));
        // A CV cell: amber when borderline, else red above its threshold and green at or below it.
        foreach (var row in level.RowsUsed().Where(r => r.RowNumber() > 2 && r.Cell(cvCol).DataType == XLDataType.Number && r.Cell(cvCol + 1).DataType == XLDataType.Number))
        {
            var cv = row.Cell(cvCol).GetDouble();
            var threshold = row.Cell(cvCol + 1).GetDouble();
            var expected = row.Cell(borderlineCol).GetBoolean() ? "FFFFF0CC" : cv > threshold ? "FFFDE4E2" : "FFDCF1E2";
            Assert.Equal(expected, row.Cell(cvCol).Style.Fill.BackgroundColor.Color.ToArgb().ToString("X8", System.Globalization.CultureInfo.InvariantCulture));
        }

        // School values under their standard are red; values meeting it are not coloured.
        var schools = wb.Worksheet("小学学校 Primary schools");
        var red = schools.RowsUsed().Where(r => r.RowNumber() > 2).SelectMany(r => r.Cells()).Count(c => c.DataType == XLDataType.Number && c.Style.Fill.BackgroundColor.Color.ToArgb() == unchecked((int)0xFFFDE4E2));
        Assert.True(red > 0);
    }

    [Fact]
    public void Write_Tables_HaveFrozenBilingualHeadersAndHandSetWidths()
    {
        using var wb = Reopen(ExcelScorecard.Write(Cards.Realistic()));
        var ws = wb.Worksheet("小学 Primary");

        Assert.Equal(2, ws.SheetView.SplitRow);
        Assert.Equal("差异系数", ws.Cell(1, ColumnOfKey(ws, "cv")).GetString());
        Assert.All(ws.ColumnsUsed(), c => Assert.InRange(c.Width, 6, 60));
        // A column of Chinese names is wider than the default.
        Assert.True(wb.Worksheet("小学学校 Primary schools").Column(2).Width > 12);
    }

    [Fact]
    public void Write_Basic2012_HasTheCompositeRow()
    {
        var card = Cards.Realistic("basic-2012");
        using var wb = Reopen(ExcelScorecard.Write(card));
        var ws = wb.Worksheet("初中 Junior");
        var row = RowWhere(ws, ColumnOfKey(ws, "id"), "compositeCv");

        Assert.Equal(card.Junior.CompositeCv!.Value, row.Cell(ColumnOfKey(ws, "cv")).GetDouble(), 15);
        Assert.Equal(0.55, row.Cell(ColumnOfKey(ws, "threshold")).GetDouble(), 12);
    }

    [Fact]
    public void Write_SummaryChecksAndWarnings_CarryStatusesFindingsAndLocations()
    {
        var card = Cards.Realistic();
        using var wb = Reopen(ExcelScorecard.Write(card));
        var summary = wb.Worksheet("概览 Summary");
        var checks = wb.Worksheet("检查 Checks");
        var warnings = wb.Worksheet("警告 Warnings");

        Assert.Equal("未达标 fail", RowWhere(summary, 2, "overall_status").Cell(3).GetString());
        Assert.Equal("长安区", RowWhere(summary, 2, "county_name").Cell(3).GetString());
        var classSize = checks.RowsUsed().First(r => r.Cell(2).GetString() == "class_size");
        Assert.Equal("班额", classSize.Cell(3).GetString());
        Assert.Equal(XLDataType.Number, classSize.Cell(5).DataType);
        Assert.Equal("0.0%", classSize.Cell(5).Style.NumberFormat.Format);
        Assert.Contains(checks.CellsUsed(), c => c.GetString().Contains("小学最大班额 48 人", StringComparison.Ordinal));
        var w = RowWhere(warnings, 3, card.Warnings[0].Code);
        Assert.Equal("学校", w.Cell(4).GetString());
        Assert.Equal(18, w.Cell(5).GetDouble());
        Assert.Equal(card.Warnings[0].MessageZh, w.Cell(8).GetString());
    }

    [Fact]
    public void Write_UndefinedCv_LeavesTheCellEmpty()
    {
        // No junior school has a key teacher: the mean is 0 and the CV undefined.
        var card = CountyScorer.Score(
            Schools.Submission(Schools.Primary("A", 300), Schools.Junior("J", 500) with { StaffJunior = new SectionStaff(40, 35, 0, 6, 15) }),
            ProfileCatalog.Default.Get(null));
        using var wb = Reopen(ExcelScorecard.Write(card));
        var ws = wb.Worksheet("初中 Junior");
        var row = RowWhere(ws, ColumnOfKey(ws, "id"), "key_teachers_per100");

        Assert.True(row.Cell(ColumnOfKey(ws, "cv")).IsEmpty());
        Assert.Equal("未定义 undefined", row.Cell(ColumnOfKey(ws, "status")).GetString());
    }
}
