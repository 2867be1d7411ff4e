using AngleSharp.Html.Parser;
using ClosedXML.Excel;
using Metrics.Core.Model;
using Metrics.Core.Rollup;
using Metrics.Reports.Tests.Builders;

namespace Metrics.Reports.Tests;

/// <summary>The published tables, the CV drivers and the progress over years, read back from the produced files.</summary>
public class PublishedTablesTests
{
    private const string Multimedia = "multimedia_rooms_per100";

    private static XLWorkbook Reopen(byte[] bytes) => new(new MemoryStream(bytes));

    private static int ColumnOfKey(IXLWorksheet ws, string key) =>
        ws.Row(2).CellsUsed().Single(c => c.GetString() == key).Address.ColumnNumber;

    [Fact]
    public void Scorecard_BalanceTable_MeanAndCvRowsWithL8EmptyUnderQuality2017()
    {
        // Cards.Small primary (method §3): pupils 120/300/580 with 3/6/16 rooms → mean 25/1000·100 = 2.5, CV 0.134933.
        // multimedia is the 7th indicator of quality-2017, so column L7; L8 综合 stays empty.
        using var wb = Reopen(ExcelScorecard.Write(Cards.Small()));
        var ws = wb.Worksheet("校际均衡情况 Balance table");
        var l7 = ColumnOfKey(ws, "L7:" + Multimedia);
        var l8 = ColumnOfKey(ws, "L8:composite");

        Assert.Equal("L7 每百名学生拥有网络多媒体教室数", ws.Cell(1, l7).GetString());
        Assert.Equal("L8 综合差异系数", ws.Cell(1, l8).GetString());
        // Two rows per level: primary mean, primary CV, junior mean, junior CV.
        Assert.Equal(["均值 mean", "差异系数 CV", "均值 mean", "差异系数 CV"], Enumerable.Range(3, 4).Select(r => ws.Cell(r, 4).GetString()));
        Assert.Equal("小学 Primary", ws.Cell(3, 3).GetString());
        Assert.Equal(2.5, ws.Cell(3, l7).GetDouble(), 12);
        Assert.Equal(0.134933, ws.Cell(4, l7).GetDouble(), 6);
        Assert.Equal("0.000", ws.Cell(4, l7).Style.NumberFormat.Format);
        Assert.True(ws.Cell(3, l8).IsEmpty());
        Assert.True(ws.Cell(4, l8).IsEmpty());
        // One junior school: its CV is 0.
        Assert.Equal(0, ws.Cell(6, l7).GetDouble());
    }

    [Fact]
    public void Scorecard_BalanceTable_Basic2012_HasEightIndicatorsAndTheCompositeInL9()
    {
        var card = Cards.Small("basic-2012");
        using var wb = Reopen(ExcelScorecard.Write(card));
        var ws = wb.Worksheet("校际均衡情况 Balance table");

        Assert.Equal(card.Primary.CompositeCv!.Value, ws.Cell(4, ColumnOfKey(ws, "L9:composite")).GetDouble(), 12);
    }

    [Fact]
    public void Scorecard_SelfEvaluation_SchoolBelowStandardIsShaded()
    {
        // School B: 6 rooms for 300 pupils = 2.0 per 100 < 2.3 (quality-2017 primary standard).
        // 基本值 = 0.85 · 2.3 = 1.955; numerator = 2.0 · 300 / 100 = 6 rooms.
        // School A: 3 rooms for 120 pupils = 2.5 ≥ 2.3: met, not shaded.
        using var wb = Reopen(ExcelScorecard.Write(Cards.Small()));
        var ws = wb.Worksheet("自评表 Self-evaluation");
        var b = ws.RowsUsed().Single(r => r.Cell(2).GetString() == "B" && r.Cell(4).GetString() == "每百名学生拥有网络多媒体教室数");
        var a = ws.RowsUsed().Single(r => r.Cell(2).GetString() == "A" && r.Cell(4).GetString() == "每百名学生拥有网络多媒体教室数");

        Assert.Equal(1.955, b.Cell(ColumnOfKey(ws, "floor")).GetDouble(), 12);
        Assert.Equal(2.3, b.Cell(ColumnOfKey(ws, "standard")).GetDouble(), 12);
        Assert.Equal(2.0, b.Cell(ColumnOfKey(ws, "value")).GetDouble(), 12);
        Assert.Equal(6, b.Cell(ColumnOfKey(ws, "numerator")).GetDouble(), 9);
        Assert.Equal(300, b.Cell(ColumnOfKey(ws, "pupils")).GetDouble());
        Assert.Equal("否 no", b.Cell(ColumnOfKey(ws, "meets")).GetString());
        Assert.Equal(FailArgb, Argb(b.Cell(ColumnOfKey(ws, "value"))));
        Assert.Equal(FailArgb, Argb(b.Cell(ColumnOfKey(ws, "meets"))));
        Assert.Equal("是 yes", a.Cell(ColumnOfKey(ws, "meets")).GetString());
        Assert.NotEqual(FailArgb, Argb(a.Cell(ColumnOfKey(ws, "value"))));
        Assert.Equal(3, a.Cell(ColumnOfKey(ws, "numerator")).GetDouble(), 9);
    }

    [Fact]
    public void Scorecard_Drivers_LargestTermFirst()
    {
        // X̄ = 2.5; terms P(X − X̄)²/N: A 120·0²/1000 = 0; B 300·0.25/1000 = 0.075;
        // C 580·(2.758621 − 2.5)²/1000 = 580·0.066885/1000 = 0.038793. S² = 0.113793 → B's share 0.659091.
        using var wb = Reopen(ExcelScorecard.Write(Cards.Small()));
        var ws = wb.Worksheet("差异来源 CV drivers");
        var row = ws.RowsUsed().Single(r => r.Cell(1).GetString() == "小学 Primary" && r.Cell(2).GetString() == "每百名学生拥有网络多媒体教室数");

        Assert.Equal("B 小学B", row.Cell(ColumnOfKey(ws, "top1.school")).GetString());
        Assert.Equal(0.075, row.Cell(ColumnOfKey(ws, "top1.term")).GetDouble(), 12);
        Assert.Equal(0.659091, row.Cell(ColumnOfKey(ws, "top1.share")).GetDouble(), 6);
        Assert.Equal("C 小学C", row.Cell(ColumnOfKey(ws, "top2.school")).GetString());
        Assert.Equal(0.038793, row.Cell(ColumnOfKey(ws, "top2.term")).GetDouble(), 6);
        // CV² = 0.134933² = 0.018207; every school is urban, so all of it is within.
        Assert.Equal(0.018207, row.Cell(ColumnOfKey(ws, "cv2")).GetDouble(), 6);
        Assert.Equal(0, row.Cell(ColumnOfKey(ws, "between")).GetDouble(), 12);
    }

    [Fact]
    public void Scorecard_WithAnEarlierYear_ProgressSheetAndTrendChart()
    {
        var before = Cards.Small().SchoolYear - 1;
        var earlier = new ScorecardSummary("130102", "测试县", before, "quality-2017", Status.Fail,
            new LevelSummary(Status.Fail, 3, 1000, new Dictionary<string, double?> { [Multimedia] = 0.60 }, null, 2) { Thresholds = new Dictionary<string, double> { [Multimedia] = 0.50 } },
            new LevelSummary(Status.NotApplicable, 0, 0, new Dictionary<string, double?>(), null, 0), []);
        var card = Cards.Small() with { History = [earlier] };

        using var wb = Reopen(ExcelScorecard.Write(card));
        var ws = wb.Worksheet("历年 Progress");
        var row = ws.RowsUsed().Single(r => r.Cell(1).GetString() == "小学 Primary" && r.Cell(3).GetString() == Multimedia);
        var y = before.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(0.60, row.Cell(ColumnOfKey(ws, y + ".cv")).GetDouble(), 12);
        Assert.Equal("未达标 fail", row.Cell(ColumnOfKey(ws, y + ".status")).GetString());
        Assert.Equal(0.134933, row.Cell(ColumnOfKey(ws, Cards.Small().SchoolYear.ToString(System.Globalization.CultureInfo.InvariantCulture) + ".cv")).GetDouble(), 6);

        var doc = new HtmlParser().ParseDocument(HtmlScorecard.Render(card));
        Assert.NotNull(doc.QuerySelector("#progress svg circle.year"));
        Assert.Equal("0.6", doc.QuerySelector($"[data-key='history.{y}.primary.{Multimedia}.cv']")!.GetAttribute("data-value"));
        // A first year has no progress section.
        Assert.Null(new HtmlParser().ParseDocument(HtmlScorecard.Render(Cards.Small())).QuerySelector("#progress"));
    }

    [Fact]
    public void Scorecard_Basic2012WithAnEarlierYear_IndicatorsAreJudgedByTheComposite()
    {
        // basic-2012 has no per-indicator threshold: an earlier year's indicator is "not judged"
        // (JSON null, shown "由综合判定"), its composite CV kept.
        var card = Cards.Small("basic-2012");
        var id = card.Primary.Indicators[0].Id;
        var earlier = new ScorecardSummary("130102", "测试县", card.SchoolYear - 1, "basic-2012", Status.Pass,
            new LevelSummary(Status.Pass, 3, 1000, new Dictionary<string, double?> { [id] = 0.30 }, 0.40, null) { CompositeThreshold = 0.65 },
            new LevelSummary(Status.NotApplicable, 0, 0, new Dictionary<string, double?>(), null, null), []);

        using var json = System.Text.Json.JsonDocument.Parse(Core.Json.ScorecardJson.Serialize(card with { History = [earlier] }));
        var primary = json.RootElement.GetProperty("history")[0].GetProperty("levels").GetProperty("primary");
        Assert.Equal(System.Text.Json.JsonValueKind.Null, primary.GetProperty("indicators")[0].GetProperty("status").ValueKind);
        Assert.Equal(0.40, primary.GetProperty("compositeCv").GetDouble());
        var progress = new HtmlParser().ParseDocument(HtmlScorecard.Render(card with { History = [earlier] })).QuerySelector("#progress")!;
        Assert.Contains("由综合判定", progress.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Scorecard_Html_LorenzCurvePerIndicatorAndAtkinson()
    {
        var card = Cards.Small();
        var doc = new HtmlParser().ParseDocument(HtmlScorecard.Render(card));

        var charts = doc.QuerySelectorAll("#drivers-primary figure.lorenz-chart");
        Assert.Equal(card.Primary.Indicators.Count, charts.Length);
        Assert.All(charts, c => Assert.NotNull(c.QuerySelector("polyline.lorenz")));
        // Three primary multimedia units: curve from (0,0) through 3 vertices → 4 points.
        var points = doc.QuerySelector($"#drivers-primary figure[data-indicator='{Multimedia}'] polyline.lorenz")!.GetAttribute("points")!.Trim().Split(' ');
        Assert.Equal(4, points.Length);
        Assert.NotNull(doc.QuerySelector($"[data-key='primary.{Multimedia}.atkinson0.5']"));
        Assert.Equal("0.075", doc.QuerySelector($"[data-key='primary.{Multimedia}.drivers.B.term']")!.GetAttribute("data-value")![..5]);
    }

    [Fact]
    public void Rollup_ThreeCountiesTwoPrefectures_TablePrefecturesAndConvergence()
    {
        // Means and CVs of the published table come from each county's summary.
        static ScorecardSummary County(string code, int year, double cv, double mean, Status overall) => new(
            code, "县" + code, year, "quality-2017", overall,
            new LevelSummary(overall, 3, 1000, new Dictionary<string, double?> { [Multimedia] = cv }, null, 3)
            {
                Thresholds = new Dictionary<string, double> { [Multimedia] = 0.50 },
                Means = new Dictionary<string, double?> { [Multimedia] = mean },
            },
            new LevelSummary(Status.NotApplicable, 0, 0, new Dictionary<string, double?>(), null, 0), []);
        ScorecardSummary[] y2023 = [County("130102", 2023, 0.30, 2.0, Status.Pass), County("130104", 2023, 0.40, 2.1, Status.Pass), County("130202", 2023, 0.50, 2.2, Status.Pass)];
        ScorecardSummary[] y2024 = [County("130102", 2024, 0.30, 2.4, Status.Pass), County("130104", 2024, 0.35, 2.5, Status.Pass), County("130202", 2024, 0.60, 2.6, Status.Fail)];
        var rollup = RollupBuilder.Build(2024, y2024, y2023) with
        {
            Convergence = Convergence.Compute(2024, y2024, new Dictionary<int, IReadOnlyList<ScorecardSummary>> { [2023] = y2023 }),
        };

        using var wb = Reopen(ExcelRollup.Write(rollup));
        var table = wb.Worksheet("校际均衡情况 quality-2017");
        var l7 = ColumnOfKey(table, "L7:" + Multimedia);
        Assert.Equal(["130102", "130102", "130104", "130104", "130202", "130202"], Enumerable.Range(3, 6).Select(r => table.Cell(r, 1).GetString()));
        Assert.Equal(2.6, table.Cell(7, l7).GetDouble(), 12);
        Assert.Equal(0.60, table.Cell(8, l7).GetDouble(), 12);

        // 130102 + 130104 → 130100: 2 counties, both passing, 2 000 pupils; 130202 → 130200: 1 failing.
        var pref = wb.Worksheet("地级市 Prefectures");
        Assert.Equal(["130100", "130200"], new[] { 3, 4 }.Select(r => pref.Cell(r, 1).GetString()));
        Assert.Equal([2.0, 2, 2, 0, 0, 2000], Enumerable.Range(2, 6).Select(c => pref.Cell(3, c).GetDouble()));
        Assert.Equal([1.0, 1, 0, 1, 0, 1000], Enumerable.Range(2, 6).Select(c => pref.Cell(4, c).GetDouble()));

        // σ 2023 = √((0.01 + 0 + 0.01)/3) = 0.0816497; σ 2024 = √(0.0516667/3) = 0.1312335; change +0.0495838
        var conv = wb.Worksheet("σ收敛 Convergence");
        var row = conv.RowsUsed().Single(r => r.Cell(3).GetString() == Multimedia);
        Assert.Equal(0.0816497, row.Cell(ColumnOfKey(conv, "2023.sigma")).GetDouble(), 7);
        Assert.Equal(0.1312335, row.Cell(ColumnOfKey(conv, "2024.sigma")).GetDouble(), 7);
        Assert.Equal(0.0495838, row.Cell(ColumnOfKey(conv, "change")).GetDouble(), 7);

        using var json = System.Text.Json.JsonDocument.Parse(RollupJson.Serialize(rollup));
        var prefectures = json.RootElement.GetProperty("prefectures").EnumerateArray().ToArray();
        Assert.Equal(2, prefectures[0].GetProperty("passing").GetInt32());
        Assert.Equal(1, prefectures[1].GetProperty("failing").GetInt32());
        var years = json.RootElement.GetProperty("convergence")[0].GetProperty("years");
        Assert.Equal(0.0816497, years[0].GetProperty("sigma").GetDouble(), 7);

        var html = new HtmlParser().ParseDocument(HtmlRollup.Render(rollup));
        Assert.Equal("2", html.QuerySelector("[data-key='prefectures.130100.passing']")!.GetAttribute("data-value"));
        Assert.StartsWith("0.13123", html.QuerySelector($"[data-key='convergence.primary.{Multimedia}.2024.sigma']")!.GetAttribute("data-value"), StringComparison.Ordinal);
    }

    // Formats.FailFill (#FDE4E2) as ClosedXML reads it back: opaque ARGB.
    private const string FailArgb = "FFFDE4E2";

    private static string Argb(IXLCell cell) =>
        cell.Style.Fill.BackgroundColor.Color.ToArgb().ToString("X8", System.Globalization.CultureInfo.InvariantCulture);
}
