using System.Globalization;
using Metrics.Core.Catalog;
using Metrics.Core.Json;
using Metrics.Core.Rollup;
using Metrics.Reports.Text;
using static Metrics.Reports.Html.Markup;

namespace Metrics.Reports.Html;

/// <summary>The rollup page's prefecture subtotals and σ-convergence tables (keys as in <see cref="RollupTrendsJson"/>).</summary>
internal static class RollupTrendsHtml
{
    public static void Append(PageWriter h, RollupResult rollup)
    {
        h.Append("<section id=\"prefectures\">\n<h2>").Append(Bi("地级市小计", "Prefecture subtotals")).Append("</h2>\n<table class=\"prefectures\"><thead><tr><th>")
         .Append(Bi("地级市代码", "Prefecture")).Append("</th><th class=\"n\">").Append(Bi("县数", "counties")).Append("</th><th class=\"n\">")
         .Append(Bi("已评", "scored")).Append("</th><th class=\"n\">").Append(Bi("达标", "passing")).Append("</th><th class=\"n\">")
         .Append(Bi("未达标", "failing")).Append("</th><th class=\"n\">").Append(Bi("未评", "not scored")).Append("</th><th class=\"n\">")
         .Append(Bi("学生数", "pupils")).Append("</th></tr></thead>\n<tbody>\n");
        foreach (var p in Prefectures.Of(rollup))
        {
            var k = "prefectures." + p.Code;
            h.Append("<tr><td class=\"code\">").Append(Escape(p.Code)).Append("</td><td class=\"n\">").Append(Int(k + ".counties", p.Counties))
             .Append("</td><td class=\"n\">").Append(Int(k + ".scored", p.Scored)).Append("</td><td class=\"n\">").Append(Int(k + ".passing", p.Passing))
             .Append("</td><td class=\"n\">").Append(Int(k + ".failing", p.Failing)).Append("</td><td class=\"n\">").Append(Int(k + ".notScored", p.NotScored))
             .Append("</td><td class=\"n\">").Append(Int(k + ".pupils", p.Pupils)).Append("</td></tr>\n");
        }

        h.Append("</tbody></table>\n</section>\n");
        if (rollup.Convergence.Count == 0)
        {
            return;
        }

        var years = rollup.Convergence.SelectMany(c => c.Points.Select(p => p.Year)).Distinct().Order().ToArray();
        h.Append("<section id=\"convergence\">\n<h2>").Append(Bi("差异系数的σ收敛", "σ-convergence of the CVs")).Append("</h2>\n<p class=\"note\">")
         .Append(Bi("σ为各县差异系数的标准差（每县同权，总体标准差）；σ下降表示各县之间的均衡程度趋同。",
             "σ is the standard deviation of the counties' CVs (every county counts once, population form); a falling σ means the counties are converging."))
         .Append("</p>\n<table class=\"convergence\"><thead><tr><th>").Append(Bi("学段", "Level")).Append("</th><th>").Append(Bi("指标", "Indicator")).Append("</th>");
        foreach (var y in years)
        {
            h.Append("<th class=\"n\">").Append(y.ToString(CultureInfo.InvariantCulture)).Append(" σ</th>");
        }

        h.Append("<th class=\"n\">").Append(Bi("变化", "change")).Append("</th></tr></thead>\n<tbody>\n");
        foreach (var c in rollup.Convergence)
        {
            var k = "convergence." + ScorecardJson.Name(c.Level) + "." + c.IndicatorId;
            h.Append("<tr><td>").Append(Bi(Fmt.LevelName(c.Level))).Append("</td><td class=\"name\">")
             .Append(Escape(IndicatorCatalog.TryGet(c.IndicatorId, out var d) ? d.NameZh : c.IndicatorId)).Append("</td>");
            foreach (var y in years)
            {
                var p = c.Points.FirstOrDefault(x => x.Year == y);
                h.Append("<td class=\"n\">").Append(Num(k + "." + y.ToString(CultureInfo.InvariantCulture) + ".sigma", p?.Sigma, Fmt.EquityDecimals)).Append("</td>");
            }

            h.Append("<td class=\"n\">").Append(Num(k + ".change", c.Change, Fmt.EquityDecimals)).Append("</td></tr>\n");
        }

        h.Append("</tbody></table>\n</section>\n");
    }
}
