using Metrics.Core.Model;
using Metrics.Core.Profiles;
using Metrics.Core.Scoring;
using Metrics.TestSupport;

namespace Metrics.Core.Tests.Scoring;

public class UnitBuilderTests
{
    private static readonly Profile Quality = ProfileCatalog.Default.Get("quality-2017");

    [Fact]
    public void Build_NineYearSchool_SplitsFacilitiesByWeightedEnrolment()
    {
        // method §1: 166 primary + 1.1·210 junior = 397 weighted pupils; 23 226 books.
        // Primary gets 23 226·166/397 = 3 855 516/397 = 9 711.6272…, junior 23 226·231/397 = 5 365 206/397 = 13 514.3728…
        var school = new School
        {
            Code = "J9", Name = "九年一贯制", Type = SchoolType.NineYear,
            StudentsPrimary = 166, StudentsJunior = 210, Books = 23_226,
        };

        var units = UnitBuilder.Build([school], Quality);

        var p = Assert.Single(units.Primary);
        var j = Assert.Single(units.Junior);
        Assert.Equal(166, p.Pupils);
        Assert.Equal(210, j.Pupils);
        Assert.Equal(166.0 / 397, p.Share, 12);
        Assert.Equal(231.0 / 397, j.Share, 12);
        Assert.Equal(9_711.627204, p.Share * school.Books, 5);
        Assert.Equal(13_514.372796, j.Share * school.Books, 5);
        Assert.Equal(1.0, p.Share + j.Share, 12);
    }

    [Fact]
    public void Build_TwelveYearSchool_GivesSeniorPupilsTheirWeightButNoUnit()
    {
        // 100 primary + 1.1·100 junior + 1.32·100 senior = 342; junior share = 110/342.
        var school = new School
        {
            Code = "T12", Name = "十二年一贯制", Type = SchoolType.TwelveYear,
            StudentsPrimary = 100, StudentsJunior = 100, StudentsSenior = 100, TeachingSpaceM2 = 3420,
        };

        var units = UnitBuilder.Build([school], Quality);

        Assert.Equal(100.0 / 342, Assert.Single(units.Primary).Share, 12);
        Assert.Equal(110.0 / 342, Assert.Single(units.Junior).Share, 12);
        // 3 420 m² · 110/342 = 1 100 m² for 100 junior pupils → 11 m² per pupil.
        Assert.Equal(11.0, Catalog().ValueOf(units.Junior[0]), 12);

        static Metrics.Core.Catalog.Indicator Catalog() => Metrics.Core.Catalog.IndicatorCatalog.Get("teaching_space_per_pupil");
    }

    [Fact]
    public void Build_CompleteSchool_IsAJuniorSectionWeightedOneToOnePointTwo()
    {
        // 完全中学: junior : senior = 1 : 1.2 → 600 junior, 500 senior: 600 / (600 + 600) = 0.5.
        var school = new School { Code = "W", Name = "完全中学", Type = SchoolType.Complete, StudentsJunior = 600, StudentsSenior = 500 };

        var units = UnitBuilder.Build([school], Quality);

        Assert.Empty(units.Primary);
        Assert.Equal(0.5, Assert.Single(units.Junior).Share, 12);
    }

    [Fact]
    public void Build_AppliesTheProfileExclusions()
    {
        School Of(SchoolType type, int pupils, Ownership ownership = Ownership.Public) => new()
        {
            Code = type.ToString() + pupils, Name = "x", Type = type, Ownership = ownership, StudentsPrimary = pupils,
        };
        var schools = new[]
        {
            Of(SchoolType.SpecialEducation, 80),
            Of(SchoolType.Vocational, 300),
            Of(SchoolType.TeachingPoint, 49),
            Of(SchoolType.TeachingPoint, 50),
            Of(SchoolType.Primary, 400, Ownership.Private),
        };

        var national = UnitBuilder.Build(schools, Quality);
        Assert.Equal(["TeachingPoint50", "Primary400"], national.Primary.Select(u => u.School.Code));
        Assert.Equal(3, national.Excluded.Count);

        var strict = Quality with { Exclusions = Quality.Exclusions with { AllTeachingPoints = true, Private = true } };
        Assert.Empty(UnitBuilder.Build(schools, strict).Primary);
    }

    [Fact]
    public void Build_ZeroPupilSection_IsDroppedWithAWarningAtItsRow()
    {
        var school = new School { Code = "Z", Name = "空校", Type = SchoolType.Junior, StudentsJunior = 0, SourceRow = 7 };

        var units = UnitBuilder.Build([school], Quality);

        Assert.Empty(units.Junior);
        var warning = Assert.Single(units.Warnings);
        Assert.Equal(Severity.Warning, warning.Severity);
        Assert.Equal("zero_pupil_unit", warning.Code);
        Assert.Equal(7, warning.Row);
        Assert.Equal("students_junior", warning.Column);
        Assert.Contains("Z", warning.MessageEn);
    }

    [Fact]
    public void Build_SingleLevelSchool_KeepsAllItsFacilities()
    {
        var units = UnitBuilder.Build([Schools.Primary("P1", 300) with { StudentsSenior = 50 }], Quality);
        Assert.Equal(1.0, Assert.Single(units.Primary).Share);
    }
}
