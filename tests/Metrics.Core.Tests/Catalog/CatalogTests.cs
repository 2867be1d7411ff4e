using Metrics.Core.Catalog;
using Metrics.Core.Model;
using Metrics.Core.Profiles;
using Metrics.Core.Scoring;

namespace Metrics.Core.Tests.Catalog;

public class IndicatorCatalogTests
{
    public static TheoryData<string> AllIds => new(IndicatorCatalog.All.Select(i => i.Id));

    // One section of 250 pupils with known resources; expected values worked by hand below.
    private static readonly EvaluationUnit Unit = new(
        new School
        {
            Code = "X", Name = "X", Type = SchoolType.Primary, StudentsPrimary = 250,
            StaffPrimary = new SectionStaff(Teachers: 15, Qualified: 12, Key: 3, PeArt: 2, SeniorTitle: 6),
            TeachingSpaceM2 = 1125, SportsSpaceM2 = 2000, EquipmentValueYuan = 600_000, MultimediaRooms = 6, Computers = 40, Books = 7_500,
        },
        Level.Primary,
        250,
        1.0);

    [Theory]
    [MemberData(nameof(AllIds))]
    public void Get_EveryId_ResolvesToItselfAndComputesTheHandValue(string id)
    {
        var indicator = IndicatorCatalog.Get(id);
        var expected = id switch
        {
            "qualified_teachers_per100" => 4.8,      // 100·12/250
            "key_teachers_per100" => 1.2,            // 100·3/250
            "pe_art_teachers_per100" => 0.8,         // 100·2/250
            "teaching_space_per_pupil" => 4.5,       // 1125/250
            "sports_space_per_pupil" => 8.0,         // 2000/250
            "equipment_value_per_pupil" => 2400,     // 600 000/250
            "multimedia_rooms_per100" => 2.4,        // 100·6/250
            "computers_per100" => 16,                // 100·40/250
            "books_per_pupil" => 30,                 // 7 500/250
            "teachers_per_pupil" => 0.06,            // 15/250
            "qualified_teachers_per_pupil" => 0.048, // 12/250
            "senior_title_teachers_per_pupil" => 0.024, // 6/250
            _ => throw new InvalidOperationException($"No hand value for {id}: add one."),
        };

        Assert.Equal(id, indicator.Id);
        Assert.Equal(expected, indicator.ValueOf(Unit), 12);
        Assert.False(string.IsNullOrWhiteSpace(indicator.NameZh));
        Assert.False(string.IsNullOrWhiteSpace(indicator.NameEn));
    }

    [Fact]
    public void All_HasTwelveDistinctIds()
    {
        Assert.Equal(12, IndicatorCatalog.All.Select(i => i.Id).Distinct().Count());
    }

    [Fact]
    public void Get_UnknownId_Throws()
    {
        Assert.Throws<KeyNotFoundException>(() => IndicatorCatalog.Get("nope"));
    }

    [Theory]
    // PE/art 0.8 per 100 against 0.9: need 0.9·250/100 = 2.25 teachers, have 2 → +1 (rounded up).
    [InlineData("pe_art_teachers_per100", 0.9, 1)]
    // 2 400 元 against 2 500: need 625 000, have 600 000 → +25 000 元.
    [InlineData("equipment_value_per_pupil", 2500, 25_000)]
    // 4.5 m² against 5.8: need 1 450, have 1 125 → +325 m².
    [InlineData("teaching_space_per_pupil", 5.8, 325)]
    // Exactly at standard (4.5): nothing short, despite floating point.
    [InlineData("teaching_space_per_pupil", 4.5, 0)]
    // 2.4 rooms per 100 against 2.5: need 6.25, have 6 → +1 room.
    [InlineData("multimedia_rooms_per100", 2.5, 1)]
    public void ShortfallOf_ReportsNaturalUnitsRoundedUp(string id, double standard, double expected)
    {
        Assert.Equal(expected, IndicatorCatalog.Get(id).ShortfallOf(Unit, standard));
    }
}

public class CheckCatalogTests
{
    public static TheoryData<string> AllIds => new(CheckCatalog.Checks.Concat(CheckCatalog.VetoItems).Select(c => c.Id));

    [Fact]
    public void Checks_AreTheSixteenOfTheDomainRules()
    {
        Assert.Equal(
            ["music_art_rooms", "school_size", "class_size", "small_school_funding", "special_ed_funding", "teacher_pay",
             "training_completion", "teacher_rotation", "teacher_certification", "nearby_enrollment", "quota_allocation",
             "migrant_children_public", "retention_rate", "disabled_enrollment", "training_spend", "social_recognition"],
            CheckCatalog.Checks.Select(c => c.Id));
    }

    [Theory]
    [MemberData(nameof(AllIds))]
    public void Get_EveryId_EvaluatesOnAnEmptyCountyWithoutPassing(string id)
    {
        // With no data at all, no check may pass: missing data is "not assessed", never a pass.
        var check = CheckCatalog.Get(id);
        var profile = ProfileCatalog.Default.Get("quality-2017");
        var submission = new CountySubmission { County = TestSupport.Schools.County(), Schools = [] };
        var result = check.Evaluate(new CheckContext(submission, profile, UnitBuilder.Build([], profile)));

        Assert.Equal(id, result.Id);
        Assert.False(string.IsNullOrWhiteSpace(check.NameZh));
        Assert.False(string.IsNullOrWhiteSpace(check.NameEn));
        if (result.Status == Status.Pass)
        {
            // Only per-school rules over an empty set of schools hold vacuously.
            Assert.Contains(check.Source, new[] { "schools", "schools+spending", "spending" });
            Assert.NotEqual("teacher_certification", id);
        }
    }

    public static TheoryData<string, string> EveryProfileAndCheck
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var p in ProfileCatalog.Default.Ids)
            {
                foreach (var c in CheckCatalog.Checks)
                {
                    data.Add(p, c.Id);
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(AllIds))]
    public void EveryId_IsDeclaredOnceWithARuleNamesAndAConsistentKind(string id)
    {
        var check = CheckCatalog.Get(id);
        Assert.Single(CheckCatalog.All, c => c.Id == id);
        Assert.NotNull(check.Evaluate);
        Assert.Matches("^[a-z][a-z_]*$", id);
        Assert.False(string.IsNullOrWhiteSpace(check.NameZh));
        Assert.False(string.IsNullOrWhiteSpace(check.NameEn));
        Assert.Equal(check.IsVeto, CheckCatalog.IsVeto(id));
        Assert.Equal(check.IsVeto, check.Kind == CheckValueKind.YesNo);
        Assert.Equal((check.NameZh, check.NameEn), CheckCatalog.NameOf(id));
        Assert.All(check.Parts, p => Assert.False(string.IsNullOrWhiteSpace(p.NameZh) || string.IsNullOrWhiteSpace(p.NameEn) || p.NameZh == p.Id, p.Id));
    }

    [Theory]
    [MemberData(nameof(AllIds))]
    public void EveryId_HasAConstantInCheckIds(string id)
    {
        var constants = typeof(CheckIds).GetFields().Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!);
        Assert.Contains(id, constants);
    }

    [Theory]
    [MemberData(nameof(EveryProfileAndCheck))]
    public void EveryProfile_HasAnEntryOfTheDeclaredTypeForEveryCheck(string profileId, string checkId)
    {
        var rule = ProfileCatalog.Default.Get(profileId).Checks[checkId];
        Assert.IsType(CheckCatalog.Get(checkId).RuleType!, rule);
    }

    [Theory]
    [MemberData(nameof(AllIds))]
    public void EveryId_ItsRuleReportsItsPartsByTheirDeclaredIds(string id)
    {
        // The rule's parts and the declared parts must agree, or the renderers would show a bare id.
        var check = CheckCatalog.Get(id);
        var profile = ProfileCatalog.Default.Get("quality-2017");
        var submission = new CountySubmission { County = Metrics.TestSupport.Schools.County(), Schools = [] };
        var result = check.Evaluate(new CheckContext(submission, profile, UnitBuilder.Build([], profile)));

        Assert.Equal(check.Parts.Select(p => p.Id), result.Parts.Select(p => p.Id));
    }

    [Fact]
    public void CheckRules_MissingAnEntry_IsRejectedNamingIt()
    {
        var rules = ProfileCatalog.Default.Get("quality-2017").Checks.InCatalogOrder()
            .Where(kv => kv.Key != CheckIds.TeacherPay).ToDictionary(kv => kv.Key, kv => kv.Value);

        var e = Assert.Throws<ArgumentException>(() => new CheckRules(rules));
        Assert.Contains("checks.teacher_pay is missing", e.Message);
    }

    [Fact]
    public void CheckRules_AnEntryOfTheWrongType_IsRejectedNamingIt()
    {
        var rules = ProfileCatalog.Default.Get("quality-2017").Checks;

        var e = Assert.Throws<ArgumentException>(() => rules.With(CheckIds.ClassSize, new MinimumRule { Min = 1 }));
        Assert.Contains("checks.class_size must be a ClassSizeRule", e.Message);
    }
}
