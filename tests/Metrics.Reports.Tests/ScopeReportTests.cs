using System.Globalization;
using System.Text.Json;
using AngleSharp.Html.Parser;
using ClosedXML.Excel;
using Metrics.Core.Json;
using Metrics.Core.Model;
using Metrics.Core.Profiles;
using Metrics.Core.Scoring;

namespace Metrics.Reports.Tests;

/// <summary>Every scorecard (json, html, xlsx) lists the schools left out and the county shortfall totals, and says what the profile options did.</summary>
public class ScopeReportTests
{
    /// <summary>
    /// basic-2012 leaves out the 民办 M1 and the 80-pupil 教学点 T1; quality-2017 scores the 九年一贯制
    /// N1 (600 + 400 pupils, 6 000 m² of sports space, gym 500 m² counted in 8 500 m² of teaching space).
    /// </summary>
    private static CountySubmission County() => Schools.Submission(
        Schools.Primary("P1", 400),
        Schools.Primary("M1", 300) with { Ownership = Ownership.Private },
        new School { Code = "T1", Name = "教学点T1", Type = SchoolType.TeachingPoint, Location = Location.Rural, StudentsPrimary = 80, TeachingSpaceM2 = 400, SportsSpaceM2 = 700, EquipmentValueYuan = 200_000, MultimediaRooms = 2, Computers = 10, Books = 2_000 },
        new School
        {
            Code = "N1", Name = "九年一贯制N1", Type = SchoolType.NineYear, StudentsPrimary = 600, StudentsJunior = 400, ClassesPrimary = 15, ClassesJunior = 9,
            StaffPrimary = new SectionStaff(40, 30, 8, 7, 20), StaffJunior = new SectionStaff(36, 25, 5, 5, 15),
            TeachingSpaceM2 = 8_500, IndoorSportsM2 = 500, SportsSpaceM2 = 5_500, EquipmentValueYuan = 3_000_000, MultimediaRooms = 30, Computers = 120, Books = 30_000,
        });

    [Fact]
    public void Scorecards_ListTheSchoolsLeftOutWithTheReason()
    {
        var card = CountyScorer.Score(County(), ProfileCatalog.Default.Get("basic-2012"));

        using var json = JsonDocument.Parse(ScorecardJson.Serialize(card));
        Assert.Equal(["M1:private", "T1:teaching_point"], json.RootElement.GetProperty("excluded").EnumerateArray()
            .Select(e => e.GetProperty("code").GetString() + ":" + e.GetProperty("reason").GetString()));

        var doc = new HtmlParser().ParseDocument(HtmlScorecard.Render(card));
        Assert.Equal("private", doc.QuerySelector("[data-key='excluded.M1.reason']")!.GetAttribute("data-value"));
        Assert.Contains("民办", doc.QuerySelector("[data-key='excluded.M1.reason']")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("teaching_point", doc.QuerySelector("[data-key='excluded.T1.reason']")!.GetAttribute("data-value"));

        using var wb = new XLWorkbook(new MemoryStream(ExcelScorecard.Write(card)));
        var scope = wb.Worksheet("口径 Scope");
        var rows = scope.RowsUsed().Select(r => r.Cell(1).GetString() + "|" + r.Cell(3).GetString()).ToArray();
        Assert.Contains("M1|private", rows);
        Assert.Contains("T1|teaching_point", rows);
    }

    [Fact]
    public void Scorecards_ShowTheCountyShortfallTotals()
    {
        // Gym moved: N1 has 5 500 + 500 = 6 000 m² of sports space → +3 644 m² (10.2·400·1 040/440 − 6 000,
        // method §6); its teaching space 8 000 m² meets 4.5 and 5.8 m² a pupil. P1 meets everything.
        var card = CountyScorer.Score(County(), ProfileCatalog.Default.Get("quality-2017"));

        using var json = JsonDocument.Parse(ScorecardJson.Serialize(card));
        Assert.Equal(3_644, json.RootElement.GetProperty("shortfalls").GetProperty("totals").GetProperty("sports_space_m2").GetDouble());

        var doc = new HtmlParser().ParseDocument(HtmlScorecard.Render(card));
        var total = doc.QuerySelector("[data-key='shortfalls.totals.sports_space_m2']")!;
        Assert.Equal(3_644, double.Parse(total.GetAttribute("data-value")!, CultureInfo.InvariantCulture));

        using var wb = new XLWorkbook(new MemoryStream(ExcelScorecard.Write(card)));
        var sheet = wb.Worksheet("补足 Shortfalls");
        var row = sheet.RowsUsed().Single(r => r.Cell(2).GetString() == "sports_space_m2");
        Assert.Equal(3_644, row.Cell(3).GetDouble());
    }

    [Fact]
    public void Scorecards_SayWhenTheGymOptionChangedAVerdict()
    {
        // N1 fails its junior sports standard with or without the move (6 000 or 5 500 m² against the
        // 9 643.6 m² it needs) and meets teaching space either way (8 000 or 8 500 m²): no verdict flips,
        // and the notes say so. G1 (400 pupils; 2 400 m² teaching incl. a 300 m² gym; 2 800 m² sports;
        // 1 800 元 equipment a pupil) misses sports and equipment without the move (fail) and only
        // equipment with it (5.25 m² teaching, 7.75 m² sports: pass), which the notes name.
        var card = CountyScorer.Score(County(), ProfileCatalog.Default.Get("quality-2017"));

        Assert.NotNull(card.IndoorSports);
        Assert.Empty(card.IndoorSports!.Changes);
        var html = HtmlScorecard.Render(card);
        Assert.Contains("The gym option changed no verdict.", html, StringComparison.Ordinal);
        Assert.Contains("indoor_sports_m2", html, StringComparison.Ordinal);

        var flipped = CountyScorer.Score(
            Schools.Submission(Schools.Primary("G1", 400) with { TeachingSpaceM2 = 2_400, IndoorSportsM2 = 300, SportsSpaceM2 = 2_800, EquipmentValueYuan = 720_000 }),
            ProfileCatalog.Default.Get("quality-2017"));
        Assert.Contains("G1 (primary) fail → pass", HtmlScorecard.Render(flipped), StringComparison.Ordinal);
        using var wb = new XLWorkbook(new MemoryStream(ExcelScorecard.Write(flipped)));
        Assert.Contains(wb.Worksheet("口径 Scope").RowsUsed(), r => r.Cell(2).GetString().Contains("G1 (primary) fail → pass", StringComparison.Ordinal));
    }
}
