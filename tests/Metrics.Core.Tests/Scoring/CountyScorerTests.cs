using Metrics.Core.Model;
using Metrics.Core.Profiles;
using Metrics.Core.Scoring;
using Metrics.TestSupport;

namespace Metrics.Core.Tests.Scoring;

public class CountyScorerTests
{
    private static CountyInfo FullCounty() => Schools.County() with
    {
        PublicFundsBasePerPupilYuan = 800, SpecialEdFundsPerPupilYuan = 7000, TeacherAveragePayYuan = 110_000,
        CivilServantAveragePayYuan = 100_000, TrainingCompletionRate = 1, NearbyEnrollmentPrimaryRate = 1,
        NearbyEnrollmentJuniorRate = 0.97, QuotaAllocationRate = 0.6, MigrantChildrenPublicRate = 0.9,
        RetentionRateJunior = 0.98, DisabledEnrollmentRate = 0.96, SatisfactionRate = 0.92,
        VetoExamAdmission = false, VetoIllegalSchoolChoice = false, VetoKeySchoolsOrClasses = false, VetoUnfilledPosts = false,
    };

    private static CountySubmission GoodCounty()
    {
        School[] schools = [Schools.Primary("P1", 600), Schools.Primary("P2", 480, Location.Rural), Schools.Junior("J1", 900), Schools.Junior("J2", 540, Location.Town)];
        return new CountySubmission
        {
            County = FullCounty(),
            Schools = schools,
            Rotation = schools.Select(s => new RotationRecord(s.Code, 50, 6, 2)).ToArray(),
            Spending = schools.Select(s => new SpendingRecord(s.Code, s.CompulsoryPupils * 800.0, s.CompulsoryPupils * 50.0)).ToArray(),
        };
    }

    [Fact]
    public void Score_CountyMeetingEverything_Passes()
    {
        var card = CountyScorer.Score(GoodCounty(), ProfileCatalog.Default.Get(null));

        Assert.Equal(Status.Pass, card.Overall.Status);
        Assert.Empty(card.Overall.FailedChecks);
        Assert.Empty(card.Overall.NotAssessedChecks);
        Assert.Equal((2, 1080L), (card.Primary.Units, card.Primary.Pupils));
        Assert.Equal((2, 1440L), (card.Junior.Units, card.Junior.Pupils));
        Assert.Equal(16 + 4, card.Checks.Count);
        Assert.Equal("quality-2017", card.Profile);
    }

    [Fact]
    public void Score_AVetoItem_FailsAnOtherwisePassingCounty()
    {
        var s = GoodCounty();
        var card = CountyScorer.Score(s with { County = s.County with { VetoKeySchoolsOrClasses = true } }, ProfileCatalog.Default.Get(null));

        Assert.Equal(Status.Fail, card.Overall.Status);
        Assert.Equal(["veto_key_schools_or_classes"], card.Overall.FailedChecks);
    }

    [Fact]
    public void Score_MissingCountyInput_IsNotAssessedAndKeepsTheCountyFromPassing()
    {
        var s = GoodCounty();
        var card = CountyScorer.Score(s with { County = s.County with { SatisfactionRate = null } }, ProfileCatalog.Default.Get(null));

        Assert.Equal(Status.Fail, card.Overall.Status);
        Assert.Empty(card.Overall.FailedChecks);
        Assert.Equal(["social_recognition"], card.Overall.NotAssessedChecks);
    }

    [Fact]
    public void Score_Basic2012_ReportsOnlyItsEnabledChecks()
    {
        var card = CountyScorer.Score(GoodCounty(), ProfileCatalog.Default.Get("basic-2012"));

        Assert.Equal("basic-2012", card.Profile);
        Assert.DoesNotContain(card.Checks, c => c.Id == "music_art_rooms");
        Assert.Contains(card.Checks, c => c.Id == "teacher_rotation");
        Assert.NotNull(card.Primary.CompositeCv);
        Assert.Equal(Status.Pass, card.Overall.Status);
    }

    [Fact]
    public void Score_Signals_AppearOnlyWithTheirColumns()
    {
        var plain = CountyScorer.Score(GoodCounty(), ProfileCatalog.Default.Get(null));
        Assert.Null(plain.Signals.EnrollmentWarnings);
        Assert.Null(plain.Signals.Pairing);
        Assert.Null(plain.Signals.AfterSchool);

        var s = GoodCounty();
        School[] schools =
        [
            // 95 children for 100 places → 0.95: yellow; 120 for 100 → red; 50 for 100 → no warning.
            Schools.Primary("P1", 600) with { CatchmentChildren = 95, PlannedIntake = 100, AfterSchoolService = true, AfterSchoolPupils = 300 },
            Schools.Primary("P2", 480) with { CatchmentChildren = 120, PlannedIntake = 100, AfterSchoolService = false },
            Schools.Primary("R1", 60, Location.Rural) with { PairedSchoolCode = "P1", PairingScope = PairingScope.WithinCounty, CatchmentChildren = 50, PlannedIntake = 100 },
            Schools.Primary("R2", 80, Location.Rural) with { PairingScope = null },
            Schools.Junior("J1", 900) with { PairedSchoolCode = "X", PairingScope = PairingScope.WithinCity },
        ];
        var card = CountyScorer.Score(s with { Schools = schools }, ProfileCatalog.Default.Get(null));

        Assert.Equal([("P1", "yellow"), ("P2", "red")], card.Signals.EnrollmentWarnings!.Select(w => (w.SchoolCode, w.Level)));
        var pairing = card.Signals.Pairing!;
        // Rural small schools: R1, R2; R1 paired → 50%. Scopes given: county 1, city 1 → 50% / 50% / 0%.
        Assert.Equal((2, 1, 0.5), (pairing.RuralSmallSchools, pairing.Paired, pairing.Coverage!.Value));
        Assert.Equal(0.5, pairing.ScopeShares["withinCounty"]);
        Assert.Equal(0.0, pairing.ScopeShares["withinProvince"]);
        Assert.Equal(0.8, pairing.ScopeTargets["withinCounty"]);
        var after = card.Signals.AfterSchool!;
        // method §7 counts primary schools and primary pupils (the old figures also counted the
        // 初中 J1: 1 of 5 schools, 300 of 2 120 pupils). 1 of 4 primary schools offers it; 300 of
        // 600+480+60+80 = 1 220 primary pupils (none boarding) take part.
        Assert.Equal((4, 1, 0.25, 1220L, 300L), (after.Schools, after.Offering, after.Coverage!.Value, after.Pupils, after.Participating));
        Assert.Equal(300.0 / 1220, after.ParticipationRate!.Value, 12);
    }
}
