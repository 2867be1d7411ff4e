using Metrics.Core.Json;
using Metrics.Core.Model;
using Metrics.Core.Profiles;
using Metrics.Core.Rollup;
using Metrics.Core.Scoring;
using Metrics.TestSupport;

namespace Metrics.Core.Tests.Rollup;

public class RollupBuilderTests
{
    private static LevelSummary Level(params double?[] cvs) =>
        new(Status.Pass, 3, 1000, cvs.Select((cv, i) => ("i" + i, cv)).ToDictionary(x => x.Item1, x => x.cv), null, 3);

    private static ScorecardSummary Card(string code, int year, LevelSummary primary, LevelSummary junior, Status overall = Status.Pass) =>
        new(code, "县" + code, year, "quality-2017", overall, primary, junior, [("teacher_pay", Status.Pass), ("veto_exam_admission", Status.Pass)]);

    // quality-2017 thresholds: 0.50 for every primary indicator, 0.45 for every junior one.
    private static LevelSummary P(params double?[] cvs) => WithThresholds(Level(cvs), 0.50);

    private static LevelSummary J(params double?[] cvs) => WithThresholds(Level(cvs), 0.45);

    private static LevelSummary WithThresholds(LevelSummary l, double threshold) =>
        l with { Thresholds = l.Cvs.Keys.ToDictionary(k => k, _ => threshold) };

    // basic-2012: composite thresholds 0.65 (primary) and 0.55 (junior); no per-school rule.
    private static ScorecardSummary Basic(string code, double primaryComposite, double juniorComposite, Status overall) =>
        new(code, "县" + code, 2024, "basic-2012", overall,
            Level(0.9, 0.9) with { CompositeCv = primaryComposite, CompositeThreshold = 0.65, SchoolsPassing = null },
            Level(0.9, 0.9) with { CompositeCv = juniorComposite, CompositeThreshold = 0.55, SchoolsPassing = null },
            [("teacher_pay", Status.Pass)]);

    [Fact]
    public void Build_RanksWithinEachProfile_PassingFirst_ByTheBindingRatio()
    {
        // Binding ratio = max over levels and indicators of CV / threshold (DOMAIN §10):
        //   Q: 0.35/0.50 = 0.70, 0.10/0.50 = 0.20, 0.20/0.45 = 0.444 → 0.70 (pass)
        //   T: same CVs as Q → 0.70, a tie with Q (pass)
        //   P: 0.40/0.50 = 0.80, 0.36/0.45 = 0.80 → 0.80 (pass)
        //   F: 0.917/0.50 = 1.834 (fails one CV), the rest ≤ 0.111 → 1.834 (fail)
        //   D: an undefined CV → no ratio, no rank
        // By the old score (mean CV) F came first: mean(mean(0.917, 0.05), mean(0.05, 0.05)) = 0.26675
        // against P's mean(0.35, 0.315) = 0.3325.
        //   B1 (basic-2012): max(0.30/0.65, 0.50/0.55) = 0.909 (pass); B2: 0.70/0.65 = 1.0769 (fail).
        var cards = new[]
        {
            Card("P", 2024, P(0.30, 0.40), J(0.27, 0.36)),
            Card("F", 2024, P(0.917, 0.05), J(0.05, 0.05), Status.Fail),
            Card("Q", 2024, P(0.35, 0.10), J(0.20, 0.20)),
            Card("T", 2024, P(0.35, 0.10), J(0.20, 0.20)),
            Card("D", 2024, P(null, 0.30), J(0.30, 0.30)),
            Basic("B2", 0.70, 0.20, Status.Fail),
            Basic("B1", 0.30, 0.50, Status.Pass),
        };

        var rollup = RollupBuilder.Build(2024, cards);

        Assert.Equal(["B1", "B2", "Q", "T", "P", "F", "D"], rollup.Rows.Select(r => r.Code));
        Assert.Equal([1, 2, 1, 1, 3, 4, null], rollup.Rows.Select(r => r.Rank));
        var score = rollup.Rows.ToDictionary(r => r.Code, r => r.Score);
        Assert.Equal(0.50 / 0.55, score["B1"]!.Value, 12);
        Assert.Equal(0.70 / 0.65, score["B2"]!.Value, 12);
        Assert.Equal(0.70, score["Q"]!.Value, 12);
        Assert.Equal(0.80, score["P"]!.Value, 12);
        Assert.Equal(1.834, score["F"]!.Value, 12);
        Assert.Null(score["D"]);
    }

    [Fact]
    public void Build_FailingCountyWithALowerRatio_StillRanksAfterEveryPassingOne()
    {
        // G fails overall on a check although its ratio is 0.2; H passes at 0.9. Passing comes first.
        var cards = new[]
        {
            Card("G", 2024, P(0.10, 0.10), J(0.09, 0.09), Status.Fail),
            Card("H", 2024, P(0.45, 0.45), J(0.405, 0.405)),
        };

        var rollup = RollupBuilder.Build(2024, cards);

        Assert.Equal([("H", 1), ("G", 2)], rollup.Rows.Select(r => (r.Code, r.Rank!.Value)));
    }

    [Fact]
    public void Build_ComparesWithThePreviousYear_AndShowsEachAbsentCountyAsWhatItIs()
    {
        var before = new[]
        {
            Card("A", 2023, P(0.4, 0.4), J(0.4, 0.4), Status.Fail),    // max(0.4/0.5, 0.4/0.45) = 0.889, failing: rank 4 (after B, Z, V)
            Card("B", 2023, P(0.2, 0.2), J(0.2, 0.2)),                 // max(0.4, 0.444) = 0.444, rank 1
            Card("Z", 2023, P(0.3, 0.3), J(0.3, 0.3)),                 // 0.667, rank 2 (tie with V); still processing in 2024
            Card("V", 2023, P(0.3, 0.3), J(0.3, 0.3)),                 // 0.667, rank 2; nothing in 2024
        };
        var now = new[]
        {
            Card("A", 2024, P(0.1, 0.1), J(0.1, 0.1)),                 // 0.1/0.45 = 0.222, rank 1: up 3 places
            Card("B", 2024, P(0.25, 0.25), J(0.25, 0.25)),             // 0.25/0.45 = 0.556, rank 2
        };

        var rollup = RollupBuilder.Build(2024, now, before,
        [
            new ExpectedCounty("Y", "新县", CountyState.Rejected),
            new ExpectedCounty("Z", null, CountyState.Processing),
        ]);

        var a = rollup.Rows.Single(r => r.Code == "A");
        Assert.Equal((1, 4, 3), (a.Rank!.Value, a.Previous!.Rank!.Value, a.Previous.RankDelta!.Value));
        // 0.1/0.45 − 0.4/0.45 = −0.3/0.45 = −0.6667
        Assert.Equal(-0.3 / 0.45, a.Previous.ScoreDelta!.Value, 12);
        Assert.Equal(Status.Fail, a.Previous.Overall);
        Assert.Equal(-0.3, a.Previous.CvDeltas["primary:i0"], 12);
        Assert.Equal(["A", "B", "V", "Y", "Z"], rollup.Rows.Select(r => r.Code));
        Assert.Equal(
            [("A", "县A", CountyState.Scored), ("B", "县B", CountyState.Scored), ("V", "县V", CountyState.Missing), ("Y", "新县", CountyState.Rejected), ("Z", "县Z", CountyState.Processing)],
            rollup.Rows.Select(r => (r.Code, r.Name, r.State)));
        Assert.All(rollup.Rows.Where(r => r.State != CountyState.Scored), r => Assert.True(r.Missing && r.Rank is null));
        Assert.Equal((1, 1, 1), (rollup.MissingCount, rollup.RejectedCount, rollup.ProcessingCount));
        Assert.Equal(2023, rollup.PreviousYear);
    }

    [Fact]
    public void Build_CountyThatChangedProfile_HasNoRankChange()
    {
        // Ranks of different profiles do not compare: rank 1 under basic-2012 then rank 1 under quality-2017 is no change of 0.
        var rollup = RollupBuilder.Build(2024, [Card("A", 2024, P(0.1), J(0.1))], [Basic("A", 0.3, 0.3, Status.Pass)], (IEnumerable<ExpectedCounty>?)null);

        Assert.Equal(1, rollup.Rows[0].Rank);
        Assert.Null(rollup.Rows[0].Previous!.RankDelta);
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
    public void Build_Basic2012_UsesTheCompositeOverItsThreshold()
    {
        // Indicator CVs of 0.9 do not bind under basic-2012; max(0.3/0.65, 0.5/0.55) = 0.5/0.55 = 0.90909.
        Assert.Equal(0.5 / 0.55, RollupBuilder.CountyScore(Basic("A", 0.3, 0.5, Status.Pass))!.Value, 12);
    }

    [Fact]
    public void ReadSummary_Basic2012_SchoolsPassingIsNotApplicable_AndThresholdsComeFromTheCard()
    {
        var submission = Schools.Submission(Schools.Primary("A", 120), Schools.Primary("B", 300), Schools.Junior("J", 400));
        var basic = CountyDataJson.ReadSummary(CountyDataJson.Serialize(submission, CountyScorer.Score(submission, ProfileCatalog.Default.Get("basic-2012"))));
        var quality = CountyDataJson.ReadSummary(CountyDataJson.Serialize(submission, CountyScorer.Score(submission, ProfileCatalog.Default.Get("quality-2017"))));

        // basic-2012 has no per-school rule: n/a, not 0.
        Assert.Null(basic.Primary.SchoolsPassing);
        Assert.Equal((0.65, 0.55), (basic.Primary.CompositeThreshold, basic.Junior.CompositeThreshold));
        Assert.NotNull(quality.Primary.SchoolsPassing);
        Assert.All(quality.Primary.Thresholds.Values, t => Assert.Equal(0.50, t));
        Assert.All(quality.Junior.Thresholds.Values, t => Assert.Equal(0.45, t));
    }

    [Theory]
    [InlineData("quality-2017")]
    [InlineData("basic-2012")]
    public void SerializeSummary_ReadsBackAsTheSameSummaryAsTheWholeCountyData_InAFractionOfTheBytes(string profile)
    {
        var submission = Schools.Submission(Schools.Primary("A", 120), Schools.Primary("B", 300), Schools.Primary("C", 80), Schools.Junior("J", 400), Schools.Junior("K", 250));
        var card = CountyScorer.Score(submission, ProfileCatalog.Default.Get(profile), new SubmissionRef(new string('a', 64), DateTimeOffset.UnixEpoch));

        var full = CountyDataJson.Serialize(submission, card);
        var compact = SummaryJson.Serialize(ScorecardSummary.From(card));

        Assert.Equal(Describe(CountyDataJson.ReadSummary(full)), Describe(CountyDataJson.ReadSummary(compact)));
        Assert.True(compact.Length * 3 < full.Length, $"summary {compact.Length} bytes, data {full.Length} bytes");
    }

    private static string Describe(ScorecardSummary s)
    {
        static string Level(LevelSummary l) => FormattableString.Invariant(
            $"{l.Status} {l.Units} {l.Pupils} {l.SchoolsPassing} {l.CompositeCv:R} {l.CompositeThreshold:R} [{string.Join(",", l.Cvs.Select(kv => FormattableString.Invariant($"{kv.Key}={kv.Value:R}")))}] [{string.Join(",", l.Thresholds.Select(kv => FormattableString.Invariant($"{kv.Key}={kv.Value:R}")))}]");
        return $"{s.CountyCode} {s.CountyName} {s.SchoolYear} {s.Profile} {s.Overall} | {Level(s.Primary)} | {Level(s.Junior)} | {string.Join(",", s.Checks)}";
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
