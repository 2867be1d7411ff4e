using System.Globalization;
using Metrics.Core.Model;
using Metrics.Excel.Schema;
using Metrics.Excel.Statistics;
using Metrics.Excel.Template;

namespace Metrics.Samples.Tests.Statistics;

/// <summary>The mapping files: every field they declare is a template column, and each is found and read back from an export.</summary>
public class ExportMappingTests
{
    public static TheoryData<string> MappingIds() => new() { "school-list", "forms-2021", "forms-2018" };

    [Fact]
    public void Mappings_AreEmbedded_OneListAndTwoFormGenerations()
    {
        Assert.Equal(["school-list", "forms-2021", "forms-2018"], ExportMapping.All.Select(m => m.Id));
        Assert.Equal(["教基", "基础基"], ExportMapping.FormGenerations.Select(m => m.SheetPrefix));
    }

    [Theory]
    [MemberData(nameof(MappingIds))]
    public void EveryField_IsATemplateColumn_WithOptionsAndCells(string id)
    {
        var mapping = ExportMapping.Get(id);
        var columns = WorkbookSchema.Schools.Fields.Select(f => f.Key).ToHashSet();
        Assert.All(mapping.Fields, f =>
        {
            Assert.Contains(f.Key, columns);
            Assert.NotEmpty(f.Options);
            Assert.All(f.Options, o => Assert.NotEmpty(o));
            Assert.All(f.Options.SelectMany(o => o), c => Assert.Equal(mapping.Shape == ExportShape.SchoolForms, c.Sheet is not null && c.Row is not null));
        });
        Assert.Equal(mapping.Fields.Count, mapping.Fields.Select(f => f.Key).Distinct().Count());
        Assert.All(mapping.SchoolTypes.Values, v => Assert.Contains(Names.SchoolTypes.Rows, r => r.Key == v));
        Assert.All(mapping.Locations.Values, v => Assert.Contains(Names.Locations.Rows, r => r.Key == v));
    }

    /// <summary>
    /// Walks every template field the mapping fills: a county with a school of every compulsory type,
    /// every field distinct and non-zero (a gym included), is exported in the mapping's shape and read
    /// back; each field of each school equals what the template would hold for it.
    /// </summary>
    [Theory]
    [MemberData(nameof(MappingIds))]
    public void EveryField_ReadBackFromAnExport_EqualsTheTemplateValue(string id)
    {
        var mapping = ExportMapping.Get(id);
        School Make(string code, SchoolType type, int seed, int p, int j, int s = 0) => new()
        {
            Code = code, Name = "学校" + code, Type = type, Location = (Location)(seed % 3), Ownership = seed == 4 ? Ownership.Private : Ownership.Public,
            StudentsPrimary = p, StudentsJunior = j, StudentsSenior = s,
            ClassesPrimary = p > 0 ? 6 + seed : 0, ClassesJunior = j > 0 ? 3 + seed : 0,
            StaffPrimary = p > 0 ? new SectionStaff(20 + seed, 15 + seed, 3 + seed, 5 + seed, 7 + seed) : SectionStaff.None,
            StaffJunior = j > 0 ? new SectionStaff(18 + seed, 12 + seed, 2 + seed, 4 + seed, 6 + seed) : SectionStaff.None,
            TeachingSpaceM2 = 1500.5 + seed, IndoorSportsM2 = 120 + seed, SportsSpaceM2 = 2600.25 + seed, EquipmentValueYuan = 812_345 + seed,
            MultimediaRooms = 9 + seed, Computers = 41 + seed, Books = 15_003 + seed, MusicRooms = 1, ArtRooms = 1,
        };
        var county = new CountySubmission
        {
            County = new CountyInfo { Code = "130102", Name = "长安区", SchoolYear = 2024 },
            Schools =
            [
                Make("P", SchoolType.Primary, 1, 300, 0), Make("J", SchoolType.Junior, 2, 0, 280), Make("N", SchoolType.NineYear, 3, 166, 210),
                Make("T", SchoolType.TwelveYear, 4, 200, 150, 120), Make("C", SchoolType.Complete, 5, 0, 400, 300),
            ],
        };
        var export = ExportFixtures.Write(county, id == "school-list" ? "list" : id);
        var result = StatisticsImport.Read([export]);
        Assert.Empty(result.Issues);
        Assert.Equal(id, result.Mapping!.Id);
        Assert.Equal(mapping.Fields.Select(f => f.Key).Order(), result.Filled.Order());

        var imported = result.Counties.Single().Schools.ToDictionary(s => s.Code!);
        foreach (var school in county.Schools)
        {
            var expected = SubmissionValues.SchoolValues(school);
            var got = imported[school.Code];
            Assert.Equal(school.Type, got.Type);
            Assert.Equal(school.Location, got.Location);
            Assert.Equal(school.Ownership, got.Ownership);
            foreach (var field in mapping.Fields)
            {
                if (expected[field.Key] is { } value)
                {
                    Assert.True(got.Values.TryGetValue(field.Key, out var read), $"{school.Code} {field.Key} not read");
                    Assert.Equal(Convert.ToDouble(value, CultureInfo.InvariantCulture), read);
                }
            }
        }
    }
}
