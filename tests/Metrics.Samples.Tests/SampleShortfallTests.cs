using Metrics.Core.Model;
using Metrics.Core.Profiles;
using Metrics.Core.Scoring;

namespace Metrics.Samples.Tests;

/// <summary>A reported shortfall must suffice on generated counties too: added to the workbook's numbers, the school meets the standard.</summary>
public class SampleShortfallTests
{
    private static readonly Profile Quality = ProfileCatalog.Default.Get("quality-2017");

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Shortfalls_AppliedToTheWorkbookAndRescored_LeaveNoSchoolBelowAnyStandard(int seed)
    {
        // Sample counties mix 小学, 初中, 九年一贯制, 十二年一贯制 and 完全中学 drawn around the standards,
        // a quarter of them unbalanced: adding every reported addition to the school's own columns and
        // scoring again must leave every unit meeting all 7 standards.
        foreach (var sample in SampleGenerator.Generate(new SampleOptions { Counties = 8, Seed = seed, MaxSchools = 80 }))
        {
            var card = CountyScorer.Score(sample.Submission, Quality);
            var fixedSchools = sample.Submission.Schools
                .Select(s => card.Shortfalls.Additions.Where(a => a.SchoolCode == s.Code).Aggregate(s, Apply))
                .ToArray();

            var after = CountyScorer.Score(sample.Submission with { Schools = fixedSchools }, Quality);

            Assert.All(after.Primary.Schools.Concat(after.Junior.Schools), s =>
            {
                Assert.Empty(s.Shortfalls);
                Assert.Equal(7, s.Met);
            });
        }
    }

    [Fact]
    public void Shortfalls_OfSampleCounties_IncludeSplitSchools()
    {
        // Guards the theory above: it must exercise split schools with facility shortfalls.
        var split = SampleGenerator.Generate(new SampleOptions { Counties = 8, Seed = 1, MaxSchools = 80 })
            .SelectMany(c => CountyScorer.Score(c.Submission, Quality).Junior.Schools
                .Where(s => s.Shortfalls.Count > 0)
                .Select(s => c.Submission.Schools.First(x => x.Code == s.Code)))
            .Count(s => s.Type is SchoolType.NineYear or SchoolType.TwelveYear or SchoolType.Complete);
        Assert.True(split > 0);
    }

    internal static School Apply(School s, ShortfallAddition a)
    {
        var add = (int)a.Add;
        return a.Column switch
        {
            "teaching_space_m2" => s with { TeachingSpaceM2 = s.TeachingSpaceM2 + a.Add },
            "sports_space_m2" => s with { SportsSpaceM2 = s.SportsSpaceM2 + a.Add },
            "equipment_value_yuan" => s with { EquipmentValueYuan = s.EquipmentValueYuan + a.Add },
            "multimedia_rooms" => s with { MultimediaRooms = s.MultimediaRooms + add },
            "computers" => s with { Computers = s.Computers + add },
            "books" => s with { Books = s.Books + add },
            "qualified_teachers_primary" => s with { StaffPrimary = s.StaffPrimary with { Qualified = s.StaffPrimary.Qualified + add } },
            "key_teachers_primary" => s with { StaffPrimary = s.StaffPrimary with { Key = s.StaffPrimary.Key + add } },
            "pe_art_teachers_primary" => s with { StaffPrimary = s.StaffPrimary with { PeArt = s.StaffPrimary.PeArt + add } },
            "qualified_teachers_junior" => s with { StaffJunior = s.StaffJunior with { Qualified = s.StaffJunior.Qualified + add } },
            "key_teachers_junior" => s with { StaffJunior = s.StaffJunior with { Key = s.StaffJunior.Key + add } },
            "pe_art_teachers_junior" => s with { StaffJunior = s.StaffJunior with { PeArt = s.StaffJunior.PeArt + add } },
            _ => throw new InvalidOperationException($"No column {a.Column}"),
        };
    }
}
