using System.Globalization;
using System.Text;
using System.Text.Json;
using Metrics.Core.Json;
using Metrics.Core.Model;
using Metrics.Core.Profiles;
using Metrics.Core.Scoring;
using Metrics.TestSupport;

namespace Metrics.Core.Tests.Json;

public class ScorecardJsonTests
{
    private static Scorecard Card(string? profile = null) => CountyScorer.Score(
        Schools.Submission(
            Schools.Primary("A", 120) with { MultimediaRooms = 3 },
            Schools.Primary("B", 300) with { MultimediaRooms = 6 },
            Schools.Primary("C", 580) with { MultimediaRooms = 16 },
            Schools.Junior("J", 700) with { StaffJunior = new SectionStaff(50, 40, 0, 8, 20) }),
        ProfileCatalog.Default.Get(profile),
        new SubmissionRef(new string('a', 64), new DateTimeOffset(2025, 3, 1, 8, 30, 0, TimeSpan.Zero)));

    [Fact]
    public void Serialize_SameScorecard_GivesIdenticalBytesInAnyCulture()
    {
        var invariant = ScorecardJson.Serialize(Card());
        var previous = CultureInfo.CurrentCulture;
        try
        {
            // Decimal comma cultures must not leak into the numbers.
            CultureInfo.CurrentCulture = new CultureInfo("de-DE");
            Assert.Equal(invariant, ScorecardJson.Serialize(Card()));
            CultureInfo.CurrentCulture = new CultureInfo("zh-CN");
            Assert.Equal(invariant, ScorecardJson.Serialize(Card()));
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public void Serialize_FollowsTheContract_WithFullPrecisionAndNulls()
    {
        using var doc = JsonDocument.Parse(ScorecardJson.Serialize(Card()));
        var root = doc.RootElement;

        Assert.Equal(1, root.GetProperty("schemaVersion").GetInt32());
        Assert.Equal("130102", root.GetProperty("county").GetProperty("code").GetString());
        Assert.Equal("长安区", root.GetProperty("county").GetProperty("name").GetString());
        Assert.Equal(2024, root.GetProperty("schoolYear").GetInt32());
        Assert.Equal("quality-2017", root.GetProperty("profile").GetString());
        Assert.Equal("2025-03-01T08:30:00.000Z", root.GetProperty("submission").GetProperty("receivedUtc").GetString());

        var primary = root.GetProperty("levels").GetProperty("primary");
        Assert.Equal(3, primary.GetProperty("units").GetInt32());
        Assert.Equal(1000, primary.GetProperty("pupils").GetInt32());
        var mm = primary.GetProperty("indicators").EnumerateArray().Single(i => i.GetProperty("id").GetString() == "multimedia_rooms_per100");
        // Full precision: the number round-trips to the same double the scorer computed.
        var expectedCv = Card().Primary.Indicators.Single(i => i.Id == "multimedia_rooms_per100").Cv!.Value;
        Assert.Equal(expectedCv, mm.GetProperty("cv").GetDouble());
        Assert.Equal(0.134933, mm.GetProperty("cv").GetDouble(), 6);
        Assert.Equal("pass", mm.GetProperty("status").GetString());
        Assert.False(mm.GetProperty("borderline").GetBoolean());
        foreach (var measure in new[] { "gini", "theilT", "theilWithin", "theilBetween", "mld", "mcloone", "verstegen", "federalRangeRatio", "maxMinRatio" })
        {
            Assert.True(mm.GetProperty("equity").TryGetProperty(measure, out _), measure);
        }

        Assert.False(primary.TryGetProperty("compositeCv", out _));
        var school = primary.GetProperty("schools")[1];
        Assert.Equal("B", school.GetProperty("code").GetString());
        Assert.Equal("primary", school.GetProperty("section").GetString());
        Assert.Equal(6, school.GetProperty("met").GetInt32());
        Assert.Equal("pass", school.GetProperty("status").GetString());
        Assert.Equal(1, school.GetProperty("shortfalls").GetProperty("multimedia_rooms_per100").GetDouble());

        // The junior school has no key teacher: mean 0 → CV undefined → null, status "undefined".
        var key = root.GetProperty("levels").GetProperty("junior").GetProperty("indicators").EnumerateArray().Single(i => i.GetProperty("id").GetString() == "key_teachers_per100");
        Assert.Equal(JsonValueKind.Null, key.GetProperty("cv").ValueKind);
        Assert.Equal("undefined", key.GetProperty("status").GetString());

        var checks = root.GetProperty("checks").EnumerateArray().ToArray();
        Assert.Contains(checks, c => c.GetProperty("id").GetString() == "teacher_pay" && c.GetProperty("status").GetString() == "not_assessed" && c.GetProperty("value").ValueKind == JsonValueKind.Null);
        Assert.Equal("fail", root.GetProperty("overall").GetProperty("status").GetString());
        Assert.Contains("resources_junior", root.GetProperty("overall").GetProperty("failedChecks").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public void Serialize_Basic2012_CarriesTheComposite()
    {
        using var doc = JsonDocument.Parse(ScorecardJson.Serialize(Card("basic-2012")));
        var primary = doc.RootElement.GetProperty("levels").GetProperty("primary");

        Assert.Equal(0.65, primary.GetProperty("compositeThreshold").GetDouble());
        Assert.Equal(JsonValueKind.Number, primary.GetProperty("compositeCv").ValueKind);
        Assert.Equal(JsonValueKind.Null, primary.GetProperty("indicators")[0].GetProperty("threshold").ValueKind);
    }

    [Fact]
    public void Serialize_EscapesNothingChineseButEverythingDangerous()
    {
        var card = Card() with { CountyName = "<script>长安</script>" };
        var text = Encoding.UTF8.GetString(ScorecardJson.Serialize(card));

        Assert.Contains("长安", text);
        Assert.DoesNotContain("<script>", text);
    }
}
