using Metrics.Core.Model;
using Metrics.Core.Profiles;
using Metrics.Core.Scoring;
using Metrics.TestSupport;

namespace Metrics.Core.Tests.Scoring;

/// <summary>A warning found while building units points where the caller read the rows: the location it passes, the school's row.</summary>
public class UnitBuilderLocationTests
{
    private static readonly Profile Quality = ProfileCatalog.Default.Get("quality-2017");

    [Fact]
    public void Warnings_CarryTheLocationTheCallerGives()
    {
        var empty = new School { Code = "Z", Name = "空校", Type = SchoolType.Junior, StudentsJunior = 0, SourceRow = 7 };

        var warning = Assert.Single(UnitBuilder.Build([empty], Quality, Quality.IndoorSportsAsSportsSpace, "Schools (2024)").Warnings);

        Assert.Equal(("zero_pupil_unit", "Schools (2024)", (int?)7), (warning.Code, warning.Sheet, warning.Row));
    }

    [Fact]
    public void Warnings_WithoutALocation_HaveNoSheet()
    {
        var empty = new School { Code = "Z", Name = "空校", Type = SchoolType.Junior, StudentsJunior = 0 };

        var warning = Assert.Single(UnitBuilder.Build([empty], Quality).Warnings);

        Assert.Equal((string.Empty, (int?)null), (warning.Sheet, warning.Row));
    }

    [Fact]
    public void Score_PassesTheSubmissionsSchoolsLocation()
    {
        var submission = Schools.Submission(Schools.Primary("A", 120), new School { Code = "Z", Name = "空校", Type = SchoolType.Junior, StudentsJunior = 0, SourceRow = 7 })
            with { SchoolsLocation = "学校" };

        var card = CountyScorer.Score(submission, Quality);

        Assert.Contains(card.Warnings, w => w is { Code: "zero_pupil_unit", Sheet: "学校", Row: 7 });
    }
}
