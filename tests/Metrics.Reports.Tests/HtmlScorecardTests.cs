using System.Globalization;
using System.Text.Json;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Metrics.Core.Json;
using Metrics.Reports.Tests.Builders;

namespace Metrics.Reports.Tests;

public class HtmlScorecardTests
{
    private static IHtmlDocument Parse(string html) => new HtmlParser().ParseDocument(html);

    [Theory]
    [InlineData("quality-2017")]
    [InlineData("basic-2012")]
    public void Render_EveryNumberAndStatus_EqualsTheScorecardJson(string profile)
    {
        var card = Cards.Realistic(profile);
        var doc = Parse(HtmlScorecard.Render(card));
        var byKey = doc.QuerySelectorAll("[data-key]")
            .GroupBy(e => e.GetAttribute("data-key")!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        using var json = JsonDocument.Parse(ScorecardJson.Serialize(card));
        var root = json.RootElement;
        var compared = 0;

        Expect("overall.status", root.GetProperty("overall").GetProperty("status"), null);
        foreach (var level in root.GetProperty("levels").EnumerateObject())
        {
            var lk = level.Name;
            var l = level.Value;
            Expect(lk + ".status", l.GetProperty("status"), null);
            Expect(lk + ".units", l.GetProperty("units"), null);
            Expect(lk + ".pupils", l.GetProperty("pupils"), null);
            foreach (var ind in l.GetProperty("indicators").EnumerateArray())
            {
                var id = ind.GetProperty("id").GetString()!;
                var key = lk + "." + id;
                var d = DecimalsOf(id);
                Expect(key + ".mean", ind.GetProperty("mean"), d);
                Expect(key + ".cv", ind.GetProperty("cv"), 3);
                Expect(key + ".threshold", ind.GetProperty("threshold"), 2);
                Expect(key + ".standard", ind.GetProperty("standard"), d);
                Expect(key + ".status", ind.GetProperty("status"), null);
                Expect(key + ".borderline", ind.GetProperty("borderline"), null);
                foreach (var e in ind.GetProperty("equity").EnumerateObject())
                {
                    Expect(key + ".equity." + e.Name, e.Value, 4);
                }
            }

            if (l.TryGetProperty("compositeCv", out var composite))
            {
                Expect(lk + ".compositeCv", composite, 3);
                Expect(lk + ".compositeThreshold", l.GetProperty("compositeThreshold"), 2);
                Expect(lk + ".compositeStatus", l.GetProperty("compositeStatus"), null);
                Expect(lk + ".compositeBorderline", l.GetProperty("compositeBorderline"), null);
            }

            foreach (var s in l.GetProperty("schools").EnumerateArray())
            {
                var sk = lk + ".schools." + s.GetProperty("code").GetString();
                Expect(sk + ".status", s.GetProperty("status"), null);
                Expect(sk + ".pupils", s.GetProperty("pupils"), null);
                if (s.GetProperty("status").ValueKind != JsonValueKind.Null)
                {
                    Expect(sk + ".met", s.GetProperty("met"), 0);
                }

                foreach (var v in s.GetProperty("values").EnumerateObject())
                {
                    Expect(sk + ".values." + v.Name, v.Value, DecimalsOf(v.Name));
                }

                foreach (var v in s.GetProperty("shortfalls").EnumerateObject())
                {
                    Expect(sk + ".shortfalls." + v.Name, v.Value, null);
                }
            }
        }

        foreach (var check in root.GetProperty("checks").EnumerateArray())
        {
            ExpectCheck("checks." + check.GetProperty("id").GetString(), check);
        }

        // Indicators, equity, schools and checks of both levels: well over a hundred numbers.
        Assert.True(compared > 200, Inv($"only {compared} values compared"));

        void ExpectCheck(string key, JsonElement check)
        {
            Expect(key + ".value", check.GetProperty("value"), null);
            Expect(key + ".threshold", check.GetProperty("threshold"), null);
            Expect(key + ".status", check.GetProperty("status"), null);
            if (check.TryGetProperty("parts", out var parts))
            {
                foreach (var part in parts.EnumerateArray())
                {
                    ExpectCheck(key + ".parts." + part.GetProperty("id").GetString(), part);
                }
            }
        }

        void Expect(string key, JsonElement value, int? decimals)
        {
            Assert.True(byKey.TryGetValue(key, out var elements), "no element with data-key " + key);
            foreach (var el in elements!)
            {
                var dataValue = el.GetAttribute("data-value");
                Assert.NotNull(dataValue);
                var shown = el.TextContent.Trim();
                switch (value.ValueKind)
                {
                    case JsonValueKind.Number:
                        Assert.Equal(value.GetDouble(), double.Parse(dataValue!, NumberStyles.Float, CultureInfo.InvariantCulture));
                        if (decimals is { } d)
                        {
                            Assert.Equal(Rounded(value.GetDouble(), d), shown);
                        }

                        break;
                    case JsonValueKind.Null:
                        Assert.Equal(string.Empty, dataValue);
                        if (decimals is not null)
                        {
                            Assert.Equal("—", shown);
                        }

                        break;
                    case JsonValueKind.String:
                        Assert.Equal(value.GetString(), dataValue);
                        break;
                    case JsonValueKind.True or JsonValueKind.False:
                        Assert.Equal(value.GetBoolean() ? "true" : "false", dataValue);
                        break;
                    default:
                        Assert.Fail("unexpected JSON value at " + key);
                        break;
                }

                compared++;
            }
        }
    }

    [Fact]
    public void Render_DomainWorkedExample_ShowsCvAndGiniRoundedFromFullPrecision()
    {
        var card = Cards.Small();
        var doc = Parse(HtmlScorecard.Render(card));
        var cv = Single(doc, "primary.multimedia_rooms_per100.cv");
        Assert.Equal("0.135", cv.TextContent);
        Assert.Equal(0.134933, double.Parse(cv.GetAttribute("data-value")!, CultureInfo.InvariantCulture), 6);
        Assert.Equal("0.0672", Single(doc, "primary.multimedia_rooms_per100.equity.gini").TextContent);
        Assert.Equal("0.50", Single(doc, "primary.multimedia_rooms_per100.threshold").TextContent);
        Assert.Equal("pass", Single(doc, "primary.schools.B.status").GetAttribute("data-value"));
        Assert.Equal(ScorecardJson.Name(card.Overall.Status), Single(doc, "overall.status").GetAttribute("data-value"));
    }

    [Fact]
    public void Render_ScriptInSchoolName_IsEscapedAndThePageHasNoScriptElement()
    {
        var html = HtmlScorecard.Render(Cards.Realistic());
        var doc = Parse(html);

        Assert.Empty(doc.QuerySelectorAll("script"));
        Assert.DoesNotContain("<script>", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html, StringComparison.Ordinal);
        // The name reads as written in the schools table.
        Assert.Contains(doc.QuerySelectorAll("table.schools td"), td => td.TextContent == Cards.ScriptName);
    }

    [Fact]
    public void Render_Page_IsSelfContainedWithNoExternalReference()
    {
        var html = HtmlScorecard.Render(Cards.Realistic());
        var doc = Parse(html);

        Assert.Equal("zh-CN", doc.DocumentElement.GetAttribute("lang"));
        Assert.Empty(doc.QuerySelectorAll("link"));
        Assert.Empty(doc.QuerySelectorAll("img, iframe, object, embed, script"));
        foreach (var el in doc.All)
        {
            foreach (var attr in el.Attributes.Where(a => a.Name is "src" or "href" or "xlink:href" or "action"))
            {
                Assert.StartsWith("#", attr.Value, StringComparison.Ordinal);
            }
        }

        Assert.DoesNotContain("url(", doc.QuerySelector("style")!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("@import", html, StringComparison.Ordinal);
        Assert.NotEmpty(doc.QuerySelectorAll("svg"));
    }

    [Fact]
    public void Render_Page_HasA4PrintRulesThatKeepColours()
    {
        var css = Parse(HtmlScorecard.Render(Cards.Small())).QuerySelector("style")!.TextContent;

        Assert.Contains("@page{size:A4", css, StringComparison.Ordinal);
        Assert.Contains("print-color-adjust:exact", css, StringComparison.Ordinal);
        Assert.Contains("@media print", css, StringComparison.Ordinal);
        Assert.Contains("break-inside:avoid", css, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_SchoolBars_HaveWidthsProportionalToPupils()
    {
        var doc = Parse(HtmlScorecard.Render(Cards.Small()));
        var bars = doc.QuerySelectorAll("#level-primary figure[data-indicator='multimedia_rooms_per100'] rect.bar");
        double Width(string code) => double.Parse(bars.Single(b => b.GetAttribute("data-school") == code).GetAttribute("width")!, CultureInfo.InvariantCulture);

        Assert.Equal(3, bars.Length);
        Assert.Equal(580.0 / 120.0, Width("C") / Width("A"), 3);
        Assert.Equal(300.0 / 120.0, Width("B") / Width("A"), 3);
        Assert.Equal(300.0, bars.Sum(b => double.Parse(b.GetAttribute("width")!, CultureInfo.InvariantCulture)), 2);
    }

    [Fact]
    public void Render_SchoolBars_SortAscendingAndColourSchoolsBelowStandard()
    {
        var doc = Parse(HtmlScorecard.Render(Cards.Small()));
        var bars = doc.QuerySelectorAll("#level-primary figure[data-indicator='multimedia_rooms_per100'] rect.bar").ToArray();
        double X(IElement b) => double.Parse(b.GetAttribute("x")!, CultureInfo.InvariantCulture);

        // B (2.0 per 100) < A (2.5) < C (2.76): B is below the 2.3 standard, in another colour.
        Assert.Equal(["B", "A", "C"], bars.OrderBy(X).Select(b => b.GetAttribute("data-school")));
        var b = bars.Single(x => x.GetAttribute("data-school") == "B");
        var a = bars.Single(x => x.GetAttribute("data-school") == "A");
        Assert.Contains("low", b.ClassList);
        Assert.NotEqual(a.GetAttribute("fill"), b.GetAttribute("fill"));
        // A dashed line at the standard.
        var svg = bars[0].ParentElement!;
        Assert.Contains(svg.QuerySelectorAll("line"), l => l.GetAttribute("stroke-dasharray") == "6 3");
        Assert.Contains(svg.QuerySelectorAll("text"), t => t.TextContent.Contains("标准", StringComparison.Ordinal));
    }

    [Fact]
    public void Render_Basic2012_ShowsTheCompositeCv()
    {
        var card = Cards.Realistic("basic-2012");
        var doc = Parse(HtmlScorecard.Render(card));
        var composite = Single(doc, "primary.compositeCv", inside: ".composite");

        Assert.Equal(card.Primary.CompositeCv!.Value, double.Parse(composite.GetAttribute("data-value")!, CultureInfo.InvariantCulture));
        Assert.Equal(Rounded(card.Primary.CompositeCv.Value, 3), composite.TextContent);
        Assert.Equal("0.65", Single(doc, "primary.compositeThreshold", inside: ".composite").TextContent);
        Assert.Contains(doc.QuerySelectorAll("#level-primary svg text"), t => t.TextContent.StartsWith("综合差异系数", StringComparison.Ordinal));
    }

    [Fact]
    public void Render_Quality2017_HasNoCompositeBlock()
    {
        var doc = Parse(HtmlScorecard.Render(Cards.Realistic()));

        Assert.Empty(doc.QuerySelectorAll(".composite"));
        Assert.Null(doc.QuerySelector("[data-key='primary.compositeCv']"));
    }

    [Fact]
    public void Render_Shortfalls_ArePhrasedInNaturalUnits()
    {
        var doc = Parse(HtmlScorecard.Render(Cards.Realistic()));
        string Row(string level, string code) => doc.QuerySelectorAll($"#level-{level} table.schools tr")
            .Single(tr => tr.QuerySelector("td")?.TextContent == code).TextContent;

        Assert.Contains("+2 名骨干教师", Row("primary", "P07"), StringComparison.Ordinal);
        Assert.Contains("+2 key teachers", Row("primary", "P07"), StringComparison.Ordinal);
        Assert.Contains("+¥47\u00A0500 教学仪器设备", Row("primary", "P08"), StringComparison.Ordinal);
        Assert.Contains("+1 multimedia classroom", Row("primary", "P08"), StringComparison.Ordinal);
        Assert.Contains("+504 m² 体育运动场馆", Row("junior", "J03"), StringComparison.Ordinal);
    }

    [Fact]
    public void Render_Header_ShowsCountyYearProfileAndSubmission()
    {
        var doc = Parse(HtmlScorecard.Render(Cards.Realistic()));
        var header = doc.QuerySelector("header")!.TextContent;

        Assert.Contains("长安区", header, StringComparison.Ordinal);
        Assert.Contains("130102", header, StringComparison.Ordinal);
        Assert.Contains("2024–2025学年", header, StringComparison.Ordinal);
        Assert.Contains("县域义务教育优质均衡发展督导评估", header, StringComparison.Ordinal);
        Assert.Contains("sha256 3f9a2c41d0b7", header, StringComparison.Ordinal);
        Assert.Contains("2025-03-01 08:30 UTC", header, StringComparison.Ordinal);
        Assert.Equal("fail", Single(doc, "overall.status", inside: "header").GetAttribute("data-value"));
    }

    [Fact]
    public void Render_ChecksAndWarnings_UseCatalogNamesAndCellLocations()
    {
        var card = Cards.Realistic();
        var doc = Parse(HtmlScorecard.Render(card));
        var checks = doc.QuerySelector("#checks")!.TextContent;
        var warnings = doc.QuerySelector("#warnings")!.TextContent;

        Assert.Contains("班额", checks, StringComparison.Ordinal);
        Assert.Contains("Class size", checks, StringComparison.Ordinal);
        Assert.Contains("小学最大班额 48 人", checks, StringComparison.Ordinal);
        Assert.Contains("学校", warnings, StringComparison.Ordinal);
        Assert.Contains("第18行", warnings, StringComparison.Ordinal);
        Assert.Contains("students_junior", warnings, StringComparison.Ordinal);
        Assert.Contains(card.Warnings[0].MessageEn, warnings, StringComparison.Ordinal);
        Assert.NotNull(doc.QuerySelector("#signals"));
    }

    [Fact]
    public void Render_AnyCulture_GivesTheSamePage()
    {
        var card = Cards.Realistic();
        var invariant = HtmlScorecard.Render(card);
        var previous = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo("de-DE");
            Assert.Equal(invariant, HtmlScorecard.Render(card));
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public void Render_RealisticCounty_WritesASamplePageForInspection()
    {
        var html = HtmlScorecard.Render(Cards.Realistic());
        File.WriteAllText(Path.Combine(Path.GetTempPath(), "metrics-scorecard.html"), html);
        File.WriteAllText(Path.Combine(Path.GetTempPath(), "metrics-scorecard-basic.html"), HtmlScorecard.Render(Cards.Realistic("basic-2012")));
        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
    }

    internal static string Rounded(double value, int decimals)
    {
        var s = value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        return s.StartsWith('-') && s.Trim('-', '0', '.').Length == 0 ? s[1..] : s;
    }

    /// <summary>Decimals the page uses for an indicator's values: 0 for 元, 4 for teachers per pupil, else 2.</summary>
    private static int DecimalsOf(string indicatorId) =>
        indicatorId == "equipment_value_per_pupil" ? 0
        : indicatorId is "teachers_per_pupil" or "qualified_teachers_per_pupil" or "senior_title_teachers_per_pupil" ? 4
        : 2;

    private static IElement Single(IHtmlDocument doc, string key, string inside = "body") =>
        doc.QuerySelector(inside)!.QuerySelectorAll("[data-key]").First(e => e.GetAttribute("data-key") == key);

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
