using Metrics.Core.Model;
using Metrics.Core.Profiles;
using Metrics.Core.Scoring;

namespace Metrics.Reports.Tests.Builders;

/// <summary>Real scorecards, scored by <see cref="CountyScorer"/> from built submissions.</summary>
public static class Cards
{
    /// <summary>A school name that would run script if it were not escaped.</summary>
    public const string ScriptName = "<script>alert(1)</script>";

    /// <summary>A school name that Excel would run as a formula if it were written as one.</summary>
    public const string FormulaName = "=HYPERLINK(\"http://x\",\"y\")";

    public static readonly SubmissionRef Source = new(
        "3f9a2c41d0b7e85a6c13f0e92d4b7a815c6e0f3a9d2b4c7e1f08a6d3c5b9e271",
        new DateTimeOffset(2025, 3, 1, 8, 30, 0, TimeSpan.Zero));

    /// <summary>
    /// method §3's worked example (pupils 120, 300, 580 with 3, 6, 16 multimedia rooms: CV
    /// 0.134933) plus one junior school.
    /// </summary>
    public static Scorecard Small(string? profile = null) => CountyScorer.Score(
        Schools.Submission(
            Schools.Primary("A", 120) with { MultimediaRooms = 3 },
            Schools.Primary("B", 300) with { MultimediaRooms = 6 },
            Schools.Primary("C", 580) with { MultimediaRooms = 16 },
            Schools.Junior("J", 700)),
        ProfileCatalog.Default.Get(profile),
        Source);

    /// <summary>
    /// A county of a dozen primary units and six junior units across town and country, with
    /// shortfalls, failing checks, signals, a zero-pupil warning, and hostile school names.
    /// </summary>
    public static Scorecard Realistic(string? profile = null) =>
        CountyScorer.Score(RealisticSubmission(), ProfileCatalog.Default.Get(profile), Source);

    public static CountySubmission RealisticSubmission()
    {
        School[] schools =
        [
            Schools.Primary("A", 120) with { Name = "城南小学", MultimediaRooms = 3 },
            Schools.Primary("B", 300) with { Name = "城北小学", MultimediaRooms = 6 },
            Schools.Primary("C", 580) with { Name = "实验小学", MultimediaRooms = 16 },
            Schools.Primary("P04", 1450) with { Name = "城关第一小学", MaxClassPrimary = 48 },
            Schools.Primary("P05", 1180) with { Name = "城关第二小学" },
            Schools.Primary("P06", 640, Location.Town) with { Name = "东镇中心小学", SportsSpaceM2 = 640 * 6.8 },
            Schools.Primary("P07", 180, Location.Rural) with
            {
                Name = "李家庄小学",
                StaffPrimary = new SectionStaff(12, 9, 0, 2, 3),
                PairedSchoolCode = "P04",
                PairingScope = PairingScope.WithinCounty,
            },
            Schools.Primary("P08", 95, Location.Rural) with
            {
                Name = "王家坪小学",
                EquipmentValueYuan = 95 * 1500.0,
                MultimediaRooms = 2,
                PairedSchoolCode = "P05",
                PairingScope = PairingScope.WithinCity,
            },
            Schools.Primary("P09", 260, Location.Town) with { Name = ScriptName },
            Schools.Primary("P10", 310, Location.Rural) with { Name = FormulaName, TeachingSpaceM2 = 310 * 3.6 },
            Schools.Primary("P11", 75, Location.Rural) with { Name = "后沟小学" },
            Schools.Junior("J01", 1200) with { Name = "第一中学", CatchmentChildren = 430, PlannedIntake = 400 },
            Schools.Junior("J02", 860, Location.Town) with { Name = "东镇中学", CatchmentChildren = 270, PlannedIntake = 290 },
            Schools.Junior("J03", 420, Location.Rural) with { Name = "西乡中学", SportsSpaceM2 = 420 * 9.0 },
            Schools.Junior("J04", 610, Location.Town) with { Name = "南镇中学", EquipmentValueYuan = 610 * 2200.0 },
            new School
            {
                Code = "N01",
                Name = "河西九年一贯制学校",
                Type = SchoolType.NineYear,
                Location = Location.Town,
                StudentsPrimary = 400,
                StudentsJunior = 300,
                ClassesPrimary = 10,
                ClassesJunior = 7,
                MaxClassPrimary = 42,
                MaxClassJunior = 46,
                StaffPrimary = new SectionStaff(26, 20, 5, 5, 10),
                StaffJunior = new SectionStaff(25, 18, 4, 4, 10),
                CertifiedTeachers = 50,
                TeachingSpaceM2 = 4200,
                SportsSpaceM2 = 6800,
                EquipmentValueYuan = 1_800_000,
                MultimediaRooms = 18,
                Computers = 120,
                Books = 24_000,
                MusicRooms = 1,
                MusicRoomMinM2 = 98,
                ArtRooms = 2,
                ArtRoomMinM2 = 92,
                AfterSchoolService = true,
                AfterSchoolPupils = 520,
            },
            new School
            {
                Code = "N02",
                Name = "山后九年一贯制学校",
                Type = SchoolType.NineYear,
                Location = Location.Rural,
                StudentsPrimary = 210,
                StudentsJunior = 0,
                ClassesPrimary = 6,
                MaxClassPrimary = 38,
                StaffPrimary = new SectionStaff(15, 12, 3, 3, 6),
                CertifiedTeachers = 15,
                TeachingSpaceM2 = 1200,
                SportsSpaceM2 = 1900,
                EquipmentValueYuan = 480_000,
                MultimediaRooms = 6,
                Computers = 30,
                Books = 6_300,
                MusicRooms = 1,
                MusicRoomMinM2 = 96,
                ArtRooms = 1,
                ArtRoomMinM2 = 90,
                AfterSchoolService = false,
                SourceRow = 18,
            },
        ];

        return new CountySubmission
        {
            // As the workbook reader records it: the warnings at row 18 point at this sheet.
            SchoolsLocation = "学校",
            County = Schools.County() with
            {
                PublicFundsBasePerPupilYuan = 650,
                SpecialEdFundsPerPupilYuan = 6500,
                TeacherAveragePayYuan = 98_000,
                CivilServantAveragePayYuan = 96_500,
                TrainingCompletionRate = 0.97,
                NearbyEnrollmentPrimaryRate = 1.0,
                NearbyEnrollmentJuniorRate = 0.96,
                QuotaAllocationRate = 0.55,
                MigrantChildrenPublicRate = 0.91,
                RetentionRateJunior = 0.985,
                DisabledEnrollmentRate = 0.96,
                SatisfactionRate = 0.88,
                VetoExamAdmission = false,
                VetoIllegalSchoolChoice = false,
                VetoKeySchoolsOrClasses = false,
                VetoUnfilledPosts = false,
            },
            Schools = schools,
            Rotation = schools.Select(s => new RotationRecord(s.Code, 20, 3, 1)).ToArray(),
            Spending = schools.Select(s => new SpendingRecord(s.Code, s.CompulsoryPupils * 700.0, s.CompulsoryPupils * 40.0)).ToArray(),
        };
    }
}
