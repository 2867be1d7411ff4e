using ClosedXML.Excel;
using Metrics.Reports.Tests.Builders;

namespace Metrics.Reports.Tests;

public class ExcelRollupTests
{
    private static XLWorkbook Reopen(byte[] bytes) => new(new MemoryStream(bytes));

    private static int ColumnOfKey(IXLWorksheet ws, string key) =>
        ws.Row(2).CellsUsed().Single(c => c.GetString() == key).Address.ColumnNumber;

    private static IXLRow County(IXLWorksheet ws, string code) =>
        ws.RowsUsed().Single(r => r.RowNumber() > 2 && r.Cell(ColumnOfKey(ws, "code")).GetString() == code);

    [Fact]
    public void Write_Sheets_AreSummaryAndCounties()
    {
        using var wb = Reopen(ExcelRollup.Write(Rollups.Sample()));

        // Issue 10 adds the published table of each profile and the prefecture subtotals.
        Assert.Equal(["汇总 Summary", "县 Counties", "校际均衡情况 basic-2012", "校际均衡情况 quality-2017", "地级市 Prefectures"], wb.Worksheets.Select(w => w.Name));
        var summary = wb.Worksheet("汇总 Summary");
        Assert.Equal(1, summary.RowsUsed().Single(r => r.Cell(2).GetString() == "passing").Cell(3).GetDouble());
        Assert.Equal(1, summary.RowsUsed().Single(r => r.Cell(2).GetString() == "missing").Cell(3).GetDouble());
        Assert.Equal(3, summary.RowsUsed().Single(r => r.Cell(2).GetString() == "passingByDimension.vetoes").Cell(3).GetDouble());
    }

    [Fact]
    public void Write_Counties_AreNumbersWithTheRightValues()
    {
        var rollup = Rollups.Sample();
        using var wb = Reopen(ExcelRollup.Write(rollup));
        var ws = wb.Worksheet("县 Counties");
        var row = County(ws, "130102");
        var cv = row.Cell(ColumnOfKey(ws, "primary.cvs.multimedia_rooms_per100"));

        Assert.Equal(XLDataType.Number, cv.DataType);
        Assert.Equal(rollup.Rows[0].Card!.Primary.Cvs["multimedia_rooms_per100"]!.Value, cv.GetDouble(), 15);
        Assert.Equal("0.000", cv.Style.NumberFormat.Format);
        Assert.Equal(1, row.Cell(ColumnOfKey(ws, "rank")).GetDouble());
        Assert.Equal(0.0812345678901, row.Cell(ColumnOfKey(ws, "score")).GetDouble(), 15);
        Assert.Equal(2, row.Cell(ColumnOfKey(ws, "previous.rank")).GetDouble());
        Assert.Equal(1, row.Cell(ColumnOfKey(ws, "previous.rankDelta")).GetDouble());
        Assert.Equal("达标 pass", row.Cell(ColumnOfKey(ws, "overall")).GetString());
        Assert.True(row.Cell(ColumnOfKey(ws, "primary.cvs.key_teachers_per100")).IsEmpty());
        var basic = County(ws, "130104");
        Assert.Equal(rollup.Rows[1].Card!.Junior.CompositeCv!.Value, basic.Cell(ColumnOfKey(ws, "junior.compositeCv")).GetDouble(), 15);
        Assert.Equal(2, ws.SheetView.SplitRow);
        // Streamed without conditional formats: the status cells carry their colour as a fill.
        Assert.Equal(unchecked((int)0xFFDCF1E2), row.Cell(ColumnOfKey(ws, "overall")).Style.Fill.BackgroundColor.Color.ToArgb());
        Assert.Equal(unchecked((int)0xFF1A7F37), row.Cell(ColumnOfKey(ws, "overall")).Style.Font.FontColor.Color.ToArgb());
        Assert.Equal(unchecked((int)0xFFECEFF1), County(ws, "130107").Cell(ColumnOfKey(ws, "overall")).Style.Fill.BackgroundColor.Color.ToArgb());
    }

    [Fact]
    public void Write_MissingCounty_IsKeptGreyedWithoutRank()
    {
        using var wb = Reopen(ExcelRollup.Write(Rollups.Sample()));
        var ws = wb.Worksheet("县 Counties");
        var row = County(ws, "130107");

        Assert.Equal(4, ws.RowsUsed().Count(r => r.RowNumber() > 2));
        Assert.True(row.Cell(ColumnOfKey(ws, "missing")).GetBoolean());
        Assert.True(row.Cell(ColumnOfKey(ws, "rank")).IsEmpty());
        Assert.Equal("缺报 missing", row.Cell(ColumnOfKey(ws, "overall")).GetString());
        Assert.Equal(3, row.Cell(ColumnOfKey(ws, "previous.rank")).GetDouble());
        Assert.NotEqual(XLColor.NoColor, row.Cell(ColumnOfKey(ws, "name")).Style.Fill.BackgroundColor);
        Assert.Equal(ws.RowsUsed().Last().RowNumber(), row.RowNumber());
    }

    [Fact]
    public void Write_CountyNames_StayLiteralText()
    {
        var sample = Rollups.Sample();
        var hostile = sample with
        {
            Rows = sample.Rows.Select(r => r.Code == "130104" ? r with { Name = Cards.FormulaName } : r).ToArray(),
        };
        using var wb = Reopen(ExcelRollup.Write(hostile));
        var ws = wb.Worksheet("县 Counties");
        var name = County(ws, "130104").Cell(ColumnOfKey(ws, "name"));

        Assert.False(name.HasFormula);
        Assert.Equal(XLDataType.Text, name.DataType);
        Assert.Equal(Cards.FormulaName, name.GetString());
        Assert.Equal(XLDataType.Text, County(ws, "130102").Cell(ColumnOfKey(ws, "code")).DataType);
    }
}
