using System.Globalization;
using System.Text;
using System.Text.Json;
using Metrics.Core.Rollup;
using Metrics.Reports.Tests.Builders;

namespace Metrics.Reports.Tests;

public class RollupJsonTests
{
    [Fact]
    public void Serialize_SameRollup_GivesIdenticalBytes()
    {
        var first = RollupJson.Serialize(Rollups.Sample());
        var previous = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo("de-DE");
            Assert.Equal(first, RollupJson.Serialize(Rollups.Sample()));
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public void Serialize_RowsInAnyOrder_GiveIdenticalBytes()
    {
        var sample = Rollups.Sample();
        var reversed = sample with { Rows = sample.Rows.Reverse().ToArray() };

        Assert.Equal(RollupJson.Serialize(sample), RollupJson.Serialize(reversed));
    }

    [Fact]
    public void Serialize_MissingCounty_IsPresentWithMissingTrueAndNoRank()
    {
        using var doc = JsonDocument.Parse(RollupJson.Serialize(Rollups.Sample()));
        var rows = doc.RootElement.GetProperty("rows").EnumerateArray().ToArray();
        var missing = rows.Single(r => r.GetProperty("code").GetString() == "130107");

        Assert.Equal(4, rows.Length);
        Assert.True(missing.GetProperty("missing").GetBoolean());
        Assert.Equal("井陉矿区", missing.GetProperty("name").GetString());
        Assert.Equal(JsonValueKind.Null, missing.GetProperty("rank").ValueKind);
        Assert.Equal(JsonValueKind.Null, missing.GetProperty("score").ValueKind);
        Assert.Equal(JsonValueKind.Null, missing.GetProperty("overall").ValueKind);
        Assert.Equal(JsonValueKind.Null, missing.GetProperty("levels").GetProperty("primary").ValueKind);
        Assert.Equal(3, missing.GetProperty("previous").GetProperty("rank").GetInt32());
        Assert.Equal(1, doc.RootElement.GetProperty("missing").GetInt32());
    }

    [Fact]
    public void Serialize_FollowsTheContract_WithFullPrecisionAndNulls()
    {
        var sample = Rollups.Sample();
        using var doc = JsonDocument.Parse(RollupJson.Serialize(sample));
        var root = doc.RootElement;

        Assert.Equal(
            ["schemaVersion", "year", "previousYear", "counties", "passing", "failing", "missing", "rejected", "processing", "passingByDimension", "rows", "prefectures"],
            root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(2024, root.GetProperty("year").GetInt32());
        Assert.Equal(2023, root.GetProperty("previousYear").GetInt32());
        Assert.Equal(3, root.GetProperty("passingByDimension").GetProperty("vetoes").GetInt32());
        // Rows in ordinal order of code.
        Assert.Equal(["130102", "130104", "130105", "130107"], root.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("code").GetString()));

        var first = root.GetProperty("rows")[0];
        Assert.Equal(0.0812345678901, first.GetProperty("score").GetDouble());
        Assert.Equal(1, first.GetProperty("rank").GetInt32());
        Assert.Equal("pass", first.GetProperty("overall").GetString());
        Assert.Equal("quality-2017", first.GetProperty("profile").GetString());
        Assert.Equal("pass", first.GetProperty("dimensions").GetProperty("resourcesPrimary").GetString());
        var primary = first.GetProperty("levels").GetProperty("primary");
        var expected = sample.Rows[0].Card!.Primary.Cvs["multimedia_rooms_per100"]!.Value;
        Assert.Equal(expected, primary.GetProperty("cvs").GetProperty("multimedia_rooms_per100").GetDouble());
        Assert.Equal(JsonValueKind.Null, primary.GetProperty("cvs").GetProperty("key_teachers_per100").ValueKind);
        Assert.Equal(JsonValueKind.Null, primary.GetProperty("compositeCv").ValueKind);
        var change = first.GetProperty("previous");
        Assert.Equal(1, change.GetProperty("rankDelta").GetInt32());
        Assert.Equal(0.0812345678901 - 0.0934, change.GetProperty("scoreDelta").GetDouble());
        Assert.Equal(-0.0213, change.GetProperty("cvDeltas").GetProperty("primary:multimedia_rooms_per100").GetDouble());

        var basic = root.GetProperty("rows")[1];
        Assert.Equal(sample.Rows[1].Card!.Junior.CompositeCv!.Value, basic.GetProperty("levels").GetProperty("junior").GetProperty("compositeCv").GetDouble());
        Assert.Equal("not_assessed", basic.GetProperty("dimensions").GetProperty("checks").GetString());
        Assert.Equal(JsonValueKind.Null, basic.GetProperty("previous").ValueKind);
    }

    [Fact]
    public void Serialize_ScriptInCountyName_RoundTripsWithoutRawAngleBrackets()
    {
        var bytes = RollupJson.Serialize(Rollups.Sample());
        using var doc = JsonDocument.Parse(bytes);

        Assert.DoesNotContain("<script>", Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
        Assert.Contains("长安区", Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
        Assert.Contains(doc.RootElement.GetProperty("rows").EnumerateArray(), r => r.GetProperty("name").GetString() == Cards.ScriptName);
    }

    [Fact]
    public void Serialize_NoPreviousYear_WritesNull()
    {
        using var doc = JsonDocument.Parse(RollupJson.Serialize(Rollups.Many(3)));

        Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("previousYear").ValueKind);
        Assert.Equal(0, doc.RootElement.GetProperty("passingByDimension").GetProperty(nameof(Dimension.Checks).ToLowerInvariant()).GetInt32());
    }
}
