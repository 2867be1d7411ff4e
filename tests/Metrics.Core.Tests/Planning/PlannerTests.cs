using Metrics.Core.Model;
using Metrics.Core.Planning;
using Metrics.Core.Profiles;
using Metrics.Core.Scoring;
using Metrics.TestSupport;

namespace Metrics.Core.Tests.Planning;

/// <summary>The remediation planner of method §9 on hand-worked examples.</summary>
public class PlannerTests
{
    private static readonly Profile Quality = ProfileCatalog.Default.Get("quality-2017");

    // The published 5-school 生均图书 example (method §3): pupils and books.
    private static readonly double[] Pupils = [45, 37, 89, 76, 55];
    private static readonly double[] Books = [279, 137, 935, 160, 402];

    [Theory]
    [InlineData(0.50, 17)]
    [InlineData(0.45, 74)]
    public void WholeBooks_FiveSchoolExample_GoToThePoorestSchoolUntilTheCvIsReached(double target, int expected)
    {
        // Books per pupil 6.2, 3.7027, 10.5056, 2.1053, 7.3091 (N = 302, 1 913 books, mean 6.3344, CV 0.515257).
        // One book at a time to the lowest-valued school: school 4 (76 pupils) each time, as 160 + 74 = 234
        // books is 3.0789 per pupil, still below school 2's 3.7027.
        //   +16 → 176/76 = 2.3158, mean 1 929/302 = 6.3874, CV 0.500324 > 0.50
        //   +17 → 177/76 = 2.3289, mean 6.3907, CV 0.499405 ≤ 0.50
        //   +73 → CV 0.450634 > 0.45;  +74 → 234/76 = 3.0789, mean 6.5795, CV 0.449811 ≤ 0.45
        var values = Books.Select((b, i) => b / Pupils[i]).ToArray();
        var steps = Pupils.Select(p => 1 / p).ToArray();

        var items = WaterFilling.WholeItems(Pupils, values, steps, target);

        Assert.Equal([0, 0, 0, expected, 0], items);
        var after = values.Select((v, i) => v + (items[i] * steps[i])).ToArray();
        Assert.True(WaterFilling.Cv(Pupils, after) <= target);
        Assert.Equal(0.515257, WaterFilling.Cv(Pupils, values)!.Value, 6);
    }

    [Fact]
    public void ContinuousBooks_FiveSchoolExample_RaiseThePoorestToOneLevel()
    {
        // Continuous water-filling to CV 0.50 needs less than the 17th whole book: school 4 alone is raised
        // to L, with (6.2, 3.7027, 10.5056, L, 7.3091) at CV 0.50 → L ≈ 2.3202, i.e. 76·(L − 2.1053) ≈ 16.33 books.
        var values = Books.Select((b, i) => b / Pupils[i]).ToArray();
        var steps = Pupils.Select(p => 1 / p).ToArray();

        var amounts = WaterFilling.Continuous(Pupils, values, steps, 0.50);

        Assert.Equal([0, 0, 0], amounts[..3]);
        Assert.Equal(0, amounts[4]);
        Assert.InRange(amounts[3], 16, 17);
        var after = values.Select((v, i) => v + (amounts[i] * steps[i])).ToArray();
        Assert.Equal(0.50, WaterFilling.Cv(Pupils, after)!.Value, 9);
    }

    [Fact]
    public void Exemption_PerSchool_IsTheIndicatorCheapestToLeaveAt85Percent()
    {
        // Two identical 1 000-pupil 小学 (every CV 0), each missing two standards:
        //   sports 6 000 m² = 6.0 m²/pupil of 7.5:   to 85 % (6.375) +375 m², to 100 % +1 500 m²
        //   multimedia 18 rooms = 1.8/100 of 2.3:    to 85 % (1.955) +2 rooms (19.55 → 20), to 100 % +5
        // At 400 元/m² and 50 000 元/room, leaving sports at 85 % saves 1 125·400 = 450 000 元; leaving the
        // rooms saves 3·50 000 = 150 000 元. So sports is exempted: +375 m² (150 000) and +5 rooms (250 000)
        // = 400 000 元 a school, 800 000 元 in all (the other way round would cost 700 000 a school).
        var card = CountyScorer.Score(Schools.Submission(Short("S1"), Short("S2")), Quality);

        var plan = Assert.IsType<RemediationPlan>(card.Plan);

        Assert.Equal(
            [("S1", "sports_space_m2", 375.0, 150_000.0), ("S1", "multimedia_rooms", 5, 250_000), ("S2", "sports_space_m2", 375, 150_000), ("S2", "multimedia_rooms", 5, 250_000)],
            plan.Actions.Select(a => (a.School, a.Field, a.Add, a.CostYuan)));
        Assert.Equal(800_000, plan.TotalCost);
        Assert.Equal(["S1", "S2"], plan.Exemptions.Where(e => e.Indicator == "sports_space_per_pupil").Select(e => e.School));
        Assert.True(plan.Passes);
        Assert.Equal(Status.Fail, plan.Levels[0].Before);
        Assert.Equal(Status.Pass, plan.Levels[0].After);
        Assert.Equal((0, 2), (plan.Levels[0].SchoolsPassingBefore, plan.Levels[0].SchoolsPassingAfter));
    }

    [Fact]
    public void Exemption_WithAProvinceUnitCost_FollowsThePrice()
    {
        // A province profile prices sports ground at 50 元/m²: leaving sports at 85 % now saves only
        // 1 125·50 = 56 250 元 against the rooms' 150 000, so the rooms are exempted instead:
        // +1 500 m² (75 000 元) and +2 rooms (100 000 元) = 175 000 元 a school.
        var province = ProfileCatalog.Default.With([("test", """{ "id": "cheap-sports", "extends": "quality-2017", "unitCosts": { "sports_space_m2": 50 } }""")]).Get("cheap-sports");

        var plan = RemediationPlanner.Plan(Schools.Submission(Short("S1"), Short("S2")), province);

        Assert.Equal(
            [("S1", "sports_space_m2", 1_500.0), ("S1", "multimedia_rooms", 2), ("S2", "sports_space_m2", 1_500), ("S2", "multimedia_rooms", 2)],
            plan.Actions.Select(a => (a.School, a.Field, a.Add)));
        Assert.Equal(350_000, plan.TotalCost);
        Assert.All(plan.Exemptions, e => Assert.Equal("multimedia_rooms_per100", e.Indicator));
        Assert.Equal(50, plan.UnitCosts["sports_space_m2"]);
        Assert.True(plan.Passes);
    }

    [Fact]
    public void Additions_OfTeacherTypes_KeepTheTeacherCountValid()
    {
        // A 200-pupil school with 12 teachers of whom 0 key teachers, beside two with 3 (1.5/100):
        // key values 1.5, 0, 1.5 → CV = sqrt(((0.5)² + 1² + (0.5)²)/3)/1 = 0.7071 > 0.50 and the school
        // misses the key standard 1.0 (its only miss, but at 0 %, below 85 %). It needs 2 key teachers
        // (2/200 = 1.0); a hired key teacher is a full-time teacher, but 12 teachers already cover 2 key
        // ones, so no teacher is added (the count stays ≥ every type's).
        var poor = Schools.Primary("B", 200) with { StaffPrimary = Schools.Primary("B", 200).StaffPrimary with { Key = 0 } };
        var rich = Schools.Primary("A", 200) with { StaffPrimary = Schools.Primary("A", 200).StaffPrimary with { Key = 3 } };
        var plan = RemediationPlanner.Plan(Schools.Submission(rich, poor, rich with { Code = "C" }), Quality);

        Assert.Equal([("B", "key_teachers_primary", 2.0, 300_000.0)], plan.Actions.Select(a => (a.School, a.Field, a.Add, a.CostYuan)));
        Assert.Equal(2, plan.Totals["key_teachers"]);
        Assert.True(plan.Passes);
    }

    [Fact]
    public void Levelling_MovesKeyTeachersFromTheBestToTheWorstUnit_UntilTheCvAndStandardsAreMet()
    {
        // Three 200-pupil 小学 with 6, 0 and 2 key teachers: 3.0, 0, 1.0 per 100 pupils, mean 4/3,
        // S² = ((5/3)² + (4/3)² + (1/3)²)/3 = 1.5556, CV = 1.2472/1.3333 = 0.9354 > 0.50; B is below 1.0.
        // Move 1 A → B: 2.5, 0.5, 1.0: S² = (1.3611 + 0.6944 + 0.1111)/3 = 0.7222, CV 0.6374; B still short.
        // Move 2 A → B: 2.0, 1.0, 1.0: S² = (0.4444 + 0.1111 + 0.1111)/3 = 0.2222, CV 0.3536 ≤ 0.50, B meets 1.0.
        // Quota: 10 % of 30 eligible teachers = 3 ≥ 2. A keeps 2.0 ≥ its standard 1.0.
        var plan = TeacherTransfers.Plan(Levelling(6, 0, 2, eligible: 30), Quality, new HashSet<Level> { Level.Primary });

        Assert.Equal((3, 2), (plan.Quota, plan.Moved));
        Assert.Equal(
            [("A", "key_teachers_primary", -2.0), ("A", "teachers_primary", -2), ("B", "key_teachers_primary", 2), ("B", "teachers_primary", 2)],
            plan.Actions.Select(a => (a.School, a.Field, a.Add)));
        var key = plan.Levels[0].Indicators.Single(i => i.Id == "key_teachers_per100");
        Assert.Equal(0.935414, key.CvBefore!.Value, 6);
        Assert.Equal(0.353553, key.CvAfter!.Value, 6);
        Assert.Equal(Status.Pass, plan.Levels[0].After);
    }

    [Fact]
    public void Levelling_StopsAtTheRotationQuota()
    {
        // 10 eligible teachers: quota ⌈0.1·10⌉ = 1 move, after which the CV is 0.6374 (above) and B short.
        var plan = TeacherTransfers.Plan(Levelling(6, 0, 2, eligible: 10), Quality, new HashSet<Level> { Level.Primary });

        Assert.Equal((1, 1), (plan.Quota, plan.Moved));
        Assert.Equal(0.637377, plan.Levels[0].Indicators.Single(i => i.Id == "key_teachers_per100").CvAfter!.Value, 6);
        Assert.Equal(Status.Fail, plan.Levels[0].After);
    }

    [Fact]
    public void Levelling_NeverTakesADonorBelowItsStandard()
    {
        // 2, 0, 2 key teachers: 1.0, 0, 1.0 per 100 (CV √(2/9)/(2/3) = 0.7071). A donor would drop to 0.5,
        // below the standard 1.0, so nobody moves.
        var plan = TeacherTransfers.Plan(Levelling(2, 0, 2, eligible: 30), Quality, new HashSet<Level> { Level.Primary });

        Assert.Equal(0, plan.Moved);
        Assert.Empty(plan.Actions);
        Assert.Equal(0.707107, plan.Levels[0].Indicators.Single(i => i.Id == "key_teachers_per100").CvAfter!.Value, 6);
    }

    [Fact]
    public void Scorecard_OfAPassingCounty_HasNoPlan()
    {
        var card = CountyScorer.Score(Schools.Submission(Schools.Primary("A", 500), Schools.Junior("B", 400)), Quality);

        Assert.Equal(Status.Pass, card.Primary.Status);
        Assert.Null(card.Plan);
    }

    private static School Short(string code) => Schools.Primary(code, 1000) with { SportsSpaceM2 = 6_000, MultimediaRooms = 18 };

    private static CountySubmission Levelling(int a, int b, int c, int eligible)
    {
        School With(string code, int key)
        {
            var s = Schools.Primary(code, 200);
            return s with { StaffPrimary = s.StaffPrimary with { Key = key } };
        }

        return Schools.Submission(With("A", a), With("B", b), With("C", c)) with
        {
            Rotation = [new RotationRecord("A", eligible, 0, 0)],
        };
    }
}
