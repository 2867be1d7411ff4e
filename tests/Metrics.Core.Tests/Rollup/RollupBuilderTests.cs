using Metrics.Core.Json;
using Metrics.Core.Model;
using Metrics.Core.Profiles;
using Metrics.Core.Rollup;
using Metrics.Core.Scoring;
using Metrics.Core.Tests.Builders;

namespace Metrics.Core.Tests.Rollup;

public class RollupBuilderTests
{
    private static LevelSummary Level(params double?[] cvs) =>
        new(Status.Pass, 3, 1000, cvs.Select((cv, i) => ("i" + i, cv)).ToDictionary(x => x.Item1, x => x.cv), null, 3);

    private static ScorecardSummary Card(string code, int year, LevelSummary primary, LevelSummary junior, Status overall = Status.Pass) =>
        new(code, "县" + code, year, "quality-2017", overall, primary, junior, [("teacher_pay", Status.Pass), ("veto_exam_admission", Status.Pass)]);

    [Fact]
    public void Build_RanksByMeanCv_WithTiesSharingARank()
    {
        // Scores: A = mean(mean(0.2, 0.4), mean(0.3, 0.3)) = mean(0.3, 0.3) = 0.3;
        //         B = mean(0.1, 0.2) = 0.15; C = 0.3 (tie with A); D has an undefined CV → no score.
        var cards = new[]
        {
            Card("A", 2024, Level(0.2, 0.4), Level(0.3, 0.3)),
            Card("B", 2024, Level(0.1, 0.1), Level(0.2, 0.2), Status.Fail),
            Card("C", 2024, Level(0.3, 0.3), Level(0.3, 0.3)),
            Card("D", 2024, Level(null, 0.3), Level(0.3, 0.3)),
        };

        var rollup = RollupBuilder.Build(2024, cards);

        Assert.Equal(["B", "A", "C", "D"], rollup.Rows.Select(r => r.Code));
        Assert.Equal([1, 2, 2, null], rollup.Rows.Select(r => r.Rank));
        Assert.Equal(0.15, rollup.Rows[0].Score!.Value, 12);
        Assert.Equal(0.3, rollup.Rows[1].Score!.Value, 12);
        Assert.Equal((4, 3, 1, 0), (rollup.Counties, rollup.Passing, rollup.Failing, rollup.MissingCount));
    }

    [Fact]
    public void Build_ComparesWithThePreviousYear_AndListsMissingCounties()
    {
        var before = new[]
        {
            Card("A", 2023, Level(0.4, 0.4), Level(0.4, 0.4), Status.Fail),   // score 0.4, rank 3
            Card("B", 2023, Level(0.2, 0.2), Level(0.2, 0.2)),                // score 0.2, rank 1
            Card("Z", 2023, Level(0.3, 0.3), Level(0.3, 0.3)),                // score 0.3, rank 2; did not submit in 2024
        };
        var now = new[]
        {
            Card("A", 2024, Level(0.1, 0.1), Level(0.1, 0.1)),                // 0.1, rank 1: up 2 places, score −0.3
            Card("B", 2024, Level(0.25, 0.25), Level(0.25, 0.25)),            // 0.25, rank 2
        };

        var rollup = RollupBuilder.Build(2024, now, before, [("Y", "新县")]);

        var a = rollup.Rows.Single(r => r.Code == "A");
        Assert.Equal((1, 3, 2), (a.Rank!.Value, a.Previous!.Rank!.Value, a.Previous.RankDelta!.Value));
        Assert.Equal(-0.3, a.Previous.ScoreDelta!.Value, 12);
        Assert.Equal(Status.Fail, a.Previous.Overall);
        Assert.Equal(-0.3, a.Previous.CvDeltas["primary:i0"], 12);
        var z = rollup.Rows.Single(r => r.Code == "Z");
        Assert.True(z.Missing);
        Assert.Null(z.Rank);
        Assert.Equal("县Z", z.Name);
        Assert.True(rollup.Rows.Single(r => r.Code == "Y").Missing);
        Assert.Equal(["A", "B", "Y", "Z"], rollup.Rows.Select(r => r.Code));
        Assert.Equal(2, rollup.MissingCount);
        Assert.Equal(2023, rollup.PreviousYear);
    }

    [Fact]
    public void Build_CountsPassingByDimension()
    {
        var failingChecks = Card("B", 2024, Level(0.1), Level(0.1)) with { Checks = [("teacher_pay", Status.Fail), ("veto_exam_admission", Status.NotAssessed)] };
        var rollup = RollupBuilder.Build(2024, [Card("A", 2024, Level(0.1), Level(0.1)), failingChecks]);

        Assert.Equal(2, rollup.PassingByDimension[Dimension.ResourcesPrimary]);
        Assert.Equal(1, rollup.PassingByDimension[Dimension.Checks]);
        Assert.Equal(1, rollup.PassingByDimension[Dimension.Vetoes]);
        Assert.Equal(Status.NotAssessed, rollup.Rows.Single(r => r.Code == "B").Dimensions[Dimension.Vetoes]);
    }

    [Fact]
    public void Build_Basic2012_UsesTheCompositeAsLevelScore()
    {
        var basic = Card("A", 2024, Level(0.9, 0.9) with { CompositeCv = 0.3 }, Level(0.9) with { CompositeCv = 0.5 });
        Assert.Equal(0.4, RollupBuilder.CountyScore(basic)!.Value, 12);
    }

    [Fact]
    public void CountyData_RoundTripsInputAndSummary()
    {
        var submission = Schools.Submission(Schools.Primary("A", 120) with { MultimediaRooms = 3 }, Schools.Junior("J", 400)) with
        {
            Rotation = [new RotationRecord("A", 10, 2, 1)],
            Spending = [new SpendingRecord("A", 100_000, 6_000)],
        };
        var card = CountyScorer.Score(submission, ProfileCatalog.Default.Get(null));

        var bytes = CountyDataJson.Serialize(submission, card);
        var back = CountyDataJson.Read(bytes);

        Assert.Equal(bytes, CountyDataJson.Serialize(back.Input, card));
        Assert.Equal(submission.Schools, back.Input.Schools);
        Assert.Equal(submission.County, back.Input.County);
        Assert.Equal(card.Primary.Indicators.Select(i => i.Cv), back.Summary.Primary.Cvs.Values);
        Assert.Equal(card.Overall.Status, back.Summary.Overall);
        Assert.Equal(card.Checks.Count, back.Summary.Checks.Count);
        Assert.Equal("130102", CountyDataJson.ReadSummary(bytes).CountyCode);
    }
}
