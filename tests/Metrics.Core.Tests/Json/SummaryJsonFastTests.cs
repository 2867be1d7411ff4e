using System.Globalization;
using System.Text;
using System.Text.Json;
using Metrics.Core.Json;
using Metrics.Core.Profiles;
using Metrics.Core.Rollup;
using Metrics.Core.Scoring;
using Metrics.TestSupport;

namespace Metrics.Core.Tests.Json;

/// <summary>
/// The rollup's one-pass summary reader: for every stored summary it gives exactly what the general
/// (System.Text.Json) reader gives, and for anything else it gives null so the general reader decides.
/// </summary>
public class SummaryJsonFastTests
{
    private const string V1Basic = """
        {"schemaVersion":1,"county":{"code":"130102","name":"长安区"},"schoolYear":2024,"profile":"basic-2012","sha256":null,
        "levels":{"primary":{"units":2,"pupils":420,"status":"pass","schoolsPassing":2,"indicators":[{"id":"books_per_pupil","cv":0.1,"threshold":null}],"compositeCv":0.3,"compositeThreshold":0.65},
        "junior":{"units":1,"pupils":400,"status":"pass","schoolsPassing":1,"indicators":[],"compositeCv":null,"compositeThreshold":0.55}},
        "checks":[{"id":"class_size","status":"not_assessed"}],"overall":{"status":"pass"}}
        """;

    private const string Valid = """{"schemaVersion":2,"county":{"code":"1","name":"x"},"schoolYear":2024,"profile":"p","levels":{"primary":{"units":0,"pupils":0,"status":"pass","schoolsPassing":0,"indicators":[]},"junior":{"units":0,"pupils":0,"status":"pass","schoolsPassing":0,"indicators":[]}},"checks":[],"overall":{"status":"pass"}}""";

    public static TheoryData<string> Profiles => ["quality-2017", "basic-2012"];

    [Theory]
    [MemberData(nameof(Profiles))]
    public void ScoredCounty_ReadsAsTheGeneralReaderReadsIt(string profileId)
    {
        // A real scorecard of each profile: quality-2017 decides by indicator (thresholds), basic-2012 by the composite.
        var submission = Schools.Submission(Schools.Primary("A", 120), Schools.Primary("B", 300), Schools.Primary("C", 650), Schools.Junior("J", 400), Schools.Junior("K", 900));
        var card = CountyScorer.Score(submission, ProfileCatalog.Default.Get(profileId)) with { Submission = new SubmissionRef("ab12", DateTimeOffset.UnixEpoch) };
        var bytes = SummaryJson.Serialize(ScorecardSummary.From(card));

        var fast = SummaryJson.TryReadFast(bytes);

        Assert.NotNull(fast);
        Assert.Equal(Describe(General(bytes)), Describe(fast));
        Assert.Equal("ab12", fast.Sha256);
    }

    [Fact]
    public void VersionOne_DropsTheSchoolCountUnderBasic2012_AsTheGeneralReaderDoes()
    {
        var bytes = Encoding.UTF8.GetBytes(V1Basic);

        var fast = SummaryJson.TryReadFast(bytes);

        Assert.NotNull(fast);
        Assert.Equal(Describe(General(bytes)), Describe(fast));
        // basic-2012 has no per-school rule: the stored counts 2 and 1 mean nothing and are dropped.
        Assert.Equal(((int?)null, (int?)null), (fast.Primary.SchoolsPassing, fast.Junior.SchoolsPassing));
        Assert.Equal((0.3, 0.65, (double?)null, 0.55), (fast.Primary.CompositeCv, fast.Primary.CompositeThreshold, fast.Junior.CompositeCv, fast.Junior.CompositeThreshold));
    }

    [Fact]
    public void VersionOneScorecardHash_UnderSubmission_IsKept()
    {
        var bytes = Encoding.UTF8.GetBytes(Valid.Replace("\"schemaVersion\":2", "\"schemaVersion\":1,\"submission\":{\"sha256\":\"cd34\"}", StringComparison.Ordinal));

        Assert.Equal("cd34", SummaryJson.TryReadFast(bytes)?.Sha256);
        Assert.Equal("cd34", General(bytes).Sha256);
    }

    [Fact]
    public void CountyDataFile_IsLeftToTheGeneralReader_WhichStillReadsIt()
    {
        var submission = Schools.Submission(Schools.Primary("A", 120), Schools.Primary("B", 300), Schools.Junior("J", 400));
        var card = CountyScorer.Score(submission, ProfileCatalog.Default.Get("quality-2017"));
        var data = CountyDataJson.Serialize(submission, card);

        Assert.Null(SummaryJson.TryReadFast(data));
        Assert.Equal(Describe(ScorecardSummary.From(card)), Describe(CountyDataJson.ReadSummary(data)));
    }

    [Theory]
    [InlineData("\"status\":\"pass\",\"schoolsPassing\"", "\"status\":\"passed\",\"schoolsPassing\"")] // unknown status key
    [InlineData("\"checks\":[],", "")] // a required part missing
    [InlineData("\"name\":\"x\"", "\"name\":null")] // null where a string is required
    [InlineData("\"units\":0,\"pupils\":0,\"status\":\"pass\",\"schoolsPassing\":0,\"indicators\":[]},\"junior\"", "\"units\":0.5,\"pupils\":0,\"status\":\"pass\",\"schoolsPassing\":0,\"indicators\":[]},\"junior\"")] // not a whole number
    [InlineData("\"schoolYear\":2024,", "\"schoolYear\":2024,\"schoolYear\":2025,")] // a property twice
    [InlineData("\"checks\":[]", "\"checks\":[{\"id\":\"class_size\"}]")] // a check without its status
    public void NotExactlyASummary_GivesNull_AndTheGeneralReaderDecides(string part, string replacement)
    {
        var json = Valid.Replace(part, replacement, StringComparison.Ordinal);
        Assert.NotEqual(Valid, json);

        Assert.Null(SummaryJson.TryReadFast(Encoding.UTF8.GetBytes(json)));
        Assert.NotNull(SummaryJson.TryReadFast(Encoding.UTF8.GetBytes(Valid)));
    }

    [Fact]
    public void UnknownProperty_GivesNull_AndReadSummaryStillReadsTheDocument()
    {
        // The general reader ignores properties it does not know; the fast one leaves such a document to it.
        var bytes = Encoding.UTF8.GetBytes(Valid.Replace("\"profile\":\"p\"", "\"profile\":\"p\",\"note\":[1,2]", StringComparison.Ordinal));

        Assert.Null(SummaryJson.TryReadFast(bytes));
        Assert.Equal("p", CountyDataJson.ReadSummary(bytes).Profile);
    }

    [Fact]
    public void IdsRepeatedAcrossSummaries_AreOneString()
    {
        var bytes = Encoding.UTF8.GetBytes(V1Basic);

        var a = SummaryJson.TryReadFast(bytes)!;
        var b = SummaryJson.TryReadFast(bytes)!;

        Assert.Same(a.Profile, b.Profile);
        Assert.Same(a.Primary.Cvs.Keys.Single(), b.Primary.Cvs.Keys.Single());
        Assert.Same(a.Checks[0].Id, b.Checks[0].Id);
    }

    private static ScorecardSummary General(byte[] bytes)
    {
        using var doc = JsonDocument.Parse(bytes);
        return SummaryJson.Read(doc.RootElement);
    }

    /// <summary>Everything a summary holds, in order (dictionaries in their enumeration order, numbers round-trip).</summary>
    private static string Describe(ScorecardSummary s)
    {
        var b = new StringBuilder();
        b.Append(CultureInfo.InvariantCulture, $"{s.CountyCode}|{s.CountyName}|{s.SchoolYear}|{s.Profile}|{s.Overall}|{s.Sha256}\n");
        foreach (var l in new[] { s.Primary, s.Junior })
        {
            b.Append(CultureInfo.InvariantCulture, $"{l.Status}|{l.Units}|{l.Pupils}|{l.SchoolsPassing}|{R(l.CompositeCv)}|{R(l.CompositeThreshold)}\n");
            b.AppendJoin(',', l.Cvs.Select(kv => kv.Key + "=" + R(kv.Value))).Append('\n');
            b.AppendJoin(',', l.Thresholds.Select(kv => kv.Key + "=" + R(kv.Value))).Append('\n');
            b.AppendJoin(',', l.Means.Select(kv => kv.Key + "=" + R(kv.Value))).Append('\n');
        }

        b.AppendJoin(',', s.Checks.Select(c => c.Id + "=" + c.Status));
        return b.ToString();
    }

    private static string R(double? v) => v?.ToString("R", CultureInfo.InvariantCulture) ?? "null";
}
