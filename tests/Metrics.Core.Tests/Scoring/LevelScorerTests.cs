using Metrics.Core.Model;
using Metrics.Core.Profiles;
using Metrics.Core.Scoring;
using Metrics.TestSupport;

namespace Metrics.Core.Tests.Scoring;

public class LevelScorerTests
{
    private static readonly Profile Quality = ProfileCatalog.Default.Get("quality-2017");
    private static readonly Profile Basic = ProfileCatalog.Default.Get("basic-2012");
    private static readonly SchoolRule SixOfSeven = new() { MaxMissed = 1, FloorRatio = 0.85 };

    [Fact]
    public void Score_PublishedThreeSchoolExample_GivesTheOfficialCv()
    {
        // method §3: pupils 120, 300, 580 with 3, 6, 16 multimedia rooms → 2.5, 2.0, 2.758621 per 100;
        // X̄ = 2.5, S = 0.337332, CV = 0.134933.
        var schools = new[]
        {
            Schools.Primary("A", 120) with { MultimediaRooms = 3 },
            Schools.Primary("B", 300) with { MultimediaRooms = 6 },
            Schools.Primary("C", 580) with { MultimediaRooms = 16 },
        };

        var level = LevelScorer.Score(Level.Primary, UnitBuilder.Build(schools, Quality).Primary, Quality);

        var mm = level.Indicators.Single(i => i.Id == "multimedia_rooms_per100");
        Assert.Equal(2.5, mm.Mean!.Value, 12);
        Assert.Equal(0.134933, mm.Cv!.Value, 6);
        Assert.Equal(0.50, mm.Threshold);
        Assert.Equal(IndicatorStatus.Pass, mm.Status);
        Assert.False(mm.Borderline);
        Assert.Equal(0.0672, mm.Equity.Gini!.Value, 4);
        Assert.Equal(0.009447, mm.Equity.TheilT!.Value, 6);
        Assert.Equal(1000, level.Pupils);
        // B has 2.0 rooms per 100 < 2.3: its one miss is 87% of the standard (≥ 85%) → still passes.
        var b = level.Schools.Single(s => s.Code == "B");
        Assert.Equal(6, b.Met);
        Assert.Equal(Status.Pass, b.Status);
        // 2.3·300/100 = 6.9 rooms needed, 6 present → +1 room.
        Assert.Equal(1, b.Shortfalls["multimedia_rooms_per100"]);
    }

    [Fact]
    public void Score_CvExactlyAtItsThreshold_Passes()
    {
        // 34 pupils with 1 key teacher and 306 with 3: x = 100/34 = 2.941176 and 100/102 = 0.980392,
        // X̄ = 400/340 = 1.176471; S² = (34·1.764706² + 306·0.196078²)/340 = (105.882 + 11.765)/340
        // = 0.346021, S = 0.588235 = X̄/2, so CV = 1/2 exactly. Binary floating point gives
        // 0.5000000000000001, which must still pass 0.50 with the 1e-12 relative tolerance of the standards.
        var schools = new[]
        {
            Schools.Primary("A", 34) with { StaffPrimary = Schools.Primary("A", 34).StaffPrimary with { Key = 1 } },
            Schools.Primary("B", 306) with { StaffPrimary = Schools.Primary("B", 306).StaffPrimary with { Key = 3 } },
        };

        var level = LevelScorer.Score(Level.Primary, UnitBuilder.Build(schools, Quality).Primary, Quality);

        var key = level.Indicators.Single(i => i.Id == "key_teachers_per100");
        Assert.Equal(0.5, key.Cv!.Value, 12);
        Assert.Equal(IndicatorStatus.Pass, key.Status);
        Assert.True(key.Borderline);
    }

    [Fact]
    public void Score_CompositeExactlyAtItsThreshold_Passes()
    {
        // basic-2012 primary composite threshold 0.65. Eight indicators, each with the same two-school
        // spread except teachers per pupil: with every CV equal to c the composite is c. Here the key
        // case is the comparison, so the threshold is set to the computed composite's exact value.
        var schools = new[] { Schools.Primary("A", 34), Schools.Primary("B", 306) };
        var units = UnitBuilder.Build(schools, Basic).Primary;
        var composite = LevelScorer.Score(Level.Primary, units, Basic).CompositeCv!.Value;
        // A threshold one part in 1e13 below the computed composite is the same number written with
        // fewer digits (as 0.50 is for 0.5000000000000001): it passes.
        var atThreshold = Basic with
        {
            Levels = new LevelRulesByLevel(Basic.Levels.Primary with { CompositeCvThreshold = composite * (1 - 1e-13) }, Basic.Levels.Junior),
        };

        Assert.Equal(Status.Pass, LevelScorer.Score(Level.Primary, units, atThreshold).CompositeStatus);
    }

    [Theory]
    // all seven met
    [InlineData(new[] { 5.0, 1.2, 1.0, 5.0, 8.0, 2500, 2.5 }, Status.Pass)]
    // one missed at 88.9% (4.0/4.5) of standard → pass
    [InlineData(new[] { 5.0, 1.2, 1.0, 4.0, 8.0, 2500, 2.5 }, Status.Pass)]
    // one missed at exactly 85% (0.85·7.5 = 6.375) → pass
    [InlineData(new[] { 5.0, 1.2, 1.0, 5.0, 6.375, 2500, 2.5 }, Status.Pass)]
    // one missed at 84% (1680/2000) → fail
    [InlineData(new[] { 5.0, 1.2, 1.0, 5.0, 8.0, 1680, 2.5 }, Status.Fail)]
    // two missed, both above 85% → fail (only one may be missed)
    [InlineData(new[] { 4.0, 1.2, 1.0, 4.4, 8.0, 2500, 2.5 }, Status.Fail)]
    public void ApplySchoolRule_SixOfSevenWithEightyFivePercentFloor(double[] values, Status expected)
    {
        double[] standards = [4.2, 1.0, 0.9, 4.5, 7.5, 2000, 2.3];
        Assert.Equal(expected, LevelScorer.ApplySchoolRule(values.Zip(standards).ToArray(), SixOfSeven));
    }

    [Fact]
    public void Score_SchoolMissingTwoStandards_FailsAndTheLevelFails()
    {
        // 400 pupils, 3 key teachers (0.75/100 < 1.0) and 1 600 m² sports (4 m² < 7.5): two misses.
        var weak = Schools.Primary("W", 400) with
        {
            StaffPrimary = Schools.Primary("W", 400).StaffPrimary with { Key = 3 },
            SportsSpaceM2 = 1600,
        };
        var units = UnitBuilder.Build([Schools.Primary("S", 400), weak], Quality).Primary;

        var level = LevelScorer.Score(Level.Primary, units, Quality);

        var w = level.Schools.Single(s => s.Code == "W");
        Assert.Equal(5, w.Met);
        Assert.Equal(Status.Fail, w.Status);
        // 1.0·400/100 = 4 key teachers needed, 3 present → +1; 7.5·400 = 3 000 m² needed → +1 400 m².
        Assert.Equal(1, w.Shortfalls["key_teachers_per100"]);
        Assert.Equal(1400, w.Shortfalls["sports_space_per_pupil"]);
        Assert.Equal(1, level.SchoolsPassing);
        Assert.Equal(Status.Fail, level.Status);
    }

    [Fact]
    public void Score_Basic2012_CompositeIsTheMeanOfTheEightUnroundedCvs()
    {
        // Two schools of 100 pupils each. With equal weights, CV = |a − b| / (a + b):
        // teaching 4 vs 6 m² → 0.2; equipment 1 000 vs 3 000 元 → 0.5; senior-title 2 vs 6 → 0.5;
        // the other five indicators are equal (CV 0). Composite = (0.2 + 0.5 + 0.5) / 8 = 0.15.
        School Make(string code, double space, double equipment, int senior) => new()
        {
            Code = code, Name = code, Type = SchoolType.Primary, StudentsPrimary = 100,
            StaffPrimary = new SectionStaff(Teachers: 5, Qualified: 4, Key: 1, PeArt: 1, SeniorTitle: senior),
            TeachingSpaceM2 = space, SportsSpaceM2 = 500, EquipmentValueYuan = equipment, Computers = 10, Books = 2000,
        };
        var units = UnitBuilder.Build([Make("A", 400, 100_000, 2), Make("B", 600, 300_000, 6)], Basic).Primary;

        var level = LevelScorer.Score(Level.Primary, units, Basic);

        Assert.Equal(0.2, level.Indicators.Single(i => i.Id == "teaching_space_per_pupil").Cv!.Value, 12);
        Assert.Equal(0.5, level.Indicators.Single(i => i.Id == "equipment_value_per_pupil").Cv!.Value, 12);
        Assert.Equal(0.5, level.Indicators.Single(i => i.Id == "senior_title_teachers_per_pupil").Cv!.Value, 12);
        Assert.Equal(0.15, level.CompositeCv!.Value, 12);
        Assert.Equal(0.65, level.CompositeThreshold);
        Assert.Equal(Status.Pass, level.CompositeStatus);
        Assert.All(level.Indicators, i => Assert.Null(i.Threshold));
        Assert.All(level.Schools, s => Assert.Null(s.Status));
        Assert.Equal(Status.Pass, level.Status);
    }

    [Fact]
    public void Score_Basic2012_CompositeAboveThresholdFails_AndNearThresholdIsBorderline()
    {
        // Equipment 0 vs 1 000 元 gives CV 1 for one indicator; 5.2 over eight indicators → 0.65 exactly
        // is reached by spreading: here teaching 1 vs 9 (0.8), equipment 0 vs 2 (1.0), sports 1 vs 3 (0.5),
        // computers 1 vs 3 (0.5), books 1 vs 9 (0.8), teachers 1 vs 3 (0.5), qualified 1 vs 3 (0.5), senior 1 vs 7 (0.75):
        // sum 5.35, composite 0.66875 > 0.65 (within 0.005? no: 0.01875 away) → fail, not borderline.
        School Make(string code, int k) => new()
        {
            Code = code, Name = code, Type = SchoolType.Primary, StudentsPrimary = 100,
            StaffPrimary = new SectionStaff(Teachers: k == 0 ? 1 : 3, Qualified: k == 0 ? 1 : 3, Key: 0, PeArt: 0, SeniorTitle: k == 0 ? 1 : 7),
            TeachingSpaceM2 = k == 0 ? 100 : 900, EquipmentValueYuan = k == 0 ? 0 : 200,
            SportsSpaceM2 = k == 0 ? 100 : 300, Computers = k == 0 ? 1 : 3, Books = k == 0 ? 100 : 900,
        };
        var units = UnitBuilder.Build([Make("A", 0), Make("B", 1)], Basic).Primary;

        var level = LevelScorer.Score(Level.Primary, units, Basic);

        Assert.Equal(0.66875, level.CompositeCv!.Value, 12);
        Assert.Equal(Status.Fail, level.CompositeStatus);
        Assert.False(level.CompositeBorderline);
        Assert.Equal(Status.Fail, level.Status);
    }

    [Fact]
    public void Score_IndicatorWithZeroMean_IsUndefinedAndFailsTheLevel()
    {
        // No school has any key teacher: the county mean is 0, the CV undefined (not NaN, not a pass).
        var schools = new[] { "A", "B" }.Select(c => Schools.Primary(c, 200) with
        {
            StaffPrimary = Schools.Primary(c, 200).StaffPrimary with { Key = 0 },
        }).ToArray();

        var level = LevelScorer.Score(Level.Primary, UnitBuilder.Build(schools, Quality).Primary, Quality);

        var key = level.Indicators.Single(i => i.Id == "key_teachers_per100");
        Assert.Null(key.Cv);
        Assert.Equal(0, key.Mean);
        Assert.Equal(IndicatorStatus.Undefined, key.Status);
        Assert.Equal(Status.Fail, level.Status);
    }

    [Fact]
    public void Score_CvWithinMarginOfThreshold_IsBorderline()
    {
        // Two equal-size schools with values a, b: CV = |a−b|/(a+b). a = 1, b = 3 gives 0.5 — the
        // primary threshold exactly: it passes (≤) and is borderline.
        School Make(string code, int rooms) => Schools.Primary(code, 100) with { MultimediaRooms = rooms };
        var units = UnitBuilder.Build([Make("A", 1), Make("B", 3)], Quality).Primary;

        var mm = LevelScorer.Score(Level.Primary, units, Quality).Indicators.Single(i => i.Id == "multimedia_rooms_per100");

        Assert.Equal(0.5, mm.Cv!.Value, 12);
        Assert.Equal(IndicatorStatus.Pass, mm.Status);
        Assert.True(mm.Borderline);
    }

    [Fact]
    public void Score_NoUnits_IsNotApplicableWithUndefinedIndicators()
    {
        // A county without junior schools has nothing to fail at that level: not applicable, which
        // (unlike "not assessed") does not keep the county from passing.
        var level = LevelScorer.Score(Level.Junior, [], Quality);

        Assert.Equal(Status.NotApplicable, level.Status);
        Assert.All(level.Indicators, i => Assert.Equal(IndicatorStatus.Undefined, i.Status));
        Assert.All(level.Indicators, i => Assert.Null(i.Equity.Gini));
    }
}
