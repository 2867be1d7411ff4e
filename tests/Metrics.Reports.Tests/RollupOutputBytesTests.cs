using System.Text;
using Metrics.Core.Json;
using Metrics.Reports.Tests.Builders;

namespace Metrics.Reports.Tests;

/// <summary>
/// The rollup's byte outputs made without intermediate copies equal what the plain paths give:
/// the page encoded chunk by chunk from its builder, and the JSON written into a buffer sized once.
/// </summary>
public class RollupOutputBytesTests
{
    [Fact]
    public void RenderUtf8_EqualsTheRenderedPageEncoded_EvenWithSurrogatePairsAcrossChunks()
    {
        // 400 counties named with 40 × 𠮷 (U+20BB7, two UTF-16 units, four UTF-8 bytes): the page's
        // builder chunks end at arbitrary characters, so some end between the two halves of a pair,
        // where encoding each chunk on its own would write replacement characters.
        var many = Rollups.Many(400);
        var rollup = many with { Rows = [.. many.Rows.Select(r => r with { Name = string.Concat(Enumerable.Repeat("𠮷", 40)) + r.Name })] };

        var expected = Encoding.UTF8.GetBytes(HtmlRollup.Render(rollup));

        Assert.Equal(expected, HtmlRollup.RenderUtf8(rollup).ToArray());
        Assert.Equal(Encoding.UTF8.GetBytes(HtmlRollup.Render(Rollups.Sample())), HtmlRollup.RenderUtf8(Rollups.Sample()).ToArray());
    }

    [Fact]
    public void Scorecard_RenderUtf8_EqualsTheRenderedPageEncoded()
    {
        // Every school named with 𠮷 (a surrogate pair) so that builder chunks end inside pairs too.
        var input = Cards.RealisticSubmission();
        var named = input with { Schools = [.. input.Schools.Select(s => s with { Name = string.Concat(Enumerable.Repeat("𠮷", 60)) + s.Name })] };
        foreach (var card in new[] { Cards.Realistic(), Cards.Small("basic-2012"), Metrics.Core.Scoring.CountyScorer.Score(named, Metrics.Core.Profiles.ProfileCatalog.Default.Get(null), Cards.Source) })
        {
            Assert.Equal(Encoding.UTF8.GetBytes(HtmlScorecard.Render(card)), HtmlScorecard.RenderUtf8(card));
        }
    }

    [Fact]
    public void SerializeToMemory_EqualsTheSharedJsonWriter()
    {
        foreach (var rollup in new[] { Rollups.Sample(), Rollups.Many(300) })
        {
            var shared = JsonOutput.Write(w => RollupJson.Write(w, rollup));

            Assert.Equal(shared, RollupJson.SerializeToMemory(rollup).ToArray());
            Assert.Equal(shared, RollupJson.Serialize(rollup));
        }
    }
}
