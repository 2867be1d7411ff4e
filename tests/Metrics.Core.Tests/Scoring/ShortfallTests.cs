using Metrics.Core.Model;
using Metrics.Core.Profiles;
using Metrics.Core.Scoring;
using Metrics.TestSupport;

namespace Metrics.Core.Tests.Scoring;

/// <summary>A reported shortfall must suffice: added to the workbook's numbers, the school meets the standard (method §6).</summary>
public class ShortfallTests
{
    private static readonly Profile Quality = ProfileCatalog.Default.Get("quality-2017");

    /// <summary>A 九年一贯制 of 600 primary + 400 junior pupils meeting every standard except sports space (6 000 m²).</summary>
    private static School NineYear(double sportsM2) => new()
    {
        Code = "N1",
        Name = "九年一贯制N1",
        Type = SchoolType.NineYear,
        StudentsPrimary = 600,
        StudentsJunior = 400,
        ClassesPrimary = 15,
        ClassesJunior = 9,
        StaffPrimary = new SectionStaff(40, 30, 8, 7, 20),
        StaffJunior = new SectionStaff(36, 25, 5, 5, 15),
        TeachingSpaceM2 = 8_000,
        SportsSpaceM2 = sportsM2,
        EquipmentValueYuan = 3_000_000,
        MultimediaRooms = 30,
        Computers = 120,
        Books = 30_000,
    };

    [Fact]
    public void Shortfall_OfASplitSchoolsFacility_IsTheWholeSchoolAdditionThatSuffices()
    {
        // Weighted enrolment 600 + 1.1·400 = 1 040; shares 600/1 040 and 440/1 040.
        // Primary needs 7.5·600·1 040/600 − 6 000 = 7 800 − 6 000 = +1 800 m² of whole-school space;
        // junior needs 10.2·400·1 040/440 − 6 000 = 9 643.6 − 6 000 → +3 644 m² (method §6), not the
        // 1 542 m² (= 4 080 − 2 538.5) its share of the gap would "attribute".
        var card = CountyScorer.Score(Schools.Submission(NineYear(6_000)), Quality);

        Assert.Equal(1_800, card.Primary.Schools.Single().Shortfalls["sports_space_per_pupil"]);
        Assert.Equal(3_644, card.Junior.Schools.Single().Shortfalls["sports_space_per_pupil"]);
        // The school needs the larger addition, once: 3 644 m², which suffices for both sections.
        var addition = Assert.Single(card.Shortfalls.Additions);
        Assert.Equal(new ShortfallAddition("N1", "九年一贯制N1", "sports_space_m2", 3_644), addition);
        Assert.Equal(3_644, card.Shortfalls.Totals["sports_space_m2"]);

        // 9 644 m²: primary 600/1 040·9 644 = 5 563.8 ≥ 4 500, junior 440/1 040·9 644 = 4 080.2 ≥ 4 080.
        var after = CountyScorer.Score(Schools.Submission(NineYear(6_000 + 3_644)), Quality);
        Assert.All(after.Primary.Schools.Concat(after.Junior.Schools), s => Assert.Empty(s.Shortfalls));
        Assert.Equal(7, after.Junior.Schools.Single().Met);
    }

    [Fact]
    public void Shortfall_OfACompleteSchoolsEquipment_CountsTheSeniorPupilsSharingIt()
    {
        // 完全中学 of 900 junior + 600 senior pupils (1 : 1.2 → 900 + 720 = 1 620 weighted) with
        // 1 000 000 元 of equipment: the junior section holds 900/1 620 of it, 555 555.6 元 = 617.3 元 a
        // pupil. To give it 2 500·900 = 2 250 000 元 the school needs 2 250 000·1 620/900 = 4 050 000 元:
        // +3 050 000 元 (the old section-attributed figure was 2 250 000 − 555 555.6 → 1 694 445).
        var school = Schools.Junior("C1", 900) with { Type = SchoolType.Complete, StudentsSenior = 600, EquipmentValueYuan = 1_000_000, TeachingSpaceM2 = 20_000, SportsSpaceM2 = 30_000, MultimediaRooms = 60 };

        var card = CountyScorer.Score(Schools.Submission(school), Quality);

        Assert.Equal(3_050_000, card.Junior.Schools.Single().Shortfalls["equipment_value_per_pupil"]);
        Assert.Equal(3_050_000, card.Shortfalls.Totals["equipment_value_yuan"]);
    }

    [Fact]
    public void Shortfalls_CountyTotals_AddTeachersByTypeAndFacilitiesOncePerSchool()
    {
        // P1 (400 pupils): key 1/100 needs 4, has 1 → +3 key_teachers_primary; equipment 2 000·400 =
        // 800 000, has 500 000 → +300 000 元.
        // N1 (600 + 400): sports +3 644 m² (once, see above); junior key 1.0·400/100 = 4, has 1 → +3.
        var p1 = Schools.Primary("P1", 400) with { StaffPrimary = new SectionStaff(25, 20, 1, 5, 10), EquipmentValueYuan = 500_000 };
        var n1 = NineYear(6_000) with { StaffJunior = new SectionStaff(36, 25, 1, 5, 15) };

        var card = CountyScorer.Score(Schools.Submission(p1, n1), Quality);

        Assert.Equal(
            [
                new ShortfallAddition("P1", "小学P1", "key_teachers_primary", 3),
                new ShortfallAddition("P1", "小学P1", "equipment_value_yuan", 300_000),
                new ShortfallAddition("N1", "九年一贯制N1", "sports_space_m2", 3_644),
                new ShortfallAddition("N1", "九年一贯制N1", "key_teachers_junior", 3),
            ],
            card.Shortfalls.Additions);
        Assert.Equal(6, card.Shortfalls.Totals["key_teachers"]);
        Assert.Equal(3_644, card.Shortfalls.Totals["sports_space_m2"]);
        Assert.Equal(300_000, card.Shortfalls.Totals["equipment_value_yuan"]);
    }
}
