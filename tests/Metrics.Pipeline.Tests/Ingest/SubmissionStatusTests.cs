using System.Text;
using Metrics.Core.Model;
using Metrics.Pipeline.Ingest;

namespace Metrics.Pipeline.Tests.Ingest;

/// <summary>The status document: one vocabulary for its state and for the scorecard's overall status.</summary>
public class SubmissionStatusTests
{
    [Fact]
    public void States_EveryStateHasOneKey_AndReadsBack()
    {
        Assert.Equal(Enum.GetValues<SubmissionState>(), SubmissionStatus.States.Rows.Select(r => r.Value));
        Assert.Equal(["none", "processing", "accepted", "rejected", "failed"], Enum.GetValues<SubmissionState>().Select(SubmissionStatus.Name));
        Assert.All(Enum.GetValues<SubmissionState>(), s => Assert.Equal(s, SubmissionStatus.Parse(SubmissionStatus.Name(s))));
        Assert.Equal(SubmissionState.None, SubmissionStatus.Parse("Accepted"));
        Assert.Equal(SubmissionState.None, SubmissionStatus.Parse(null));
    }

    [Fact]
    public void Serialize_Accepted_WritesTheOverallStatusByItsContractKey_AndParsesItBack()
    {
        var at = new DateTimeOffset(2025, 3, 1, 8, 15, 2, 412, TimeSpan.Zero);
        var status = new SubmissionStatus(SubmissionState.Accepted, 2024, "130102", "长安区", "submissions/2024/130102/a.xlsx", "ab", at, Status.NotAssessed, []);

        var bytes = StatusStore.Serialize(status);
        var json = Encoding.UTF8.GetString(bytes);
        var back = StatusStore.Parse(bytes);

        Assert.Contains("\"overall\": \"not_assessed\"", json, StringComparison.Ordinal);
        Assert.Contains("\"updatedUtc\": \"2025-03-01T08:15:02.412Z\"", json, StringComparison.Ordinal);
        Assert.Equal(status with { Issues = back.Issues }, back);
    }

    [Fact]
    public void Parse_UnknownOverall_IsNull()
    {
        var json = """{"state":"accepted","year":2024,"county":"130102","issues":[],"updatedUtc":"2026-01-01T00:00:00Z","overall":"great"}""";

        var back = StatusStore.Parse(Encoding.UTF8.GetBytes(json));

        Assert.Equal((SubmissionState.Accepted, (Status?)null), (back.State, back.Overall));
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), back.UpdatedUtc);
    }
}
