using System.Text;
using ClosedXML.Excel;
using Metrics.Core.Json;
using Metrics.Core.Profiles;
using Metrics.Core.Scoring;
using Metrics.Reports.Tests.Builders;

namespace Metrics.Reports.Tests;

/// <summary>
/// A province's own profile, known to no catalog: its scorecard still names it, because the card
/// carries the profile that scored it and the renderers read it from there.
/// </summary>
public class ProfileNameTests
{
    private static readonly Profile Province = ProfileCatalog.Default.Get("quality-2017") with
    {
        Id = "hebei-2024",
        NameZh = "河北省县域义务教育优质均衡评估方案",
        NameEn = "Hebei county quality-balance profile",
        Document = "冀教督〔2024〕1号",
    };

    private static Scorecard Card() => CountyScorer.Score(Cards.RealisticSubmission(), Province, Cards.Source);

    [Fact]
    public void Html_NamesTheCustomProfileAndItsDocument()
    {
        var html = HtmlScorecard.Render(Card());

        Assert.Contains("河北省县域义务教育优质均衡评估方案", html, StringComparison.Ordinal);
        Assert.Contains("Hebei county quality-balance profile", html, StringComparison.Ordinal);
        Assert.Contains("冀教督〔2024〕1号", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Xlsx_SummarySheet_NamesTheCustomProfile()
    {
        using var wb = new XLWorkbook(new MemoryStream(ExcelScorecard.Write(Card())));
        var ws = wb.Worksheet("概览 Summary");
        var row = ws.RowsUsed().Single(r => r.Cell(2).GetString() == "profile");

        Assert.Equal("hebei-2024", row.Cell(3).GetString());
        Assert.Equal("河北省县域义务教育优质均衡评估方案 / Hebei county quality-balance profile", row.Cell(4).GetString());
    }

    [Fact]
    public void Json_CarriesTheCustomProfileId()
    {
        var json = Encoding.UTF8.GetString(ScorecardJson.Serialize(Card()));

        Assert.Contains("\"profile\": \"hebei-2024\"", json, StringComparison.Ordinal);
    }
}
