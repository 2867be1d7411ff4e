using System.Text;
using System.Text.Json;
using Metrics.Core.Json;
using Metrics.Core.Model;
using Metrics.Core.Profiles;
using Metrics.Core.Rollup;
using Metrics.Core.Scoring;
using Metrics.TestSupport;

namespace Metrics.Core.Tests.Rollup;

/// <summary>
/// Three counties in two prefectures over two years: prefecture subtotals, σ-convergence of the
/// CVs, and one county's own progress.
/// </summary>
public class ProgressOverYearsTests
{
    private const string Id = "multimedia_rooms_per100";

    private static LevelSummary Primary(double? cv, double mean = 2.5) =>
        new(Status.Pass, 3, 1000, new Dictionary<string, double?> { [Id] = cv }, null, 3)
        {
            Thresholds = new Dictionary<string, double> { [Id] = 0.50 },
            Means = new Dictionary<string, double?> { [Id] = mean },
        };

    private static readonly LevelSummary NoJunior = new(Status.NotApplicable, 0, 0, new Dictionary<string, double?>(), null, 0);

    private static ScorecardSummary Card(string code, int year, double? cv, Status overall) =>
        new(code, "县" + code, year, "quality-2017", overall, Primary(cv), NoJunior, []);

    // 2023: CVs 0.30, 0.40, 0.50; 2024: 0.30, 0.35, 0.60 (130202 fails its 0.50 threshold in 2024).
    private static readonly ScorecardSummary[] Year2023 =
        [Card("130102", 2023, 0.30, Status.Pass), Card("130104", 2023, 0.40, Status.Pass), Card("130202", 2023, 0.50, Status.Pass)];

    private static readonly ScorecardSummary[] Year2024 =
        [Card("130102", 2024, 0.30, Status.Pass), Card("130104", 2024, 0.35, Status.Pass), Card("130202", 2024, 0.60, Status.Fail)];

    [Fact]
    public void Convergence_ThreeCountiesTwoYears_SigmaOfTheCvsByHand()
    {
        // 2023: mean (0.30 + 0.40 + 0.50)/3 = 0.40; σ = √((0.01 + 0 + 0.01)/3) = √0.0066667 = 0.0816497
        // 2024: mean (0.30 + 0.35 + 0.60)/3 = 0.4166667;
        //       deviations −0.1166667, −0.0666667, 0.1833333; squares 0.0136111, 0.0044444, 0.0336111
        //       σ = √(0.0516667/3) = √0.0172222 = 0.1312335
        // change = 0.1312335 − 0.0816497 = +0.0495838 (diverging)
        var rows = Convergence.Compute(2024, Year2024, new Dictionary<int, IReadOnlyList<ScorecardSummary>> { [2023] = Year2023 });

        var row = Assert.Single(rows);
        Assert.Equal((Level.Primary, Id), (row.Level, row.IndicatorId));
        Assert.Equal([2023, 2024], row.Points.Select(p => p.Year));
        Assert.Equal(0.40, row.Points[0].MeanCv!.Value, 1e-12);
        Assert.Equal(0.0816497, row.Points[0].Sigma!.Value, 1e-7);
        Assert.Equal(0.1312335, row.Points[1].Sigma!.Value, 1e-7);
        Assert.Equal(0.0495838, row.Change!.Value, 1e-7);
        Assert.Equal(3, row.Points[1].Counties);
    }

    [Fact]
    public void Convergence_UndefinedCv_IsLeftOutOfSigma()
    {
        // 2024 without 130202's CV: 0.30 and 0.35, mean 0.325, σ = √((0.000625 + 0.000625)/2) = 0.025
        ScorecardSummary[] year = [Year2024[0], Year2024[1], Card("130202", 2024, null, Status.NotAssessed)];

        var row = Assert.Single(Convergence.Compute(2024, year, new Dictionary<int, IReadOnlyList<ScorecardSummary>>()));

        Assert.Equal(2, row.Points.Single().Counties);
        Assert.Equal(0.025, row.Points.Single().Sigma!.Value, 1e-12);
        Assert.Null(row.Change);
    }

    [Fact]
    public void Prefectures_ThreeCountiesTwoPrefectures_Subtotals()
    {
        // 130102 and 130104 → 130100 (both pass); 130202 → 130200 (fails); 130203 due but missing → 130200
        var rollup = RollupBuilder.Build(2024, Year2024, Year2023, [new ExpectedCounty("130203", "县130203", CountyState.Missing)]);

        var subtotals = Prefectures.Of(rollup);

        Assert.Equal(
            [new PrefectureSubtotal("130100", 2, 2, 2, 0, 0, 2000), new PrefectureSubtotal("130200", 2, 1, 0, 1, 1, 1000)],
            subtotals);
        Assert.Equal("130100", Prefectures.CodeOf("130102"));
    }

    [Fact]
    public void Progress_CountyWithAnEarlierYear_SeriesHasBothYearsWithStatuses()
    {
        // method §3 example (CV 0.134933) this year; on record the year before: CV 0.60 > 0.50, a fail.
        var card = Card2024() with { History = [Card("130102", 2023, 0.60, Status.Fail)] };

        var series = Assert.Single(Progress.Series(card), s => s.Level == Level.Primary && s.IndicatorId == Id);

        Assert.Equal([(2023, (double?)0.60, IndicatorStatus.Fail)], series.Points.Take(1).Select(p => (p.SchoolYear, p.Cv, p.Status)));
        Assert.Equal(2024, series.Points[1].SchoolYear);
        Assert.Equal(0.134933, series.Points[1].Cv!.Value, 1e-6);
        Assert.Equal(IndicatorStatus.Pass, series.Points[1].Status);
    }

    [Fact]
    public void ScorecardJson_History_WrittenOnlyWhenThereIsAnEarlierYear()
    {
        var single = Card2024();
        var bytes = ScorecardJson.Serialize(single);

        // A first year keeps its bytes: no "history" property at all.
        Assert.DoesNotContain("\"history\"", Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
        Assert.Equal(bytes, ScorecardJson.Serialize(single with { History = [] }));

        using var doc = JsonDocument.Parse(ScorecardJson.Serialize(single with { History = [Card("130102", 2023, 0.60, Status.Fail)] }));
        var year = Assert.Single(doc.RootElement.GetProperty("history").EnumerateArray());
        Assert.Equal(2023, year.GetProperty("schoolYear").GetInt32());
        Assert.Equal("fail", year.GetProperty("overall").GetString());
        var ind = Assert.Single(year.GetProperty("levels").GetProperty("primary").GetProperty("indicators").EnumerateArray());
        Assert.Equal(0.60, ind.GetProperty("cv").GetDouble());
        Assert.Equal("fail", ind.GetProperty("status").GetString());
    }

    [Fact]
    public void SerializeSummary_CarriesEachIndicatorsMean()
    {
        // method §3 example: 25 rooms for 1 000 pupils → mean 2.5 rooms per 100 pupils
        var summary = CountyDataJson.ReadSummary(SummaryJson.Serialize(ScorecardSummary.From(Card2024())));

        Assert.Equal(2.5, summary.Primary.Means[Id]!.Value, 12);
    }

    private static Scorecard Card2024() => CountyScorer.Score(
        Schools.Submission(
            Schools.Primary("A", 120) with { MultimediaRooms = 3 },
            Schools.Primary("B", 300) with { MultimediaRooms = 6 },
            Schools.Primary("C", 580) with { MultimediaRooms = 16 }),
        ProfileCatalog.Default.Get("quality-2017"));
}
