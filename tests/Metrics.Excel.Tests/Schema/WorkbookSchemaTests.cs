using System.Reflection;
using Metrics.Core.Model;
using Metrics.Excel.Schema;

namespace Metrics.Excel.Tests.Schema;

public class WorkbookSchemaTests
{
    [Fact]
    public void Schools_Keys_ExactlyAsDomainContract()
    {
        string[] expected =
        [
            "school_code", "school_name", "school_type", "location", "ownership",
            "students_primary", "students_junior", "students_senior", "classes_primary", "classes_junior",
            "max_class_primary", "max_class_junior",
            "teachers_primary", "qualified_teachers_primary", "key_teachers_primary", "pe_art_teachers_primary", "senior_title_teachers_primary",
            "teachers_junior", "qualified_teachers_junior", "key_teachers_junior", "pe_art_teachers_junior", "senior_title_teachers_junior",
            "certified_teachers", "teaching_space_m2", "sports_space_m2", "equipment_value_yuan", "multimedia_rooms", "computers", "books",
            "music_rooms", "music_room_min_m2", "art_rooms", "art_room_min_m2",
            "catchment_children", "planned_intake", "paired_school_code", "pairing_scope", "after_school_service", "after_school_pupils",

            // method §1, §2, §4, §7 (appended so the older columns keep their letters).
            "certified_teachers_primary", "certified_teachers_junior", "indoor_sports_m2", "parent_school_code",
            "catchment_children_junior", "planned_intake_junior", "boarding_pupils",
        ];

        Assert.Equal(expected, WorkbookSchema.Schools.Fields.Select(f => f.Key).ToArray());
    }

    [Fact]
    public void DataSheets_MatchingKeys_UniqueWithinEachSheet()
    {
        foreach (var sheet in WorkbookSchema.DataSheets)
        {
            var keys = sheet.Fields.SelectMany(f => new[] { TextNormalizer.Key(f.Key), TextNormalizer.Key(f.LabelZh) }.Distinct()).ToList();
            Assert.True(keys.Count == keys.Distinct().Count(), sheet.NameZh);
        }
    }

    [Fact]
    public void EveryField_MapsToAnExistingModelMember()
    {
        var types = new[] { typeof(School), typeof(SectionStaff), typeof(CountyInfo), typeof(RotationRecord), typeof(SpendingRecord) }.ToDictionary(t => t.Name);
        foreach (var f in WorkbookSchema.DataSheets.SelectMany(s => s.Fields))
        {
            var parts = f.MapsTo.Split('.');
            var type = types[parts[0]];
            foreach (var member in parts.Skip(1))
            {
                var prop = type.GetProperty(member, BindingFlags.Public | BindingFlags.Instance);
                Assert.True(prop is not null, $"{f.Key} maps to missing {f.MapsTo}");
                type = prop.PropertyType;
            }
        }
    }

    [Fact]
    public void EveryField_HasLabelsAndUnitFitsKind()
    {
        foreach (var f in WorkbookSchema.DataSheets.SelectMany(s => s.Fields))
        {
            Assert.False(string.IsNullOrWhiteSpace(f.LabelZh));
            Assert.False(string.IsNullOrWhiteSpace(f.LabelEn));
            Assert.Equal(f.Kind == FieldKind.Enum, f.Choices is not null);
            if (f.Kind == FieldKind.Percent)
            {
                Assert.Equal(Units.Percent, f.Unit);
            }

            if (f.Kind == FieldKind.NonNegativeNumber)
            {
                Assert.Contains(f.Unit, new[] { Units.SquareMetres, Units.Yuan });
            }
        }
    }

    [Theory]
    [InlineData("在校生数·小学 (人)", "students_primary")]
    [InlineData("在校生数・小学（人）", "students_primary")]
    [InlineData("Students Primary", "students_primary")]
    [InlineData("ＳＴＵＤＥＮＴＳ＿ＰＲＩＭＡＲＹ", "students_primary")]
    [InlineData("教学及辅助用房面积(m2)", "teaching_space_m2")]
    public void Key_HeaderVariants_MatchTheirField(string header, string key)
    {
        var field = WorkbookSchema.Schools.Fields.Single(f => TextNormalizer.Key(f.Key) == TextNormalizer.Key(header) || TextNormalizer.Key(f.LabelZh) == TextNormalizer.Key(header));

        Assert.Equal(key, field.Key);
    }

    [Theory]
    [InlineData("学校", true)]
    [InlineData("Schools", true)]
    [InlineData("schools", true)]
    [InlineData("学校 Schools", true)]
    [InlineData("学校(Schools)", true)]
    [InlineData("学校基本信息", false)]
    public void MatchesName_SheetNameVariants(string name, bool matches) => Assert.Equal(matches, WorkbookSchema.Schools.MatchesName(name));

    [Fact]
    public void EnumChoices_EveryEnumValueHasALabel()
    {
        Assert.Equal(Enum.GetValues<SchoolType>().Length, WorkbookSchema.SchoolTypes.Items.Count());
        Assert.Equal(Enum.GetValues<Location>().Length, WorkbookSchema.Locations.Items.Count());
        Assert.Equal(Enum.GetValues<Ownership>().Length, WorkbookSchema.Ownerships.Items.Count());
        Assert.Equal(Enum.GetValues<PairingScope>().Length, WorkbookSchema.PairingScopes.Items.Count());
    }
}
