using ClosedXML.Excel;
using Metrics.Excel.Schema;
using Metrics.Excel.Template;

namespace Metrics.Excel.Tests.Template;

public class TemplateWriterTests
{
    private static XLWorkbook Template(int? year = 2024, string? profile = "basic-2012")
    {
        var ms = new MemoryStream();
        TemplateWriter.Write(ms, year, profile);
        ms.Position = 0;
        return new XLWorkbook(ms);
    }

    [Fact]
    public void Write_Sheets_InstructionsFirstThenDataSheetsByChineseName()
    {
        using var wb = Template();

        Assert.Equal(["填表说明", "基本信息", "学校", "教师交流", "经费"], wb.Worksheets.Select(w => w.Name).ToArray());
    }

    [Theory]
    [InlineData("学校")]
    [InlineData("教师交流")]
    [InlineData("经费")]
    public void Write_TableSheet_ChineseLabelRow1EnglishKeyRow2FrozenAndWide(string sheetName)
    {
        using var wb = Template();
        var ws = wb.Worksheet(sheetName);
        var spec = WorkbookSchema.DataSheets.Single(s => s.NameZh == sheetName);

        for (var i = 0; i < spec.Fields.Count; i++)
        {
            Assert.Equal(spec.Fields[i].HeaderZh, ws.Cell(1, i + 1).GetString());
            Assert.Equal(spec.Fields[i].Key, ws.Cell(2, i + 1).GetString());
            Assert.True(ws.Column(i + 1).Width >= Math.Min(60, TextNormalizer.DisplayWidth(spec.Fields[i].Key)), spec.Fields[i].Key);
        }

        Assert.Equal(2, ws.SheetView.SplitRow);
    }

    [Fact]
    public void Write_SchoolsHeader_ShowsUnitInParentheses()
    {
        using var wb = Template();

        Assert.Equal("在校生数·小学 (人)", wb.Worksheet("学校").Cell("F1").GetString());
        Assert.Equal("教学及辅助用房面积 (m²)", wb.Worksheet("学校").Cell("X1").GetString());
    }

    [Fact]
    public void Write_ExampleRow_MarkedGreyItalicWithComment()
    {
        using var wb = Template();
        var a3 = wb.Worksheet("学校").Cell("A3");

        Assert.Equal(WorkbookSchema.ExampleCode, a3.GetString());
        Assert.True(a3.Style.Font.Italic);
        Assert.Equal(XLColor.FromHtml("#D9D9D9"), a3.Style.Fill.BackgroundColor);
        Assert.True(a3.HasComment);
        Assert.Contains("忽略", a3.Comment.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_Validation_DropDownsForEnumsWholeNumbersForCountsDecimalsForAreas()
    {
        using var wb = Template();
        var ws = wb.Worksheet("学校");

        var type = ws.Cell("C10").DataValidation;
        Assert.Equal(XLAllowedValues.List, type.AllowedValues);
        Assert.Contains("九年一贯制", type.Value, StringComparison.Ordinal);
        Assert.Equal(XLAllowedValues.WholeNumber, ws.Cell("F10").DataValidation.AllowedValues);
        Assert.Equal(XLAllowedValues.Decimal, ws.Cell("X10").DataValidation.AllowedValues);
        Assert.Equal(XLAllowedValues.List, ws.Cell("AL10").DataValidation.AllowedValues);
        Assert.Contains("是", ws.Cell("AL10").DataValidation.Value, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_CountySheet_KeysPrefilledWithYearProfileAndPercentValidation()
    {
        using var wb = Template(2025, "basic-2012");
        var ws = wb.Worksheet("基本信息");

        Assert.Equal(["键", "项目", "值"], new[] { ws.Cell("A1").GetString(), ws.Cell("B1").GetString(), ws.Cell("C1").GetString() });
        for (var i = 0; i < WorkbookSchema.County.Fields.Count; i++)
        {
            Assert.Equal(WorkbookSchema.County.Fields[i].Key, ws.Cell(i + 3, 1).GetString());
            Assert.Equal(WorkbookSchema.County.Fields[i].HeaderZh, ws.Cell(i + 3, 2).GetString());
        }

        Assert.Equal(2025, ws.Cell("C5").GetDouble());
        Assert.Equal("basic-2012", ws.Cell("C6").GetString());
        var pct = ws.Cell("C18").DataValidation;
        Assert.Equal(XLAllowedValues.Decimal, pct.AllowedValues);
        // Percent cells are formatted as percentages, so typing 95 or 95% stores 0.95: the validation bounds the
        // stored fraction to 0–1 (it bounded 0–100 when the cells were plain numbers).
        Assert.Equal("0", pct.MinValue);
        Assert.Equal("1", pct.MaxValue);
        Assert.Contains("%", ws.Cell("C18").Style.NumberFormat.Format, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_NoYearNoProfile_LeavesThemEmpty()
    {
        using var wb = Template(null, null);

        Assert.True(wb.Worksheet("基本信息").Cell("C5").IsEmpty());
        Assert.True(wb.Worksheet("基本信息").Cell("C6").IsEmpty());
    }

    [Fact]
    public void Write_Instructions_ChineseWithEnglishBesideAndEveryField()
    {
        using var wb = Template();
        var ws = wb.Worksheet("填表说明");
        var text = string.Join("\n", ws.CellsUsed().Select(c => c.GetString()));

        Assert.Contains("95% 填 95", text, StringComparison.Ordinal);
        Assert.Contains("95% is 95", text, StringComparison.Ordinal);
        Assert.Contains(WorkbookSchema.ExampleCode, text, StringComparison.Ordinal);
        Assert.All(WorkbookSchema.DataSheets.SelectMany(s => s.Fields), f => Assert.Contains(f.Key, text, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("在校生数·小学 (人)", 21)]
    [InlineData("students_primary", 19)]
    public void WidthFor_Text_CountsCjkDouble(string text, double expected) => Assert.Equal(expected, TemplateWriter.WidthFor(text));
}
