using Metrics.Core.Catalog;
using Metrics.Core.Model;
using Metrics.Core.Profiles;

namespace Metrics.Core.Tests.Profiles;

public class ProfileCatalogTests
{
    [Fact]
    public void Default_HasBothNationalProfiles_AndQuality2017IsDefault()
    {
        Assert.Equal(["basic-2012", "quality-2017"], ProfileCatalog.Default.Ids.Order(StringComparer.Ordinal));
        Assert.Equal("quality-2017", ProfileCatalog.Default.Get(null).Id);
        Assert.Equal("quality-2017", ProfileCatalog.Default.Get("  ").Id);
    }

    [Fact]
    public void Get_Quality2017_HasEveryValueOfTheDomainRules()
    {
        var p = ProfileCatalog.Default.Get("quality-2017");

        Assert.Equal(Decision.PerIndicatorCv, p.Decision);
        Assert.Equal(0.50, p.Levels.Primary.CvThreshold);
        Assert.Equal(0.45, p.Levels.Junior.CvThreshold);
        Assert.Null(p.Levels.Primary.CompositeCvThreshold);
        Assert.Equal(7, p.Indicators.Count);
        var primary = new Dictionary<string, double>
        {
            ["qualified_teachers_per100"] = 4.2, ["key_teachers_per100"] = 1.0, ["pe_art_teachers_per100"] = 0.9,
            ["teaching_space_per_pupil"] = 4.5, ["sports_space_per_pupil"] = 7.5, ["equipment_value_per_pupil"] = 2000,
            ["multimedia_rooms_per100"] = 2.3,
        };
        var junior = new Dictionary<string, double>
        {
            ["qualified_teachers_per100"] = 5.3, ["key_teachers_per100"] = 1.0, ["pe_art_teachers_per100"] = 0.9,
            ["teaching_space_per_pupil"] = 5.8, ["sports_space_per_pupil"] = 10.2, ["equipment_value_per_pupil"] = 2500,
            ["multimedia_rooms_per100"] = 2.4,
        };
        Assert.Equal(primary, p.Levels.Primary.Standards);
        Assert.Equal(junior, p.Levels.Junior.Standards);
        Assert.Equal(new SchoolRule { MaxMissed = 1, FloorRatio = 0.85 }, p.SchoolRule);
        Assert.Equal(new SectionWeights { Primary = 1, Junior = 1.1, Senior = 1.32, CompleteJunior = 1, CompleteSenior = 1.2 }, p.SectionWeights);
        Assert.Equal(50, p.Exclusions.TeachingPointMinPupils);
        Assert.True(p.Exclusions.SpecialEducation);
        Assert.True(p.Exclusions.Vocational);
        Assert.False(p.Exclusions.Private);
        Assert.Equal(0.005, p.BorderlineMargin);
        Assert.Equal(96, p.Checks.Get<MusicArtRoomsRule>(CheckIds.MusicArtRooms).MusicRoomMinM2);
        Assert.Equal(90, p.Checks.Get<MusicArtRoomsRule>(CheckIds.MusicArtRooms).ArtRoomMinM2);
        Assert.Equal(12, p.Checks.Get<MusicArtRoomsRule>(CheckIds.MusicArtRooms).ClassesPerRoom);
        Assert.Equal((2000, 2500), (p.Checks.Get<SchoolSizeRule>(CheckIds.SchoolSize).MaxPupils, p.Checks.Get<SchoolSizeRule>(CheckIds.SchoolSize).MaxPupilsThroughTrain));
        Assert.Equal((45, 50), (p.Checks.Get<ClassSizeRule>(CheckIds.ClassSize).MaxPrimary, p.Checks.Get<ClassSizeRule>(CheckIds.ClassSize).MaxJunior));
        Assert.Equal(6000, p.Checks.Get<MinimumRule>(CheckIds.SpecialEdFunding).Min);
        Assert.Equal((0.10, 0.20, KeyShareBase.Rotated), (p.Checks.Get<RotationRule>(CheckIds.TeacherRotation).MinRotatedShare, p.Checks.Get<RotationRule>(CheckIds.TeacherRotation).MinKeyShare, p.Checks.Get<RotationRule>(CheckIds.TeacherRotation).KeyShareBase));
        Assert.Equal((1.0, 0.95), (p.Checks.Get<NearbyEnrollmentRule>(CheckIds.NearbyEnrollment).MinPrimary, p.Checks.Get<NearbyEnrollmentRule>(CheckIds.NearbyEnrollment).MinJunior));
        Assert.Equal(0.50, p.Checks.Get<MinimumRule>(CheckIds.QuotaAllocation).Min);
        Assert.Equal(0.85, p.Checks.Get<MinimumRule>(CheckIds.MigrantChildrenPublic).Min);
        Assert.Equal(0.95, p.Checks.Get<MinimumRule>(CheckIds.RetentionRate).Min);
        Assert.Equal(0.95, p.Checks.Get<MinimumRule>(CheckIds.DisabledEnrollment).Min);
        Assert.Equal(0.05, p.Checks.Get<MinimumRule>(CheckIds.TrainingSpend).Min);
        Assert.Equal(0.85, p.Checks.Get<MinimumRule>(CheckIds.SocialRecognition).Min);
        Assert.Equal(4, p.Vetoes.Count);
    }

    [Fact]
    public void Get_Basic2012_DecidesByCompositeOverEightIndicators()
    {
        var p = ProfileCatalog.Default.Get("basic-2012");

        Assert.Equal(Decision.CompositeCv, p.Decision);
        Assert.Equal(0.65, p.Levels.Primary.CompositeCvThreshold);
        Assert.Equal(0.55, p.Levels.Junior.CompositeCvThreshold);
        Assert.Null(p.Levels.Primary.CvThreshold);
        Assert.Null(p.SchoolRule);
        Assert.Equal(
            ["teaching_space_per_pupil", "sports_space_per_pupil", "equipment_value_per_pupil", "computers_per100",
             "books_per_pupil", "teachers_per_pupil", "qualified_teachers_per_pupil", "senior_title_teachers_per_pupil"],
            p.Indicators);
    }

    [Theory]
    [InlineData("quality-2017")]
    [InlineData("basic-2012")]
    public void EveryProfile_NamesOnlyCatalogIndicatorsAndChecks(string id)
    {
        var p = ProfileCatalog.Default.Get(id);
        Assert.All(p.Indicators, i => Assert.True(IndicatorCatalog.TryGet(i, out _), i));
        Assert.All(p.Vetoes, v => Assert.True(CheckCatalog.TryGet(v, out _), v));
        Assert.Contains(CheckCatalog.Checks, c => c.IsEnabled(p));
    }

    [Fact]
    public void Get_UnknownId_ThrowsNamingTheKnownProfiles()
    {
        var e = Assert.Throws<ProfileException>(() => ProfileCatalog.Default.Get("quality-2099"));
        Assert.Contains("quality-2099", e.Message);
        Assert.Contains("basic-2012, quality-2017", e.Message);
    }

    [Fact]
    public void With_ProvinceFile_OverridesOnlyWhatItNames()
    {
        const string province = """
            {
              "id": "zj-quality-2017",
              "extends": "quality-2017",
              "nameZh": "浙江省优质均衡",
              "exclusions": { "allTeachingPoints": true },
              "levels": { "junior": { "cvThreshold": 0.40 } },
              "checks": { "teacher_rotation": { "keyShareBase": "eligible" } }
            }
            """;
        var catalog = ProfileCatalog.Default.With([("zj.json", province)]);
        var p = catalog.Get("zj-quality-2017");

        Assert.Equal("浙江省优质均衡", p.NameZh);
        Assert.Equal(0.40, p.Levels.Junior.CvThreshold);
        Assert.Equal(5.3, p.Levels.Junior.Standards["qualified_teachers_per100"]);
        Assert.Equal(0.50, p.Levels.Primary.CvThreshold);
        Assert.True(p.Exclusions.AllTeachingPoints);
        Assert.Equal(50, p.Exclusions.TeachingPointMinPupils);
        Assert.Equal(KeyShareBase.Eligible, p.Checks.Get<RotationRule>(CheckIds.TeacherRotation).KeyShareBase);
        Assert.Equal(0.10, p.Checks.Get<RotationRule>(CheckIds.TeacherRotation).MinRotatedShare);
        Assert.Equal(7, p.Indicators.Count);
        // The national profile is untouched.
        Assert.Equal(0.45, catalog.Get("quality-2017").Levels.Junior.CvThreshold);
    }

    [Theory]
    [InlineData("""{ "id": "x", "extends": "quality-2017", "levles": {} }""", "levles")]
    [InlineData("""{ "id": "x", "extends": "quality-2099" }""", "unknown profile 'quality-2099'")]
    [InlineData("""{ "id": "x", "extends": "quality-2017", "indicators": ["books_per_pupil", "pupils_per_unicorn"] }""", "unknown indicator 'pupils_per_unicorn'")]
    [InlineData("""{ "id": "x", "extends": "quality-2017", "levels": { "primary": { "cvThreshold": -1 } } }""", "cvThreshold must be a positive number")]
    [InlineData("""{ "id": "x", "extends": "quality-2017", "decision": "coin_toss" }""", "decision")]
    [InlineData("""{ "id": "x", "extends": "quality-2017", "vetoes": ["veto_sunny_days"] }""", "unknown veto item 'veto_sunny_days'")]
    [InlineData("""{ "id": "x", "extends": "quality-2017", "sectionWeights": { "junior": 0 } }""", "sectionWeights")]
    [InlineData("""{ "id": "x", "extends": "quality-2017" """, "not valid JSON")]
    [InlineData("""[1, 2]""", "not a JSON object")]
    [InlineData("""{ "extends": "quality-2017" }""", "no \"id\"")]
    public void With_MalformedProfile_ThrowsAClearError(string json, string expected)
    {
        var e = Assert.Throws<ProfileException>(() => ProfileCatalog.Default.With([("province.json", json)]));
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void With_ExtendsCycle_IsAnError()
    {
        var e = Assert.Throws<ProfileException>(() => ProfileCatalog.Default.With(
        [
            ("a.json", """{ "id": "a", "extends": "b" }"""),
            ("b.json", """{ "id": "b", "extends": "a" }"""),
        ]));
        Assert.Contains("cycle", e.Message);
    }

    [Fact]
    public void RulesFor_ReturnsTheLevelsOwnRules()
    {
        var p = ProfileCatalog.Default.Get("quality-2017");
        Assert.Same(p.Levels.Junior, p.RulesFor(Level.Junior));
        Assert.Same(p.Levels.Primary, p.RulesFor(Level.Primary));
    }
}
