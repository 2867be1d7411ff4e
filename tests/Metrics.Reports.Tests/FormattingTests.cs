using Metrics.Core.Catalog;
using Metrics.Core.Profiles;
using Metrics.Core.Scoring;
using Metrics.Reports.Excel;
using Metrics.Reports.Html;
using Metrics.Reports.Tests.Builders;
using Metrics.Reports.Text;

namespace Metrics.Reports.Tests;

public class FormattingTests
{
    [Theory]
    [InlineData("key_teachers_per100", 3, "+3 名骨干教师 / +3 key teachers")]
    [InlineData("key_teachers_per100", 1, "+1 名骨干教师 / +1 key teacher")]
    [InlineData("sports_space_per_pupil", 420, "+420 m² 体育运动场馆 / +420 m² sports space")]
    [InlineData("equipment_value_per_pupil", 186000, "+¥186\u00A0000 教学仪器设备 / +¥186\u00A0000 equipment")]
    [InlineData("multimedia_rooms_per100", 2, "+2 间网络多媒体教室 / +2 multimedia classrooms")]
    [InlineData("senior_title_teachers_per_pupil", 1, "+1 名中级及以上职称教师 / +1 teacher with intermediate+ titles")]
    public void Both_Shortfall_IsPhrasedInNaturalUnits(string id, double amount, string expected) =>
        Assert.Equal(expected, Shortfall.Both(IndicatorCatalog.Get(id), amount));

    [Theory]
    [InlineData(0.1349331, 3, "0.135")]
    [InlineData(-0.00001, 3, "0.000")]
    [InlineData(null, 3, "—")]
    [InlineData(double.NaN, 2, "—")]
    [InlineData(2474.4, 0, "2474")]
    public void Number_RoundsInvariantly(double? value, int decimals, string expected) =>
        Assert.Equal(expected, Fmt.Number(value, decimals));

    [Theory]
    [InlineData(0.0123, "+0.012")]
    [InlineData(-0.0123, "-0.012")]
    [InlineData(0.0001, "0.000")]
    public void Signed_ShowsTheDirection(double value, string expected) => Assert.Equal(expected, Fmt.Signed(value, 3));

    [Fact]
    public void SchoolYear_IsWrittenAsAnAcademicYear()
    {
        Assert.Equal("2024–2025学年", Fmt.SchoolYearZh(2024));
        Assert.Equal("school year 2024–25", Fmt.SchoolYearEn(2024));
    }

    [Fact]
    public void Escape_HandlesMarkupQuotesAndControlCharacters()
    {
        Assert.Equal("&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;\uFFFD", Markup.Escape("<a href=\"x\" title='y'>&\u0001"));
        Assert.Equal("城关第一小学", Markup.Escape("城关第一小学"));
        Assert.Equal(string.Empty, Markup.Escape(null));
    }

    [Fact]
    public void DisplayWidth_CountsCjkDouble()
    {
        Assert.Equal(12, SheetWriter.DisplayWidth("城关第一小学"));
        Assert.Equal(8, SheetWriter.DisplayWidth("P04 小学"));
        Assert.Equal(4, SheetWriter.DisplayWidth("（）"));
    }

    [Fact]
    public void Clean_ReplacesWhatXmlCannotHold()
    {
        Assert.Equal("a\uFFFDb", SheetWriter.Clean("a\u0002b"));
        Assert.Equal("tab\tnew\nline", SheetWriter.Clean("tab\tnew\nline"));
        Assert.Equal("😀", SheetWriter.Clean("😀"));
        Assert.Equal("\uFFFDx", SheetWriter.Clean("\uD800x"));
    }

    [Fact]
    public void Reports_CountyWithNoSchools_StillRender()
    {
        var card = CountyScorer.Score(Schools.Submission(), ProfileCatalog.Default.Get(null), Cards.Source);

        var html = HtmlScorecard.Render(card);
        var xlsx = ExcelScorecard.Write(card);

        Assert.Contains("本学段无参评学校", html, StringComparison.Ordinal);
        Assert.NotEmpty(xlsx);
    }

    [Fact]
    public void Reports_ControlCharactersInNames_DoNotBreakTheWorkbook()
    {
        var card = CountyScorer.Score(Schools.Submission(Schools.Primary("A", 200) with { Name = "bad\u0001name" }), ProfileCatalog.Default.Get(null));

        using var wb = new ClosedXML.Excel.XLWorkbook(new MemoryStream(ExcelScorecard.Write(card)));

        Assert.Contains(wb.Worksheet("小学学校 Primary schools").CellsUsed(), c => c.GetString() == "bad\uFFFDname");
    }
}
