using Metrics.Core.Model;
using Metrics.Core.Profiles;
using Metrics.Core.Scoring;
using Metrics.Excel.Reading;
using Metrics.Excel.Template;

namespace Metrics.Samples.Tests;

/// <summary>
/// The remediation plan is proved the way a county would use it: every action added to the county's own
/// workbook (the product's workbook writer and edit), the workbook read and scored again — the
/// resource part must then pass, for both profiles, split schools included.
/// </summary>
public class SamplePlanTests
{
    [Theory]
    [InlineData("quality-2017")]
    [InlineData("basic-2012")]
    public void Plan_AddedToTheWorkbookAndScoredAgain_PassesTheResourcePart(string profileId)
    {
        var profile = ProfileCatalog.Default.Get(profileId);
        var failing = 0;
        var splitSchoolsPlanned = 0;
        var samples = new[] { 1, 2, 3 }.SelectMany(seed => SampleGenerator.Generate(new SampleOptions { Counties = 6, Seed = seed, MaxSchools = 60, Profile = profileId }));
        foreach (var generated in samples)
        {
            // basic-2012's composite thresholds (0.65 / 0.55) are loose enough that generated counties pass
            // them; facilities are moved towards urban schools so that some composites fail.
            var sample = profileId == "basic-2012" ? generated with { Submission = Deprived(generated.Submission) } : generated;
            var card = CountyScorer.Score(sample.Submission, profile);
            if (card.Plan is not { } plan)
            {
                // No plan is made for a county that passes its resource part (and its JSON is unchanged).
                Assert.DoesNotContain(card.Levels, l => l.Status == Status.Fail);
                continue;
            }

            failing++;
            Assert.True(plan.Passes);
            Assert.NotEmpty(plan.Actions);
            var split = sample.Submission.Schools.Where(s => s.Type is SchoolType.NineYear or SchoolType.TwelveYear or SchoolType.Complete).Select(s => s.Code).ToHashSet();
            splitSchoolsPlanned += plan.Actions.Count(a => split.Contains(a.School));

            using var workbook = new MemoryStream();
            SubmissionWorkbookWriter.Write(sample.Submission, workbook, [new ColumnAdditionsEdit(plan.Actions.Select(a => new ColumnAddition(a.School, a.Field, a.Add)))]);
            var read = WorkbookReader.Read(workbook.ToArray());
            Assert.DoesNotContain(read.Issues, i => i.Severity == Severity.Error);

            var after = CountyScorer.Score(read.Submission!, profile);
            Assert.All(after.Levels, l => Assert.NotEqual(Status.Fail, l.Status));
            Assert.Null(after.Plan);

            // The plan's own "after" is the real scorer's verdict on the same figures.
            Assert.Equal(after.Levels.Select(l => l.Indicators.Select(i => i.Cv)), plan.Levels.Select(l => l.Indicators.Select(i => i.CvAfter)));
        }

        Assert.True(failing > 0, "the seed must give failing counties");
        Assert.True(splitSchoolsPlanned > 0, "the plan must reach split schools (一贯制, 完全中学)");
    }

    /// <summary>
    /// The county with its urban schools given 2.5 times their facilities, its town schools left 70 % and
    /// its rural schools 35 % (still plausible per pupil), in whole rooms, books and computers.
    /// </summary>
    private static CountySubmission Deprived(CountySubmission submission) => submission with
    {
        Schools = [.. submission.Schools.Select(s => s with
        {
            TeachingSpaceM2 = Math.Round(s.TeachingSpaceM2 * Kept(s)),
            IndoorSportsM2 = s.IndoorSportsM2 is { } gym ? Math.Floor(gym * Kept(s)) : null,
            SportsSpaceM2 = Math.Round(s.SportsSpaceM2 * Kept(s)),
            EquipmentValueYuan = Math.Round(s.EquipmentValueYuan * Kept(s)),
            Computers = (int)(s.Computers * Kept(s)),
            Books = (int)(s.Books * Kept(s)),
        })],
    };

    private static double Kept(School s) => s.Location switch { Location.Urban => 2.5, Location.Town => 0.7, _ => 0.35 };
}
