using System.Globalization;
using Metrics.Core.Catalog;
using Metrics.Core.Json;
using Metrics.Core.Model;
using Metrics.Core.Scoring;
using Metrics.Core.Statistics;
using Metrics.Reports.Text;
using static Metrics.Reports.Html.Markup;

namespace Metrics.Reports.Html;

/// <summary>
/// The scorecard page's analysis sections: the county's progress over the years on record (when
/// there are earlier years), and per level which schools drive each CV (差异情况 terms, the
/// within/between split of CV² by location), the Atkinson and GE measures and a Lorenz curve per
/// indicator. Every number carries a data-key as in <see cref="HtmlScorecard"/>.
/// </summary>
internal static class ScorecardAnalysisHtml
{
    public static void Append(PageWriter h, Scorecard card)
    {
        Progress(h, card);
        foreach (var level in card.Levels.Where(l => l.Units > 0))
        {
            Drivers(h, level);
        }
    }

    // The key tails of the Atkinson and GE cells (".atkinson0.5", ".ge2"), made once.
    private static readonly string[] AtkinsonKeys = [.. EquityFamilies.AtkinsonEpsilons.Select(e => Fmt.Inv($".atkinson{e}"))];
    private static readonly string[] GeKeys = [.. EquityFamilies.GeAlphas.Select(a => Fmt.Inv($".ge{a}"))];

    private static string Name(string id) => IndicatorCatalog.TryGet(id, out var d) ? d.NameZh : id;

    private static string NameEn(string id) => IndicatorCatalog.TryGet(id, out var d) ? d.NameEn : id;

    private static void Progress(PageWriter h, Scorecard card)
    {
        var series = Core.Rollup.Progress.Series(card);
        if (series.Count == 0)
        {
            return;
        }

        var years = card.History.Select(y => y.SchoolYear).Append(card.SchoolYear).Order().ToArray();
        h.Append("<section class=\"progress\" id=\"progress\">\n<h2>").Append(Bi("历年进展", "Progress over the years on record")).Append("</h2>\n")
         .Append("<table class=\"history\"><thead><tr><th>").Append(Bi("学年", "School year")).Append("</th><th>").Append(Bi("总体", "Overall"))
         .Append("</th><th>").Append(Bi(Fmt.LevelName(Level.Primary))).Append("</th><th>").Append(Bi(Fmt.LevelName(Level.Junior))).Append("</th></tr></thead>\n<tbody>\n");
        foreach (var past in card.History.OrderBy(y => y.SchoolYear))
        {
            var yk = "history." + past.SchoolYear.ToString(CultureInfo.InvariantCulture);
            h.Append("<tr><td>").Append(Escape(Fmt.SchoolYearZh(past.SchoolYear))).Append("</td><td>")
             .Append(Badge(yk + ".overall", ScorecardJson.Name(past.Overall), Fmt.StatusClass(past.Overall), Fmt.StatusName(past.Overall))).Append("</td><td>")
             .Append(Badge(yk + ".primary.status", ScorecardJson.Name(past.Primary.Status), Fmt.StatusClass(past.Primary.Status), Fmt.StatusName(past.Primary.Status))).Append("</td><td>")
             .Append(Badge(yk + ".junior.status", ScorecardJson.Name(past.Junior.Status), Fmt.StatusClass(past.Junior.Status), Fmt.StatusName(past.Junior.Status))).Append("</td></tr>\n");
        }

        h.Append("<tr><td><b>").Append(Escape(Fmt.SchoolYearZh(card.SchoolYear))).Append("</b></td><td>")
         .Append(Badge(null, ScorecardJson.Name(card.Overall.Status), Fmt.StatusClass(card.Overall.Status), Fmt.StatusName(card.Overall.Status))).Append("</td><td>")
         .Append(Badge(null, ScorecardJson.Name(card.Primary.Status), Fmt.StatusClass(card.Primary.Status), Fmt.StatusName(card.Primary.Status))).Append("</td><td>")
         .Append(Badge(null, ScorecardJson.Name(card.Junior.Status), Fmt.StatusClass(card.Junior.Status), Fmt.StatusName(card.Junior.Status))).Append("</td></tr>\n</tbody></table>\n");

        foreach (var group in series.GroupBy(s => s.Level))
        {
            var lk = ScorecardJson.Name(group.Key);
            h.Append("<h3>").Append(Bi(Fmt.LevelName(group.Key))).Append(" · ").Append(Bi("各指标差异系数历年变化", "each indicator's CV by year")).Append("</h3>\n")
             .Append("<table class=\"trend\"><thead><tr><th>").Append(Bi("指标", "Indicator")).Append("</th>");
            foreach (var y in years)
            {
                h.Append("<th class=\"n\">").Append(y.ToString(CultureInfo.InvariantCulture)).Append("</th>");
            }

            h.Append("<th>").Append(Bi("趋势", "Trend")).Append("</th></tr></thead>\n<tbody>\n");
            foreach (var s in group)
            {
                h.Append("<tr><td class=\"name\">").Append(Escape(Name(s.IndicatorId))).Append("<span class=\"en\" lang=\"en\">").Append(Escape(NameEn(s.IndicatorId))).Append("</span></td>");
                foreach (var y in years)
                {
                    h.Append("<td class=\"n\">");
                    if (s.Points.FirstOrDefault(p => p.SchoolYear == y) is { } p)
                    {
                        h.Append(Num("history." + y.ToString(CultureInfo.InvariantCulture) + "." + lk + "." + s.IndicatorId + ".cv", p.Cv, Fmt.CvDecimals))
                         .Append(' ').Append(Badge(null, p.Status == IndicatorStatus.NotJudged ? string.Empty : ScorecardJson.Name(p.Status), Fmt.StatusClass(p.Status), Fmt.StatusName(p.Status)));
                    }

                    h.Append("</td>");
                }

                h.Append("<td>");
                Svg.CvTrend(h, [.. s.Points.Select(p => (p.SchoolYear, p.Cv, p.Status))], s.Threshold, Name(s.IndicatorId) + " 差异系数历年 CV by year");
                h.Append("</td></tr>\n");
            }

            h.Append("</tbody></table>\n");
        }

        h.Append("</section>\n");
    }

    private static void Drivers(PageWriter h, LevelResult level)
    {
        var lk = ScorecardJson.Name(level.Level);
        h.Append("<section class=\"drivers\" id=\"drivers-").Append(lk).Append("\">\n<h2>").Append(Bi(Fmt.LevelName(level.Level))).Append(" · ")
         .Append(Bi("差异来源与更多公平性指标", "What drives the CV, and more equity measures")).Append("</h2>\n<p class=\"note\">")
         .Append(Bi("差异情况 = 学生数×(校值−均值)²÷总学生数，各校之和为方差 S²；占比为其占 S² 的份额。CV² 按城区/镇区/乡村精确分解为组内与组间两部分。",
             "Each school's term P(X − X̄)²/N sums to the variance S²; its share is its part of S² (and of CV²). CV² splits exactly into within and between urban/town/rural."))
         .Append("</p>\n<table class=\"drivers\"><thead><tr><th>").Append(Bi("指标", "Indicator")).Append("</th><th class=\"n\">CV²</th><th class=\"n\">")
         .Append(Bi("组内", "within")).Append("</th><th class=\"n\">").Append(Bi("组间", "between")).Append("</th><th>")
         .Append(Bi("差异贡献最大的五所学校（差异情况，占比）", "five largest contributors (term, share of S²)")).Append("</th></tr></thead>\n<tbody>\n");
        // Each indicator's drivers are computed once per level, for these tables, the curves below and the workbook.
        var drivers = new IndicatorDrivers[level.Indicators.Count];
        for (var k = 0; k < drivers.Length; k++)
        {
            drivers[k] = SchoolDrivers.Of(level, level.Indicators[k].Id);
        }

        var levelDot = lk + ".";
        for (var k = 0; k < drivers.Length; k++)
        {
            var ind = level.Indicators[k];
            var b = drivers[k].Breakdown;
            AppendEscaped(h.Append("<tr><td class=\"name\">"u8), Name(ind.Id)).Append("</td><td class=\"n\">"u8);
            AppendNum(h, levelDot, ind.Id, ".drivers.cv2", b.Split?.Total, Fmt.EquityDecimals).Append("</td><td class=\"n\">"u8);
            AppendNum(h, levelDot, ind.Id, ".drivers.within", b.Split?.Within, Fmt.EquityDecimals).Append("</td><td class=\"n\">"u8);
            AppendNum(h, levelDot, ind.Id, ".drivers.between", b.Split?.Between, Fmt.EquityDecimals).Append("</td><td><ol class=\"top\">"u8);
            var driversDot = levelDot + ind.Id + ".drivers.";
            foreach (var t in b.Largest())
            {
                var school = level.Schools[t.Index];
                AppendEscaped(h.Append("<li>"u8), school.Name).Append(" <span class=\"code muted\">"u8);
                AppendEscaped(h, school.Code).Append("</span> "u8);
                AppendNum(h, driversDot, school.Code, ".term", t.Term, 3).Append(" ("u8);
                AppendPct(h, driversDot, school.Code, ".share", t.Share).Append(")</li>"u8);
            }

            h.Append("</ol></td></tr>\n"u8);
        }

        h.Append("</tbody></table>\n<table class=\"equity-more\"><thead><tr><th>").Append(Bi("指标", "Indicator")).Append("</th>");
        foreach (var e in EquityFamilies.AtkinsonEpsilons)
        {
            h.Append("<th class=\"n\">").Append(Escape(Fmt.Inv($"Atkinson ε={e}"))).Append("</th>");
        }

        foreach (var a in EquityFamilies.GeAlphas)
        {
            h.Append("<th class=\"n\">").Append(Escape(Fmt.Inv($"GE({a})"))).Append("</th>");
        }

        h.Append("</tr></thead>\n<tbody>\n");
        for (var k = 0; k < drivers.Length; k++)
        {
            var ind = level.Indicators[k];
            AppendEscaped(h.Append("<tr><td class=\"name\">"u8), Name(ind.Id)).Append("</td>"u8);
            var (atkinson, ge) = (drivers[k].Atkinson, drivers[k].Ge);
            for (var e = 0; e < atkinson.Length; e++)
            {
                h.Append("<td class=\"n\">"u8);
                AppendNum(h, levelDot, ind.Id, AtkinsonKeys[e], atkinson[e], Fmt.EquityDecimals).Append("</td>"u8);
            }

            for (var a = 0; a < ge.Length; a++)
            {
                h.Append("<td class=\"n\">"u8);
                AppendNum(h, levelDot, ind.Id, GeKeys[a], ge[a], Fmt.EquityDecimals).Append("</td>"u8);
            }

            h.Append("</tr>\n"u8);
        }

        h.Append("</tbody></table>\n<h3>").Append(Bi("洛伦兹曲线（按学生加权）", "Lorenz curves (pupil-weighted)")).Append("</h3>\n<div class=\"lorenz\" style=\"display:flex;flex-wrap:wrap;gap:8px 16px\">\n");
        for (var k = 0; k < drivers.Length; k++)
        {
            var ind = level.Indicators[k];
            AppendEscaped(h.Append("<figure class=\"lorenz-chart\" style=\"margin:0;width:220px\" data-indicator=\""u8), ind.Id).Append("\"><figcaption>"u8);
            AppendEscaped(h, Name(ind.Id)).Append("<span class=\"en\" lang=\"en\">"u8);
            AppendEscaped(h, NameEn(ind.Id)).Append("</span></figcaption>\n"u8);
            Svg.LorenzCurve(h, Lorenz.Curve(drivers[k].Units), Name(ind.Id), "洛伦兹曲线 Lorenz curve");
            h.Append("</figure>\n"u8);
        }

        h.Append("</div>\n</section>\n");
    }
}
