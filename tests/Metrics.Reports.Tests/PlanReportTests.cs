using System.Globalization;
using System.Text.Json;
using AngleSharp.Html.Parser;
using ClosedXML.Excel;
using Metrics.Core.Json;
using Metrics.Core.Model;
using Metrics.Reports.Tests.Builders;

namespace Metrics.Reports.Tests;

/// <summary>The remediation plan in the scorecard's JSON, HTML and xlsx: only for a county that fails its resource part.</summary>
public class PlanReportTests
{
    [Theory]
    [InlineData("quality-2017")]
    [InlineData("basic-2012")]
    public void Json_OfAFailingCounty_CarriesThePlanActionsInWorkbookColumns(string profile)
    {
        var card = Unequal(profile);
        Assert.Contains(card.Levels, l => l.Status == Status.Fail);
        var plan = card.Plan!;

        using var json = JsonDocument.Parse(ScorecardJson.Serialize(card));
        var p = json.RootElement.GetProperty("plan");

        Assert.Equal(plan.Actions.Count, p.GetProperty("actions").GetArrayLength());
        var first = p.GetProperty("actions")[0];
        Assert.Equal((plan.Actions[0].School, plan.Actions[0].Field, plan.Actions[0].Add), (first.GetProperty("school").GetString(), first.GetProperty("field").GetString(), first.GetProperty("add").GetDouble()));
        Assert.Equal(plan.TotalCost, p.GetProperty("totalCost").GetDouble());
        Assert.Equal(plan.Actions.Sum(a => a.CostYuan), p.GetProperty("totalCost").GetDouble(), 6);
        Assert.True(p.GetProperty("passes").GetBoolean());
        Assert.Equal("pass", p.GetProperty("levels").GetProperty("primary").GetProperty("statusAfter").GetString());
    }

    [Fact]
    public void Json_OfAPassingCounty_HasNoPlanProperty()
    {
        var card = Cards.Small();
        Assert.Equal(Status.Pass, card.Primary.Status);

        using var json = JsonDocument.Parse(ScorecardJson.Serialize(card));

        Assert.False(json.RootElement.TryGetProperty("plan", out _));
        Assert.DoesNotContain("id=\"plan\"", HtmlScorecard.Render(card), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("quality-2017")]
    [InlineData("basic-2012")]
    public void Html_Plan_TotalsFirstThenOneSectionPerSchool(string profile)
    {
        var card = Unequal(profile);
        var plan = card.Plan!;
        var doc = new HtmlParser().ParseDocument(HtmlScorecard.Render(card));
        var section = doc.QuerySelector("section#plan")!;

        var order = section.QuerySelectorAll("#plan-totals, section.plan-school, #plan-transfers").Select(e => e.Id ?? "school").ToArray();
        Assert.Equal("plan-totals", order[0]);
        Assert.Equal("plan-transfers", order[^1]);
        var schools = section.QuerySelectorAll("section.plan-school").Select(e => e.GetAttribute("data-school")).ToArray();
        Assert.Equal(plan.Actions.Select(a => a.School).Distinct(), schools);

        var total = section.QuerySelector("[data-key='plan.totalCost']")!;
        Assert.Equal(plan.TotalCost, double.Parse(total.GetAttribute("data-value")!, CultureInfo.InvariantCulture));
        foreach (var (stem, amount) in plan.Totals)
        {
            Assert.Equal(amount, double.Parse(section.QuerySelector($"[data-key='plan.totals.{stem}']")!.GetAttribute("data-value")!, CultureInfo.InvariantCulture));
        }

        var after = plan.Levels[0].Indicators[0];
        Assert.Equal(after.CvAfter!.Value, double.Parse(section.QuerySelector($"[data-key='plan.levels.primary.{after.Id}.cvAfter']")!.GetAttribute("data-value")!, CultureInfo.InvariantCulture));
        Assert.True(plan.Curve.Count > 1);
        Assert.Equal(plan.Curve.Count, section.QuerySelectorAll("figure.plan-curve svg circle").Length);
        Assert.DoesNotContain("<script", section.OuterHtml, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Xlsx_PlanSheet_HasTheTotalCostAndEveryAction()
    {
        var card = Unequal("quality-2017");
        var plan = card.Plan!;
        using var wb = new XLWorkbook(new MemoryStream(ExcelScorecard.Write(card)));
        var ws = wb.Worksheet("方案 Plan");

        var total = ws.RowsUsed().Single(r => r.Cell(2).GetString() == "totalCost");
        Assert.Equal(XLDataType.Number, total.Cell(4).DataType);
        Assert.Equal(plan.TotalCost, total.Cell(4).GetDouble());
        foreach (var a in plan.Actions)
        {
            var row = ws.RowsUsed().Single(r => r.Cell(1).GetString() == a.School && r.Cell(3).GetString() == a.Field && r.Cell(5).DataType == XLDataType.Number);
            Assert.Equal(a.Add, row.Cell(4).GetDouble());
        }
    }

    /// <summary>
    /// The realistic county with its town and rural schools left a twentieth of their facilities: CVs
    /// over the thresholds of both profiles (basic-2012's composite too), so the plan has equalising to do.
    /// </summary>
    private static Core.Scoring.Scorecard Unequal(string profile) => Core.Scoring.CountyScorer.Score(
        Cards.RealisticSubmission() is var s ? s with
        {
            Schools = [.. s.Schools.Select(x => x.Location == Location.Urban ? x : x with
            {
                TeachingSpaceM2 = Math.Round(x.TeachingSpaceM2 / 20),
                IndoorSportsM2 = null,
                SportsSpaceM2 = Math.Round(x.SportsSpaceM2 / 20),
                EquipmentValueYuan = Math.Round(x.EquipmentValueYuan / 20),
                MultimediaRooms = x.MultimediaRooms / 20,
                Computers = x.Computers / 20,
                Books = x.Books / 20,
            })],
        } : null!,
        Core.Profiles.ProfileCatalog.Default.Get(profile),
        Cards.Source);
}
