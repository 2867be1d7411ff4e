using System.Text.Json;
using Metrics.Cli.Commands;
using Metrics.Samples;

namespace Metrics.Cli.Tests;

/// <summary>The demo: two years that differ as real years do, said step by step, and a re-run that changes nothing.</summary>
public sealed class DemoTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("metrics-demo-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Fact]
    public async Task Demo_SecondYearShowsChange_ANewAndAMissingCounty_AndARerunAddsNothing()
    {
        var first = new SampleOptions { Counties = 4, Seed = 3, Year = 2023, WithErrors = true, MinSchools = 12, MaxSchools = 30 };
        using var output = new StringWriter();

        await DemoCommand.RunAsync(root, first, new LineProgress(output), default);

        var text = output.ToString();
        foreach (var step in new[] { "[1] Sample workbooks for 2023", "[2] Sample workbooks for 2024", "[3] Ingesting", "[4] Yearly rollups", "[5] Importing a county's education-statistics export" })
        {
            Assert.Contains(step, text, StringComparison.Ordinal);
        }

        var code = SampleGenerator.County(0, first).Submission.County.Code;
        Assert.True(File.Exists(Path.Combine(root, "imported", code + ".xlsx")));

        var dropped = SampleGenerator.County(3, first).Submission.County.Code;
        var joined = SampleGenerator.County(4, first).Submission.County.Code;
        using var rollup = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(root, "rollups", "2024", "rollup.json")));
        var rows = rollup.RootElement.GetProperty("rows").EnumerateArray().ToDictionary(r => r.GetProperty("code").GetString()!);
        Assert.Equal("missing", rows[dropped].GetProperty("state").GetString());
        Assert.Equal(JsonValueKind.Null, rows[joined].GetProperty("previous").ValueKind);
        // Before, the second year was the first with another year number: every change was 0.
        var deltas = rows.Values
            .Where(r => r.GetProperty("previous").ValueKind == JsonValueKind.Object && r.GetProperty("previous").GetProperty("scoreDelta").ValueKind == JsonValueKind.Number)
            .Select(r => r.GetProperty("previous").GetProperty("scoreDelta").GetDouble())
            .ToArray();
        Assert.Contains(deltas, d => Math.Abs(d) > 1e-6);

        var history = Directory.GetDirectories(Path.Combine(root, "reports"), "history", SearchOption.AllDirectories).Sum(h => Directory.GetDirectories(h).Length);
        using var again = new StringWriter();
        await DemoCommand.RunAsync(root, first, new LineProgress(again), default);
        Assert.Equal(history, Directory.GetDirectories(Path.Combine(root, "reports"), "history", SearchOption.AllDirectories).Sum(h => Directory.GetDirectories(h).Length));
    }
}
