using System.Text;
using System.Text.Json;
using Metrics.Core.Json;
using Metrics.Core.Model;
using Metrics.Core.Profiles;
using Metrics.Core.Rollup;
using Metrics.Core.Scoring;
using Metrics.TestSupport;

namespace Metrics.Core.Tests.Json;

/// <summary>The stored rollup summary: one set of wire records, written and read by System.Text.Json.</summary>
public class SummaryJsonTests
{
    private static readonly ScorecardSummary Hand = new(
        "130102",
        "长安区",
        2024,
        "quality-2017",
        Status.Fail,
        new LevelSummary(Status.Fail, 3, 1_000, new Dictionary<string, double?> { ["b_ratio"] = 0.25, ["a_ratio"] = null }, null, 2)
        {
            Thresholds = new Dictionary<string, double> { ["b_ratio"] = 0.5 },
        },
        new LevelSummary(Status.NotAssessed, 0, 0, new Dictionary<string, double?>(), null, 0),
        [("class_size", Status.Pass), ("veto_exam_admission", Status.NotAssessed)])
    {
        Sha256 = "ab12",
    };

    [Fact]
    public void Serialize_WritesTheContractShape_CvsInIndicatorOrder_NullsKept_NoCompositeWithoutAThreshold()
    {
        var json = Encoding.UTF8.GetString(SummaryJson.Serialize(Hand));

        // One line in the file; broken here at each top-level part.
        var expected = """
            {"schemaVersion":2,"county":{"code":"130102","name":"长安区"},"schoolYear":2024,"profile":"quality-2017",
            "levels":{"primary":{"units":3,"pupils":1000,"status":"fail","schoolsPassing":2,"indicators":[{"id":"b_ratio","cv":0.25,"threshold":0.5},{"id":"a_ratio","cv":null,"threshold":null}]},
            "junior":{"units":0,"pupils":0,"status":"not_assessed","schoolsPassing":0,"indicators":[]}},
            "checks":[{"id":"class_size","status":"pass"},{"id":"veto_exam_admission","status":"not_assessed"}],"overall":{"status":"fail"},"sha256":"ab12"}
            """.ReplaceLineEndings("");
        Assert.Equal(expected, json);
    }

    [Fact]
    public void Read_GivesBackTheSummaryItWasWrittenFrom()
    {
        using var doc = JsonDocument.Parse(SummaryJson.Serialize(Hand));
        var back = SummaryJson.Read(doc.RootElement);

        Assert.Equal(("130102", "长安区", 2024, "quality-2017", Status.Fail, "ab12"), (back.CountyCode, back.CountyName, back.SchoolYear, back.Profile, back.Overall, back.Sha256));
        Assert.Equal([("class_size", Status.Pass), ("veto_exam_admission", Status.NotAssessed)], back.Checks);
        Assert.Equal([new KeyValuePair<string, double?>("b_ratio", 0.25), new("a_ratio", null)], back.Primary.Cvs);
        Assert.Equal([new KeyValuePair<string, double>("b_ratio", 0.5)], back.Primary.Thresholds);
        Assert.Equal((Status.Fail, 3, 1_000L, 2, (double?)null, (double?)null), (back.Primary.Status, back.Primary.Units, back.Primary.Pupils, back.Primary.SchoolsPassing, back.Primary.CompositeCv, back.Primary.CompositeThreshold));
        Assert.Equal((Status.NotAssessed, 0), (back.Junior.Status, back.Junior.Cvs.Count));
    }

    [Fact]
    public void From_CustomProfileWithoutASchoolRule_WritesSchoolsPassingAsNull()
    {
        // A province profile, known to no catalog, that drops the per-school rule: the card carries it.
        var profile = ProfileCatalog.Default.Get("quality-2017") with { Id = "province-x", SchoolRule = null };
        var submission = Schools.Submission(Schools.Primary("A", 120), Schools.Primary("B", 300), Schools.Junior("J", 400));
        var summary = ScorecardSummary.From(CountyScorer.Score(submission, profile));

        using var doc = JsonDocument.Parse(SummaryJson.Serialize(summary));
        var primary = doc.RootElement.GetProperty("levels").GetProperty("primary");
        Assert.Equal(JsonValueKind.Null, primary.GetProperty("schoolsPassing").ValueKind);
        Assert.Null(SummaryJson.Read(doc.RootElement).Primary.SchoolsPassing);
    }

    [Fact]
    public void Read_VersionOneSummary_DropsTheSchoolCountWhereTheProfileHasNoSchoolRule()
    {
        // What the hand-written writer stored before: version 1, a count for every profile.
        const string v1 = """
            {"schemaVersion":1,"county":{"code":"130102","name":"长安区"},"schoolYear":2024,"profile":"basic-2012","sha256":null,
            "levels":{"primary":{"units":2,"pupils":420,"status":"pass","schoolsPassing":2,"indicators":[{"id":"books_per_pupil","cv":0.1,"threshold":null}],"compositeCv":0.3,"compositeThreshold":0.65},
            "junior":{"units":1,"pupils":400,"status":"pass","schoolsPassing":1,"indicators":[],"compositeCv":null,"compositeThreshold":0.55}},
            "checks":[{"id":"class_size","status":"not_assessed"}],"overall":{"status":"pass"}}
            """;
        using var doc = JsonDocument.Parse(v1);

        var s = SummaryJson.Read(doc.RootElement);

        Assert.Null(s.Primary.SchoolsPassing);
        Assert.Equal((0.3, 0.65), (s.Primary.CompositeCv, s.Primary.CompositeThreshold));
        Assert.Equal(((double?)null, 0.55), (s.Junior.CompositeCv, s.Junior.CompositeThreshold));
        Assert.Equal([("class_size", Status.NotAssessed)], s.Checks);
    }

    [Theory]
    [InlineData("""{"schemaVersion":2,"county":{"code":"1","name":"x"},"schoolYear":2024,"profile":"p","levels":{"primary":{"units":0,"pupils":0,"status":"passed","schoolsPassing":0,"indicators":[]},"junior":{"units":0,"pupils":0,"status":"pass","schoolsPassing":0,"indicators":[]}},"checks":[],"overall":{"status":"pass"}}""")]
    [InlineData("""{"schemaVersion":2,"schoolYear":2024,"profile":"p","levels":{"primary":{"units":0,"pupils":0,"status":"pass","schoolsPassing":0,"indicators":[]},"junior":{"units":0,"pupils":0,"status":"pass","schoolsPassing":0,"indicators":[]}},"checks":[],"overall":{"status":"pass"}}""")]
    [InlineData("""{"schemaVersion":2,"county":{"code":"1","name":null},"schoolYear":2024,"profile":"p","levels":{"primary":{"units":0,"pupils":0,"status":"pass","schoolsPassing":0,"indicators":[]},"junior":{"units":0,"pupils":0,"status":"pass","schoolsPassing":0,"indicators":[]}},"checks":[],"overall":{"status":"pass"}}""")]
    public void Read_UnknownStatusMissingPartOrNullName_IsAJsonException(string json)
    {
        // An unknown status key ("passed"), no county at all, a null county name.
        using var doc = JsonDocument.Parse(json);
        Assert.ThrowsAny<JsonException>(() => SummaryJson.Read(doc.RootElement));
    }
}
