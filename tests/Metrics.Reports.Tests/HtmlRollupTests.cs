using System.Globalization;
using System.Text.Json;
using AngleSharp.Html.Parser;
using Metrics.Reports.Tests.Builders;

namespace Metrics.Reports.Tests;

public class HtmlRollupTests
{
    [Fact]
    public void Render_CountyNames_AreEscaped()
    {
        var html = HtmlRollup.Render(Rollups.Sample());
        var doc = new HtmlParser().ParseDocument(html);

        Assert.Empty(doc.QuerySelectorAll("script"));
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html, StringComparison.Ordinal);
        Assert.Contains(doc.QuerySelectorAll("#counties td"), td => td.TextContent == Cards.ScriptName);
    }

    [Fact]
    public void Render_MissingCounty_IsListedGreyedWithoutRank()
    {
        var doc = new HtmlParser().ParseDocument(HtmlRollup.Render(Rollups.Sample()));
        var row = doc.QuerySelectorAll("#counties tbody tr").Single(tr => tr.TextContent.Contains("井陉矿区", StringComparison.Ordinal));

        Assert.Contains("missing", row.ClassList);
        var rank = row.QuerySelector("[data-key='rows.130107.rank']")!;
        Assert.Equal(string.Empty, rank.GetAttribute("data-value"));
        Assert.Equal("—", rank.TextContent);
        Assert.Contains("缺报", row.TextContent, StringComparison.Ordinal);
        // Listed last, after the ranked counties.
        Assert.Same(row, doc.QuerySelectorAll("#counties tbody tr").Last());
    }

    [Fact]
    public void Render_Numbers_EqualTheRollupJson()
    {
        var rollup = Rollups.Sample();
        var doc = new HtmlParser().ParseDocument(HtmlRollup.Render(rollup));
        var byKey = doc.QuerySelectorAll("[data-key]").GroupBy(e => e.GetAttribute("data-key")!).ToDictionary(g => g.Key, g => g.First());
        using var json = JsonDocument.Parse(RollupJson.Serialize(rollup));
        var compared = 0;

        foreach (var name in new[] { "counties", "passing", "failing", "missing" })
        {
            Same(name, json.RootElement.GetProperty(name));
        }

        foreach (var row in json.RootElement.GetProperty("rows").EnumerateArray())
        {
            var k = "rows." + row.GetProperty("code").GetString();
            Same(k + ".rank", row.GetProperty("rank"));
            Same(k + ".score", row.GetProperty("score"), 3);
            if (row.GetProperty("overall").ValueKind != JsonValueKind.Null)
            {
                Same(k + ".overall", row.GetProperty("overall"));
            }

            foreach (var d in row.GetProperty("dimensions").EnumerateObject())
            {
                Same(k + ".dimensions." + d.Name, d.Value);
            }

            if (row.GetProperty("previous") is { ValueKind: JsonValueKind.Object } p)
            {
                Same(k + ".previous.rank", p.GetProperty("rank"));
                Same(k + ".previous.score", p.GetProperty("score"), 3);
                Same(k + ".previous.rankDelta", p.GetProperty("rankDelta"));
                Same(k + ".previous.scoreDelta", p.GetProperty("scoreDelta"));
            }

            foreach (var level in row.GetProperty("levels").EnumerateObject().Where(l => l.Value.ValueKind == JsonValueKind.Object))
            {
                foreach (var cv in level.Value.GetProperty("cvs").EnumerateObject())
                {
                    Same(k + ".levels." + level.Name + ".cvs." + cv.Name, cv.Value, 3);
                }

                if (level.Value.GetProperty("compositeCv").ValueKind == JsonValueKind.Number)
                {
                    Same(k + ".levels." + level.Name + ".compositeCv", level.Value.GetProperty("compositeCv"), 3);
                }
            }
        }

        Assert.True(compared > 60, compared.ToString(CultureInfo.InvariantCulture));

        void Same(string key, JsonElement value, int? decimals = null)
        {
            Assert.True(byKey.TryGetValue(key, out var el), "no element with data-key " + key);
            var dv = el!.GetAttribute("data-value")!;
            switch (value.ValueKind)
            {
                case JsonValueKind.Number:
                    Assert.Equal(value.GetDouble(), double.Parse(dv, CultureInfo.InvariantCulture));
                    if (decimals is { } d)
                    {
                        Assert.Equal(HtmlScorecardTests.Rounded(value.GetDouble(), d), el.TextContent);
                    }

                    break;
                case JsonValueKind.Null:
                    Assert.Equal(string.Empty, dv);
                    break;
                default:
                    Assert.Equal(value.GetString(), dv);
                    break;
            }

            compared++;
        }
    }

    [Fact]
    public void Render_FewCounties_DrawOneScoreBarEach()
    {
        var doc = new HtmlParser().ParseDocument(HtmlRollup.Render(Rollups.Sample()));

        Assert.Equal(3, doc.QuerySelectorAll("#chart svg rect.score").Length);
    }

    [Fact]
    public void Render_ManyCounties_DrawAHistogramOfScores()
    {
        var doc = new HtmlParser().ParseDocument(HtmlRollup.Render(Rollups.Many(120)));

        Assert.Empty(doc.QuerySelectorAll("#chart svg rect.score"));
        Assert.Equal(20, doc.QuerySelectorAll("#chart svg rect.bin").Length);
        Assert.Equal(120, doc.QuerySelectorAll("#counties tbody tr").Length);
    }

    [Fact]
    public void Render_Page_IsSelfContained()
    {
        var doc = new HtmlParser().ParseDocument(HtmlRollup.Render(Rollups.Sample()));

        Assert.Equal("zh-CN", doc.DocumentElement.GetAttribute("lang"));
        Assert.Empty(doc.QuerySelectorAll("link, img, iframe, script"));
        Assert.DoesNotContain(doc.All, e => e.HasAttribute("src") || e.HasAttribute("href"));
        Assert.Contains("@page{size:A4 landscape", doc.QuerySelector("style")!.TextContent, StringComparison.Ordinal);
    }
}
