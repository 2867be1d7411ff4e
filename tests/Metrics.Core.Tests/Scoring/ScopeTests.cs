using System.Text.Json;
using Metrics.Core.Catalog;
using Metrics.Core.Json;
using Metrics.Core.Model;
using Metrics.Core.Profiles;
using Metrics.Core.Scoring;
using Metrics.TestSupport;

namespace Metrics.Core.Tests.Scoring;

/// <summary>
/// Checks and signals run over every compulsory school they are about, not only the CV units
/// (method §1, §4, §7); teaching-point policy, gym option and not-applicable levels.
/// </summary>
public class ScopeTests
{
    private static readonly Profile Quality = ProfileCatalog.Default.Get("quality-2017");
    private static readonly Profile Basic = ProfileCatalog.Default.Get("basic-2012");

    private static JsonElement Json(Scorecard card) => JsonDocument.Parse(ScorecardJson.Serialize(card)).RootElement;

    /// <summary>A 45-pupil 乡村教学点 with 3 teachers, none certified, paired with nobody.</summary>
    private static School Point(string code = "T1", int pupils = 45) => new()
    {
        Code = code,
        Name = "教学点" + code,
        Type = SchoolType.TeachingPoint,
        Location = Location.Rural,
        StudentsPrimary = pupils,
        ClassesPrimary = 3,
        MaxClassPrimary = 20,
        StaffPrimary = new SectionStaff(3, 3, 0, 1, 1) { Certified = 0 },
        TeachingSpaceM2 = 200,
        SportsSpaceM2 = 400,
        EquipmentValueYuan = 90_000,
        MultimediaRooms = 1,
        Computers = 5,
        Books = 1_000,
    };

    private static CountySubmission WithPoint(School point)
    {
        School[] schools =
        [
            Schools.Primary("P1", 600) with { PairedSchoolCode = "X", PairingScope = PairingScope.WithinCounty },
            Schools.Primary("R1", 80, Location.Rural) with { PairedSchoolCode = "P1", PairingScope = PairingScope.WithinCounty },
            point,
        ];
        return new CountySubmission
        {
            County = Schools.County() with { PublicFundsBasePerPupilYuan = 800 },
            Schools = schools,
            Spending = [new("P1", 600 * 800.0, 40_000), new("R1", 80_000, 4_000), new(point.Code, 9_000, 500)],
        };
    }

    [Fact]
    public void SmallTeachingPoint_OutsideTheUnits_StillFailsFundingCertificationAndPairingCoverage()
    {
        // The 45-pupil point is under the 50-pupil cut-off, so no CV unit; but 9 000 元 < 100·800 =
        // 80 000 元 (small-school funding), none of its 3 teachers is certified, and it is one of the two
        // 乡村小规模学校 (R1 of 80 pupils, T1) of which only R1 is paired → coverage 1/2.
        var card = CountyScorer.Score(WithPoint(Point()), Quality);

        Assert.DoesNotContain(card.Primary.Schools, s => s.Code == "T1");
        var funding = card.Checks.Single(c => c.Id == "small_school_funding");
        Assert.Equal(Status.Fail, funding.Status);
        var f = Assert.Single(funding.Findings);
        Assert.Equal(("T1", 9_000.0, 80_000.0), (f.SchoolCode, f.Value!.Value, f.Limit!.Value));

        // Schools.Primary(600): 37 teachers, all certified (whole-school figure); R1 (80): 5 of 5; T1: 0 of 3.
        // 42 of 45 certified = 0.9333 < 100 %.
        var cert = card.Checks.Single(c => c.Id == "teacher_certification");
        Assert.Equal(Status.Fail, cert.Status);
        Assert.Equal(42.0 / 45, cert.Value!.Value, 12);

        var pairing = card.Signals.Pairing!;
        Assert.Equal((2, 1, 0.5), (pairing.RuralSmallSchools, pairing.Paired, pairing.Coverage!.Value));
        Assert.Equal(Status.Fail, pairing.CoverageStatus);
        Assert.Equal(["T1"], pairing.Unpaired);
    }

    [Fact]
    public void SmallTeachingPoint_OutsideTheUnits_StillHasItsClassSizeAndTrainingSpendJudged()
    {
        // The 45-pupil point has no CV unit, but its largest class of 60 is above the primary limit of 45,
        // and it spends 100 of its 9 000 元 on training: 100/9 000 = 1.1 % < 5 %. Both rules are written for
        // every school, so both fail and name T1. (They passed before: only schools with units were looked at.)
        var point = Point() with { MaxClassPrimary = 60 };
        var submission = WithPoint(point) with { Spending = [new("P1", 600 * 800.0, 40_000), new("R1", 80_000, 4_000), new("T1", 9_000, 100)] };

        var card = CountyScorer.Score(submission, Quality);

        var classSize = card.Checks.Single(c => c.Id == "class_size");
        Assert.Equal(Status.Fail, classSize.Status);
        var big = Assert.Single(classSize.Findings);
        Assert.Equal(("T1", 60.0, 45.0), (big.SchoolCode, big.Value!.Value, big.Limit!.Value));

        var training = card.Checks.Single(c => c.Id == "training_spend");
        Assert.Equal(Status.Fail, training.Status);
        var low = Assert.Single(training.Findings);
        Assert.Equal("T1", low.SchoolCode);
        Assert.Equal(100.0 / 9_000, low.Value!.Value, 12);
    }

    [Fact]
    public void SmallSchoolFunding_UsesEachLevelsBaseAndSparesUrbanSmallSchools()
    {
        // Profile bases 1 150 (primary) and 1 350 (junior). A rural 九年一贯制 of 40 + 50 pupils needs
        // 100·(40·1 150 + 50·1 350)/90 = 100·113 500/90 = 126 111.1 元; 120 000 fails, 126 112 passes.
        // The 60-pupil urban 小学 is not a 村小: the 100-pupil guarantee does not apply to it.
        var profile = Quality with
        {
            Checks = Quality.Checks.With(CheckIds.SmallSchoolFunding, Quality.Checks.Get<SmallSchoolFundingRule>(CheckIds.SmallSchoolFunding) with { BasePrimaryYuan = 1_150, BaseJuniorYuan = 1_350 }),
        };
        var nine = Schools.Primary("N1", 40, Location.Rural) with { Type = SchoolType.NineYear, StudentsJunior = 50, StaffJunior = new SectionStaff(6, 6, 1, 1, 2) };
        var urban = Schools.Primary("U1", 60);
        CountySubmission S(double funds) => new()
        {
            County = Schools.County(),
            Schools = [nine, urban],
            Spending = [new("N1", funds, 7_000), new("U1", 1_000, 100)],
        };

        var failing = CountyScorer.Score(S(120_000), profile).Checks.Single(c => c.Id == "small_school_funding");
        var passing = CountyScorer.Score(S(126_112), profile).Checks.Single(c => c.Id == "small_school_funding");

        Assert.Equal(Status.Fail, failing.Status);
        var f = Assert.Single(failing.Findings);
        Assert.Equal("N1", f.SchoolCode);
        Assert.Equal(113_500.0 / 90 * 100, f.Limit!.Value, 6);
        Assert.Equal(Status.Pass, passing.Status);
    }

    [Fact]
    public void Certification_IsPerSection_SoSeniorCertificatesNeverCoverTheJuniorSection()
    {
        // 完全中学: 900 junior pupils with 75 junior teachers (Schools.Junior), 600 senior pupils.
        // Whole-school certified_teachers = 100 includes senior staff: the old check took min(100, 75)
        // and passed. Per section, 70 of 75 junior teachers are certified → 0.9333 → fail.
        var school = Schools.Junior("C1", 900) with { Type = SchoolType.Complete, StudentsSenior = 600, CertifiedTeachers = 100 };
        var perSection = school with { StaffJunior = school.StaffJunior with { Certified = 70 } };

        var withSections = CountyScorer.Score(Schools.Submission(perSection), Quality).Checks.Single(c => c.Id == "teacher_certification");
        var wholeOnly = CountyScorer.Score(Schools.Submission(school), Quality).Checks.Single(c => c.Id == "teacher_certification");

        Assert.Equal(Status.Fail, withSections.Status);
        Assert.Equal(70.0 / 75, withSections.Value!.Value, 12);
        // A whole-school figure cannot be attributed to the junior section of a school with senior staff.
        Assert.Equal(Status.NotAssessed, wholeOnly.Status);
    }

    [Fact]
    public void CountyWithoutJuniorSchools_IsNotFailedOrUnassessedForIt()
    {
        // Two 小学 that meet everything; no junior school at all: the junior level is not applicable
        // and the county can pass (the old code listed resources_junior as not assessed → fail).
        School[] schools = [Schools.Primary("P1", 600), Schools.Primary("P2", 480)];
        var county = Schools.County() with
        {
            PublicFundsBasePerPupilYuan = 800, SpecialEdFundsPerPupilYuan = 7000, TeacherAveragePayYuan = 110_000,
            CivilServantAveragePayYuan = 100_000, TrainingCompletionRate = 1, NearbyEnrollmentPrimaryRate = 1,
            NearbyEnrollmentJuniorRate = 0.97, QuotaAllocationRate = 0.6, MigrantChildrenPublicRate = 0.9,
            RetentionRateJunior = 0.98, DisabledEnrollmentRate = 0.96, SatisfactionRate = 0.92,
            VetoExamAdmission = false, VetoIllegalSchoolChoice = false, VetoKeySchoolsOrClasses = false, VetoUnfilledPosts = false,
        };
        var submission = new CountySubmission
        {
            County = county,
            Schools = schools,
            Rotation = schools.Select(s => new RotationRecord(s.Code, 50, 6, 2)).ToArray(),
            Spending = schools.Select(s => new SpendingRecord(s.Code, s.CompulsoryPupils * 800.0, s.CompulsoryPupils * 50.0)).ToArray(),
        };

        var card = CountyScorer.Score(submission, Quality);

        Assert.Equal(Status.NotApplicable, card.Junior.Status);
        Assert.Equal(Status.Pass, card.Overall.Status);
        Assert.Empty(card.Overall.NotAssessedChecks);
        Assert.Equal("not_applicable", Json(card).GetProperty("levels").GetProperty("junior").GetProperty("status").GetString());
    }

    [Fact]
    public void UndefinedComposite_IsUndefinedNotFail()
    {
        // basic-2012: no school has a computer → computers_per100 has X̄ = 0, its CV is undefined, so
        // the composite (mean of the 8 CVs) is undefined: shown "undefined", the level not assessed.
        var schools = new[] { Schools.Primary("A", 300) with { Computers = 0 }, Schools.Primary("B", 500) with { Computers = 0 } };

        var card = CountyScorer.Score(Schools.Submission(schools), Basic);

        Assert.Null(card.Primary.CompositeCv);
        Assert.Null(card.Primary.CompositeStatus);
        Assert.Equal(Status.NotAssessed, card.Primary.Status);
        Assert.Equal("undefined", Json(card).GetProperty("levels").GetProperty("primary").GetProperty("compositeStatus").GetString());
    }

    [Fact]
    public void Basic2012_ExcludesPrivateSchoolsAndAllTeachingPoints_AndTheScorecardSaysWhy()
    {
        // The 2012 forms: 不包括小学教学点, and no 民办 schools. Units: P1 only.
        var schools = new[]
        {
            Schools.Primary("P1", 400),
            Schools.Primary("M1", 300) with { Ownership = Ownership.Private },
            Point("T1", 80),
            new School { Code = "S1", Name = "特教", Type = SchoolType.SpecialEducation, StudentsPrimary = 40 },
        };

        var card = CountyScorer.Score(Schools.Submission(schools), Basic);

        Assert.Equal(["P1"], card.Primary.Schools.Select(s => s.Code));
        Assert.Equal([("M1", "private"), ("T1", "teaching_point"), ("S1", "special_education")], card.Excluded.Select(e => (e.School.Code, e.ReasonId)));
        var first = Json(card).GetProperty("excluded")[0];
        Assert.Equal(("M1", "private"), (first.GetProperty("code").GetString(), first.GetProperty("reason").GetString()));
        // quality-2017 keeps them: M1 and the 80-pupil point are units; only the special school is out.
        Assert.Equal(["S1"], CountyScorer.Score(Schools.Submission(schools), Quality).Excluded.Select(e => e.School.Code));
    }

    [Fact]
    public void MergeIntoParent_AddsThePointToItsParentsPrimaryUnit()
    {
        // P1 (400 pupils, 2 000 m² teaching space) + its 45-pupil point (200 m²) → one unit of 445 pupils
        // and 2 200 m²: 4.943820 m² a pupil.
        var profile = Quality with { Exclusions = Quality.Exclusions with { TeachingPoints = TeachingPointPolicy.MergeIntoParent } };
        var schools = new[] { Schools.Primary("P1", 400), Point() with { ParentSchoolCode = "P1" } };

        var card = CountyScorer.Score(Schools.Submission(schools), profile);

        var unit = Assert.Single(card.Primary.Schools);
        Assert.Equal(("P1", 445), (unit.Code, unit.Pupils));
        Assert.Equal(2_200.0 / 445, unit.Values["teaching_space_per_pupil"], 12);
        var merged = Assert.Single(card.Excluded);
        Assert.Equal(("T1", ExclusionReason.MergedIntoParent, "P1"), (merged.School.Code, merged.Reason, merged.MergedInto));
        Assert.Equal("教学点，并入 P1", merged.ReasonZh);
    }

    [Fact]
    public void IndoorSportsOption_MovesTheGymAndTheScorecardSaysWhichVerdictItChanged()
    {
        // 400 pupils; teaching space 2 400 m² of which the gym is 300; sports ground 2 800 m²; equipment
        // 1 800 元 a pupil (90 % of 2 000: a miss above the 85 % floor).
        // Gym left in teaching space: 6.0 m² ✓, sports 7.0 < 7.5 ✗, equipment ✗ → two misses: fail.
        // Gym moved: teaching 2 100/400 = 5.25 ✓, sports 3 100/400 = 7.75 ✓, equipment ✗ → one miss: pass.
        var school = Schools.Primary("G1", 400) with { TeachingSpaceM2 = 2_400, IndoorSportsM2 = 300, SportsSpaceM2 = 2_800, EquipmentValueYuan = 720_000 };

        var card = CountyScorer.Score(Schools.Submission(school), Quality);
        var off = CountyScorer.Score(Schools.Submission(school), Quality with { IndoorSportsAsSportsSpace = false });

        Assert.Equal(Status.Pass, card.Primary.Schools.Single().Status);
        Assert.Equal(5.25, card.Primary.Schools.Single().Values["teaching_space_per_pupil"], 12);
        Assert.Equal(Status.Fail, off.Primary.Schools.Single().Status);
        Assert.True(card.IndoorSports!.Applied);
        Assert.Contains(new VerdictChange("primary", "G1", Status.Fail, Status.Pass), card.IndoorSports.Changes);
        Assert.Contains(new VerdictChange("primary", "primary", Status.Fail, Status.Pass), card.IndoorSports.Changes);
        Assert.Null(CountyScorer.Score(Schools.Submission(Schools.Primary("P", 400)), Quality).IndoorSports);
    }

    [Theory]
    // Zhejiang 2019 (method §7): 1 175 / 226 / 114 of 1 515 = 77.6 / 14.9 / 7.5 % → meets
    // "around 80 %", "around 15 %", "5 % or more".
    [InlineData(1_175, 226, 114, Status.Pass)]
    // 70 / 20 / 10 %: within county 10 points under 80 % → not "around" it.
    [InlineData(70, 20, 10, Status.Fail)]
    // 82 / 15 / 3 %: within province under 5 %.
    [InlineData(82, 15, 3, Status.Fail)]
    public void PairingScopeMix_IsJudgedAgainstTheTargets(int county, int city, int province, Status expected)
    {
        var schools = Enumerable.Range(0, county + city + province).Select(i => Schools.Primary("S" + i, 300) with
        {
            PairedSchoolCode = "X",
            PairingScope = i < county ? PairingScope.WithinCounty : i < county + city ? PairingScope.WithinCity : PairingScope.WithinProvince,
        }).ToArray();

        var pairing = CountyScorer.Score(Schools.Submission(schools), Quality).Signals.Pairing!;

        Assert.Equal(expected, pairing.ScopeStatus);
        Assert.Equal(county + city + province, pairing.Scoped);
    }

    [Fact]
    public void EnrolmentWarnings_AreSeparateForFirstGradesOfPrimaryAndJunior_PublicSchoolsOnly()
    {
        // 九年一贯制 N1: 小一 95 children / 100 places = 0.95 → yellow; 初一 110 / 100 = 1.10 → red.
        // 初中 J1: its entry grade is 初一, 92/100 → yellow. Private M1 (120/100) is not warned about.
        var schools = new[]
        {
            Schools.Primary("N1", 600) with { Type = SchoolType.NineYear, StudentsJunior = 300, StaffJunior = new SectionStaff(25, 20, 4, 3, 10), CatchmentChildren = 95, PlannedIntake = 100, CatchmentChildrenJunior = 110, PlannedIntakeJunior = 100 },
            Schools.Junior("J1", 400) with { CatchmentChildren = 92, PlannedIntake = 100 },
            Schools.Primary("M1", 300) with { Ownership = Ownership.Private, CatchmentChildren = 120, PlannedIntake = 100 },
        };

        var warnings = CountyScorer.Score(Schools.Submission(schools), Quality).Signals.EnrollmentWarnings!;

        Assert.Equal(
            [("N1", "primary_1", "yellow"), ("N1", "junior_1", "red"), ("J1", "junior_1", "yellow")],
            warnings.Select(w => (w.SchoolCode, w.Grade, w.Level)));
    }

    [Fact]
    public void AfterSchool_ParticipationIsOverNonBoardingPrimaryPupils()
    {
        // Primary schools: P1 (600, 100 boarding, offers, 250 take part) and P2 (400, does not offer);
        // the 初中 is not a primary school. Coverage 1/2; participation 250 / (1 000 − 100) = 0.2778.
        var schools = new[]
        {
            Schools.Primary("P1", 600) with { AfterSchoolService = true, AfterSchoolPupils = 250, BoardingPupils = 100 },
            Schools.Primary("P2", 400) with { AfterSchoolService = false },
            Schools.Junior("J1", 900) with { AfterSchoolService = true, AfterSchoolPupils = 500 },
        };

        var a = CountyScorer.Score(Schools.Submission(schools), Quality).Signals.AfterSchool!;

        Assert.Equal((2, 1, 0.5, 900L, 250L, 100L), (a.Schools, a.Offering, a.Coverage!.Value, a.Pupils, a.Participating, a.BoardingPupils));
        Assert.Equal(250.0 / 900, a.ParticipationRate!.Value, 12);
    }

    [Fact]
    public void Rotation_IsReportedPerSchoolAndByDirection()
    {
        // Urban U1 rotated 10 (6 to rural), town T1 5 (3 to rural), rural R1 4: of the 15 teachers
        // rotated out of urban and town schools, 9 went to rural schools → 60 %.
        var submission = Schools.Submission(Schools.Primary("U1", 600), Schools.Primary("T1", 400, Location.Town), Schools.Primary("R1", 300, Location.Rural)) with
        {
            Rotation = [new("U1", 40, 10, 3, 6), new("T1", 30, 5, 1, 3), new("R1", 20, 4, 1, 0)],
        };

        var r = CountyScorer.Score(submission, Quality).Signals.Rotation!;

        Assert.Equal((15L, 9L, 0.6), (r.RotatedFromUrbanTown, r.ToRural!.Value, r.ToRuralShare!.Value));
        Assert.Equal([("U1", 0.25), ("T1", 5.0 / 30), ("R1", 0.2)], r.Schools.Select(s => (s.Code, s.Share!.Value)));
    }
}
