using Metrics.Core.Catalog;
using Metrics.Core.Model;
using Metrics.Core.Profiles;
using Metrics.Core.Scoring;
using Metrics.TestSupport;

namespace Metrics.Core.Tests.Scoring;

public class CheckTests
{
    private static readonly Profile Quality = ProfileCatalog.Default.Get("quality-2017");

    private static CheckResult Run(string id, CountySubmission submission, Profile? profile = null)
    {
        profile ??= Quality;
        return CheckCatalog.Get(id).Evaluate(new CheckContext(submission, profile, UnitBuilder.Build(submission.Schools, profile)));
    }

    private static CountySubmission With(CountyInfo county, params School[] schools) => new() { County = county, Schools = schools };

    [Fact]
    public void MusicArtRooms_RequiresOneRoomPerTwelveClassesAndMinimumAreas()
    {
        // 25 classes → ceil(25/12) = 3 rooms of each kind needed; the school has 2 music rooms.
        var short1 = Schools.Primary("S", 1000) with { ClassesPrimary = 25, MusicRooms = 2, ArtRooms = 3 };
        // 24 classes → 2 rooms; enough rooms but the smallest art room is 80 m² < 90.
        var small = Schools.Primary("M", 960) with { ClassesPrimary = 24, ArtRoomMinM2 = 80 };
        var ok = Schools.Primary("O", 960) with { ClassesPrimary = 24 };

        var result = Run("music_art_rooms", Schools.Submission(short1, small, ok));

        Assert.Equal(Status.Fail, result.Status);
        Assert.Equal(1.0 / 3, result.Value!.Value, 12);
        Assert.Equal(1, result.Threshold);
        Assert.Equal(["S", "M"], result.Findings.Select(f => f.SchoolCode));
        Assert.Contains("at least 3", result.Findings[0].MessageEn);
        Assert.Contains("80 m²", result.Findings[1].MessageEn);
        Assert.Equal(Status.Pass, Run("music_art_rooms", Schools.Submission(ok)).Status);
        Assert.Equal(Status.NotAssessed, Run("music_art_rooms", Schools.Submission(ok with { MusicRoomMinM2 = null })).Status);
    }

    [Fact]
    public void SchoolSize_AllowsMorePupilsInThroughTrainSchools()
    {
        var big = Schools.Primary("P", 2001);
        var nine = new School { Code = "N", Name = "N", Type = SchoolType.NineYear, StudentsPrimary = 1500, StudentsJunior = 1000 };

        var result = Run("school_size", Schools.Submission(big, nine));

        // 2 001 > 2 000 fails; 2 500 ≤ 2 500 for 九年一贯制 passes.
        Assert.Equal(Status.Fail, result.Status);
        Assert.Equal(0.5, result.Value);
        var f = Assert.Single(result.Findings);
        Assert.Equal(("P", 2001.0, 2000.0), (f.SchoolCode, f.Value!.Value, f.Limit!.Value));
    }

    [Fact]
    public void ClassSize_FailsAboveTheLevelLimit_AndIsNotAssessedWithoutData()
    {
        Assert.Equal(Status.Pass, Run("class_size", Schools.Submission(Schools.Primary("A", 400) with { MaxClassPrimary = 45 }, Schools.Junior("B", 400) with { MaxClassJunior = 50 })).Status);
        Assert.Equal(Status.Fail, Run("class_size", Schools.Submission(Schools.Primary("A", 400) with { MaxClassPrimary = 46 })).Status);
        Assert.Equal(Status.NotAssessed, Run("class_size", Schools.Submission(Schools.Primary("A", 400) with { MaxClassPrimary = null })).Status);
        // A known failure is a failure even when another school's data is missing.
        Assert.Equal(Status.Fail, Run("class_size", Schools.Submission(
            Schools.Primary("A", 400) with { MaxClassPrimary = null }, Schools.Junior("B", 400) with { MaxClassJunior = 56 })).Status);
    }

    [Fact]
    public void SmallSchoolFunding_FundsSmallSchoolsAsIfTheyHadOneHundredPupils()
    {
        // Base 800 元 per pupil → a rural school under 100 pupils must get ≥ 100·800 = 80 000 元.
        var county = Schools.County() with { PublicFundsBasePerPupilYuan = 800 };
        var tiny = Schools.Primary("T", 60, Location.Rural);
        var large = Schools.Primary("L", 600);
        var submission = With(county, tiny, large) with
        {
            Spending = [new SpendingRecord("T", 79_999, 4_000), new SpendingRecord("L", 480_000, 30_000)],
        };

        var result = Run("small_school_funding", submission);

        Assert.Equal(Status.Fail, result.Status);
        var f = Assert.Single(result.Findings);
        Assert.Equal(("T", 79_999.0, 80_000.0), (f.SchoolCode, f.Value!.Value, f.Limit!.Value));
        Assert.Equal(Status.Pass, Run("small_school_funding", submission with { Spending = [new SpendingRecord("T", 80_000, 4_000)] }).Status);
        Assert.Equal(Status.NotAssessed, Run("small_school_funding", submission with { County = Schools.County() }).Status);
    }

    [Fact]
    public void CountyMinimumChecks_CompareTheCountyInputWithTheProfile()
    {
        var county = Schools.County() with
        {
            SpecialEdFundsPerPupilYuan = 6000, TrainingCompletionRate = 0.99, QuotaAllocationRate = 0.5,
            MigrantChildrenPublicRate = 0.84, RetentionRateJunior = 0.96, DisabledEnrollmentRate = 0.95, SatisfactionRate = 0.9,
        };
        var s = With(county, Schools.Primary("A", 300));

        Assert.Equal((Status.Pass, 6000.0, 6000.0), Triple(Run("special_ed_funding", s)));
        Assert.Equal((Status.Fail, 0.99, 1.0), Triple(Run("training_completion", s)));
        Assert.Equal((Status.Pass, 0.5, 0.5), Triple(Run("quota_allocation", s)));
        Assert.Equal((Status.Fail, 0.84, 0.85), Triple(Run("migrant_children_public", s)));
        Assert.Equal((Status.Pass, 0.96, 0.95), Triple(Run("retention_rate", s)));
        Assert.Equal((Status.Pass, 0.95, 0.95), Triple(Run("disabled_enrollment", s)));
        Assert.Equal((Status.Pass, 0.9, 0.85), Triple(Run("social_recognition", s)));
        var empty = With(Schools.County(), Schools.Primary("A", 300));
        foreach (var id in new[] { "special_ed_funding", "training_completion", "quota_allocation", "migrant_children_public", "retention_rate", "disabled_enrollment", "social_recognition", "teacher_pay", "nearby_enrollment" })
        {
            Assert.Equal(Status.NotAssessed, Run(id, empty).Status);
        }

        static (Status, double, double) Triple(CheckResult r) => (r.Status, r.Value!.Value, r.Threshold!.Value);
    }

    [Fact]
    public void TeacherPay_ComparesTheRatioWithOne()
    {
        var fail = Run("teacher_pay", With(Schools.County() with { TeacherAveragePayYuan = 95_000, CivilServantAveragePayYuan = 100_000 }));
        Assert.Equal((Status.Fail, 0.95), (fail.Status, fail.Value!.Value));
        Assert.Equal(Status.Pass, Run("teacher_pay", With(Schools.County() with { TeacherAveragePayYuan = 100_000, CivilServantAveragePayYuan = 100_000 })).Status);
    }

    [Fact]
    public void TeacherRotation_ChecksRotatedShareAndKeyShare()
    {
        // 200 eligible, 25 rotated (12.5% ≥ 10%), 4 key among the rotated (16% < 20%) → fail on key share.
        var s = With(Schools.County(), Schools.Primary("A", 300), Schools.Primary("B", 300)) with
        {
            Rotation = [new RotationRecord("A", 120, 15, 3), new RotationRecord("B", 80, 10, 1)],
        };

        var result = Run("teacher_rotation", s);

        Assert.Equal(Status.Fail, result.Status);
        Assert.Equal(0.125, result.Parts.Single(p => p.Id == "rotated_share").Value);
        Assert.Equal(0.16, result.Parts.Single(p => p.Id == "key_share").Value!.Value, 12);
        // The binding part (furthest below its threshold) is the one reported at the top.
        Assert.Equal((0.16, 0.20), (Math.Round(result.Value!.Value, 12), result.Threshold!.Value));

        // A province measuring key teachers against eligible teachers: 4 / 200 = 2% → still fail.
        var province = Quality with { Checks = Quality.Checks.With(CheckIds.TeacherRotation, Quality.Checks.Get<RotationRule>(CheckIds.TeacherRotation) with { KeyShareBase = KeyShareBase.Eligible }) };
        Assert.Equal(0.02, Run("teacher_rotation", s, province).Parts.Single(p => p.Id == "key_share").Value!.Value, 12);

        var good = s with { Rotation = [new RotationRecord("A", 100, 10, 2)] };
        Assert.Equal(Status.Pass, Run("teacher_rotation", good).Status);
        Assert.Equal(Status.NotAssessed, Run("teacher_rotation", s with { Rotation = [] }).Status);
    }

    [Fact]
    public void TeacherCertification_IsCertifiedOverAllTeachers()
    {
        // Schools.Primary(…, 320) has 20 teachers. 20 + 19 certified of 40 → 97.5% < 100%.
        var result = Run("teacher_certification", Schools.Submission(
            Schools.Primary("A", 320), Schools.Primary("B", 320) with { CertifiedTeachers = 19 }));

        Assert.Equal(Status.Fail, result.Status);
        Assert.Equal(39.0 / 40, result.Value!.Value, 12);
        Assert.Equal("B", Assert.Single(result.Findings).SchoolCode);
        Assert.Equal(Status.Pass, Run("teacher_certification", Schools.Submission(Schools.Primary("A", 320))).Status);
        Assert.Equal(Status.NotAssessed, Run("teacher_certification", Schools.Submission(Schools.Primary("A", 320) with { CertifiedTeachers = null })).Status);
    }

    [Fact]
    public void NearbyEnrollment_NeedsAllPrimaryAndNinetyFivePercentJunior()
    {
        CountySubmission S(double p, double j) => With(Schools.County() with { NearbyEnrollmentPrimaryRate = p, NearbyEnrollmentJuniorRate = j });
        Assert.Equal(Status.Pass, Run("nearby_enrollment", S(1.0, 0.95)).Status);
        Assert.Equal(Status.Fail, Run("nearby_enrollment", S(0.999, 0.99)).Status);
        Assert.Equal(Status.Fail, Run("nearby_enrollment", S(1.0, 0.94)).Status);
    }

    [Fact]
    public void TrainingSpend_NeedsFivePercentAtEverySchool()
    {
        var s = Schools.Submission(Schools.Primary("A", 300), Schools.Primary("B", 300)) with
        {
            Spending = [new SpendingRecord("A", 200_000, 10_000), new SpendingRecord("B", 200_000, 9_999)],
        };

        var result = Run("training_spend", s);

        Assert.Equal(Status.Fail, result.Status);
        var f = Assert.Single(result.Findings);
        Assert.Equal(("B", 0.049995), (f.SchoolCode, f.Value!.Value));
        Assert.Equal(Status.NotAssessed, Run("training_spend", s with { Spending = [new SpendingRecord("A", 200_000, 10_000)] }).Status);
    }

    [Fact]
    public void TrainingSpend_ExactlyFivePercent_PassesDespiteBinaryRounding()
    {
        // 10 000.3 / 200 006 is exactly 5 % but evaluates to 0.049999999999999996 in doubles; the
        // shared tolerance (1e-12 of the minimum) must forgive it as it does for every other minimum.
        var s = Schools.Submission(Schools.Primary("A", 300)) with { Spending = [new SpendingRecord("A", 200_006, 10_000.3)] };

        Assert.Equal(Status.Pass, Run("training_spend", s).Status);
    }

    [Fact]
    public void TeacherPay_EqualPayWithARoundingErrorInTheSum_Passes()
    {
        // Civil pay summed as (0.1 + 0.2) × 10⁵ is 30 000.000000000004 in doubles; teacher pay 30 000:
        // equal on paper, ratio 0.9999999999999999, within the shared 1e-12 tolerance of 1.0.
        var county = Schools.County() with { TeacherAveragePayYuan = 30_000, CivilServantAveragePayYuan = (0.1 + 0.2) * 100_000 };

        Assert.Equal(Status.Pass, Run("teacher_pay", With(county)).Status);
    }

    [Theory]
    [InlineData(null, Status.NotAssessed)]
    [InlineData(false, Status.Pass)]
    [InlineData(true, Status.Fail)]
    public void VetoItems_AnyYesFails(bool? found, Status expected)
    {
        var county = Schools.County() with { VetoExamAdmission = found, VetoIllegalSchoolChoice = found, VetoKeySchoolsOrClasses = found, VetoUnfilledPosts = found };
        foreach (var veto in CheckCatalog.VetoItems)
        {
            Assert.Equal(expected, Run(veto.Id, With(county)).Status);
        }
    }
}
