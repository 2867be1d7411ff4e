using Metrics.Core.Catalog;
using Metrics.Core.Json;
using Metrics.Core.Planning;
using Metrics.Core.Scoring;
using Metrics.Reports.Text;
using static Metrics.Reports.Html.Markup;

namespace Metrics.Reports.Html;

/// <summary>
/// The remediation plan (method §9) as a county bureau presents it: the county totals and what they cost
/// first, the CVs and statuses the plan reaches and the budget → CV curve, then one section per school
/// (一校一策), and the teacher-transfer alternative last. Numbers carry <c>data-key</c>s under <c>plan.</c>
/// following <see cref="PlanJson"/>.
/// </summary>
internal static class PlanSection
{
    /// <summary>plan.html: the plan of one county as a page of its own.</summary>
    public static string Page(Scorecard card, RemediationPlan plan)
    {
        using var h = new PageWriter(32 * 1024);
        h.Append("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n")
         .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>")
         .Append(Escape(card.CountyName)).Append(' ').Append(Escape(Fmt.SchoolYearZh(card.SchoolYear)))
         .Append(" 达标方案 Plan</title>\n<style>\n").Append(Css.Common).Append(Css.Scorecard).Append("</style>\n</head>\n<body>\n")
         .Append("<header class=\"top\">\n<div>\n<p class=\"muted\">").Append(Bi("县域义务教育均衡发展督导评估", "County supervision and evaluation of balanced compulsory education"))
         .Append("</p>\n<h1>").Append(Escape(card.CountyName)).Append(" <span class=\"code muted\">").Append(Escape(card.CountyCode)).Append("</span></h1>\n<p>")
         .Append(Bi(Fmt.SchoolYearZh(card.SchoolYear), Fmt.SchoolYearEn(card.SchoolYear))).Append(" · <span class=\"code\">").Append(Escape(card.Profile))
         .Append("</span></p>\n</div>\n</header>\n");
        Render(h, plan);
        h.Append("</body>\n</html>\n");
        return h.ToString();
    }

    /// <summary>The plan section of the scorecard.</summary>
    public static void Render(PageWriter h, RemediationPlan plan)
    {
        h.Append("<section id=\"plan\">\n<h2>").Append(Bi("达标方案（最低投入）", "What it takes to pass (least cost)")).Append("</h2>\n<p class=\"note\">")
         .Append(Bi("按“削峰填谷”原则测算：先补足各校办学标准（每校可保留一项不低于标准 85% 的指标，取保留后投入最省的一项），再把差异系数超标指标中最薄弱的学校逐一补到同一水平线，直至达标；教师、教室、图书、计算机取整数，面积取整平方米，设备取整元。方案已按原评估方法重新计算验证。",
             "Each school is first brought to its standards (one indicator per school may stay at ≥ 85 %: the one whose full standard would cost most), then the weakest schools of every indicator over its CV threshold are raised to one level until the CV passes; whole teachers, rooms, books and computers, whole m² and 元. The figures after the plan are scored again with the evaluation method itself."))
         .Append("</p>\n");
        Totals(h, plan);
        Schools(h, plan);
        Transfers(h, plan.Transfers);
        h.Append("</section>\n");
    }

    private static void Totals(PageWriter h, RemediationPlan plan)
    {
        h.Append("<div id=\"plan-totals\">\n<h3>").Append(Bi("全县合计", "County totals")).Append("</h3>\n")
         .Append("<table class=\"plan-totals\"><thead><tr><th>").Append(Bi("资源", "Resource")).Append("</th><th class=\"n\">").Append(Bi("增加", "Add"))
         .Append("</th><th class=\"n\">").Append(Bi("投入（元）", "Cost (yuan)")).Append("</th><th class=\"n\">").Append(Bi("单价（元）", "Unit cost (yuan)")).Append("</th></tr></thead>\n<tbody>\n");
        foreach (var stem in plan.Totals.Keys)
        {
            var (zh, en) = HtmlScorecard.ResourceName(stem);
            h.Append("<tr><td>").Append(Bi(zh, en)).Append("<span class=\"sub code\">").Append(Escape(stem)).Append("</span></td><td class=\"n\">")
             .Append(Keyed("plan.totals." + stem, Fmt.Full(plan.Totals[stem]), Fmt.Integer(plan.Totals[stem]), "num")).Append("</td><td class=\"n\">")
             .Append(Keyed("plan.costs." + stem, Fmt.Full(plan.Costs.GetValueOrDefault(stem)), Fmt.Integer(plan.Costs.GetValueOrDefault(stem)), "num")).Append("</td><td class=\"n\">")
             .Append(plan.UnitCosts.TryGetValue(stem, out var unit) ? Escape(Fmt.Integer(unit)) : Fmt.Undefined).Append("</td></tr>\n");
        }

        h.Append("<tr class=\"total\"><th>").Append(Bi("合计", "Total")).Append("</th><td></td><td class=\"n\"><b>")
         .Append(Keyed("plan.totalCost", Fmt.Full(plan.TotalCost), Fmt.Integer(plan.TotalCost), "num")).Append("</b></td><td></td></tr>\n</tbody></table>\n");

        h.Append("<p>").Append(Bi("实施后资源配置部分：", "Resource part after the plan: "))
         .Append(Badge("plan.passes", plan.Passes ? "true" : "false", plan.Passes ? "pass" : "fail", plan.Passes ? ("达标", "passes") : ("仍未达标", "still fails")))
         .Append("</p>\n<table class=\"plan-after\"><thead><tr><th>").Append(Bi("学段", "Level")).Append("</th><th>").Append(Bi("指标", "Indicator"))
         .Append("</th><th class=\"n\">").Append(Bi("实施前", "Before")).Append("</th><th class=\"n\">").Append(Bi("实施后", "After"))
         .Append("</th><th class=\"n\">").Append(Bi("阈值", "Threshold")).Append("</th><th>").Append(Bi("实施后状态", "Status after")).Append("</th></tr></thead>\n<tbody>\n");
        foreach (var level in plan.Levels.Where(l => l.Units > 0))
        {
            var lk = "plan.levels." + ScorecardJson.Name(level.Level);
            foreach (var i in level.Indicators)
            {
                var name = IndicatorCatalog.TryGet(i.Id, out var ind) ? (ind.NameZh, ind.NameEn) : (i.Id, i.Id);
                h.Append("<tr><td>").Append(Bi(Fmt.LevelName(level.Level))).Append("</td><td>").Append(Bi(name)).Append("</td><td class=\"n\">")
                 .Append(Num(lk + "." + i.Id + ".cvBefore", i.CvBefore, Fmt.CvDecimals)).Append("</td><td class=\"n\">")
                 .Append(Num(lk + "." + i.Id + ".cvAfter", i.CvAfter, Fmt.CvDecimals)).Append("</td><td class=\"n\">")
                 .Append(i.Threshold is { } t ? Escape(Fmt.Number(t, Fmt.ThresholdDecimals)) : Fmt.Undefined).Append("</td><td>")
                 .Append(Badge(lk + "." + i.Id + ".statusAfter", ScorecardJson.Name(i.After), Fmt.StatusClass(i.After), Fmt.StatusName(i.After))).Append("</td></tr>\n");
            }

            if (level.CompositeThreshold is { } ct)
            {
                h.Append("<tr><td>").Append(Bi(Fmt.LevelName(level.Level))).Append("</td><td><b>").Append(Bi("综合差异系数", "Composite CV")).Append("</b></td><td class=\"n\">")
                 .Append(Num(lk + ".compositeCvBefore", level.CompositeBefore, Fmt.CvDecimals)).Append("</td><td class=\"n\">")
                 .Append(Num(lk + ".compositeCvAfter", level.CompositeAfter, Fmt.CvDecimals)).Append("</td><td class=\"n\">")
                 .Append(Escape(Fmt.Number(ct, Fmt.ThresholdDecimals))).Append("</td><td></td></tr>\n");
            }

            h.Append("<tr><td>").Append(Bi(Fmt.LevelName(level.Level))).Append("</td><td><b>").Append(Bi("学段结论", "Level status")).Append("</b> ")
             .Append(Escape($"（{level.SchoolsPassingBefore} → {level.SchoolsPassingAfter} 所学校达标）")).Append("</td><td class=\"n\">")
             .Append(Badge(lk + ".statusBefore", ScorecardJson.Name(level.Before), Fmt.StatusClass(level.Before), Fmt.StatusName(level.Before))).Append("</td><td class=\"n\">")
             .Append(Badge(lk + ".statusAfter", ScorecardJson.Name(level.After), Fmt.StatusClass(level.After), Fmt.StatusName(level.After))).Append("</td><td></td><td></td></tr>\n");
        }

        h.Append("</tbody></table>\n");
        if (plan.Curve.Count > 1)
        {
            h.Append("<figure class=\"chart plan-curve\">");
            Svg.CostCurve(h, plan.Curve, plan.TotalCost);
            h.Append("<figcaption>")
             .Append(Bi("投入—差异系数曲线：只用于均衡（不含补足标准）时，各投入额可把最大的“差异系数 / 阈值”降到多少。",
                 "Budget → CV: how far each amount spent on equalisation alone (standards aside) brings down the largest CV / threshold."))
             .Append("</figcaption></figure>\n");
        }

        if (plan.Budget is { } b)
        {
            h.Append("<p>").Append(Bi("给定预算", "Budget")).Append(' ').Append(Keyed("plan.budget.yuan", Fmt.Full(b.Yuan), Fmt.Integer(b.Yuan), "num")).Append(" 元：")
             .Append(b.Sufficient ? Bi("足以实施本方案", "pays for the plan") : Bi("不足以实施本方案", "does not pay for the plan")).Append("；")
             .Append(Bi("仅用于均衡时可达", "spent on equalisation alone it reaches")).Append(' ')
             .Append(Num("plan.budget.ratio", b.Ratio, Fmt.CvDecimals)).Append("</p>\n");
        }

        h.Append("</div>\n");
    }

    private static void Schools(PageWriter h, RemediationPlan plan)
    {
        h.Append("<h3>").Append(Bi("一校一策", "School by school")).Append("</h3>\n");
        if (plan.Actions.Count == 0)
        {
            h.Append("<p class=\"note\">").Append(Bi("无需增加资源。", "Nothing needs to be added.")).Append("</p>\n");
            return;
        }

        foreach (var school in plan.Actions.GroupBy(a => a.School, StringComparer.Ordinal))
        {
            var name = school.First().SchoolName;
            var cost = school.Sum(a => a.CostYuan);
            h.Append("<section class=\"plan-school\" data-school=\"").Append(Escape(school.Key)).Append("\">\n<h4>").Append(Escape(name))
             .Append(" <span class=\"code muted\">").Append(Escape(school.Key)).Append("</span> <span class=\"muted\">")
             .Append(Bi("投入 " + Fmt.Integer(cost) + " 元", "cost " + Fmt.Integer(cost) + " yuan")).Append("</span></h4>\n")
             .Append("<table><thead><tr><th>").Append(Bi("填报列", "Workbook column")).Append("</th><th class=\"n\">").Append(Bi("增加", "Add"))
             .Append("</th><th class=\"n\">").Append(Bi("投入（元）", "Cost (yuan)")).Append("</th><th>").Append(Bi("用于", "For")).Append("</th></tr></thead>\n<tbody>\n");
            foreach (var a in school)
            {
                h.Append("<tr><td class=\"code\">").Append(Escape(a.Field)).Append("</td><td class=\"n\">+").Append(Escape(Fmt.Integer(a.Add)))
                 .Append("</td><td class=\"n\">").Append(Escape(Fmt.Integer(a.CostYuan))).Append("</td><td>").Append(Bi(ReasonName(a.Reason))).Append("</td></tr>\n");
            }

            h.Append("</tbody></table>\n");
            var exempt = plan.Exemptions.Where(e => e.School == school.Key).ToArray();
            if (exempt.Length > 0)
            {
                h.Append("<p class=\"note\">").Append(Bi(
                    "保留在标准 85% 以上：" + string.Join("、", exempt.Select(e => ReasonName(e.Indicator).Zh)),
                    "Left at ≥ 85 % of its standard: " + string.Join(", ", exempt.Select(e => ReasonName(e.Indicator).En)))).Append("</p>\n");
            }

            h.Append("</section>\n");
        }
    }

    private static void Transfers(PageWriter h, TransferPlan transfers)
    {
        h.Append("<div id=\"plan-transfers\">\n<h3>").Append(Bi("替代方案：县域内教师交流", "Alternative: teacher transfers within the county")).Append("</h3>\n<p class=\"note\">")
         .Append(Bi($"同学段内从配置最高的学校向最低的学校逐一调配，调出学校保持达标；不超过交流名额 {transfers.Quota} 名。共调配 {transfers.Moved} 名。",
             $"Teachers move one at a time, within a level, from the best- to the worst-provided school; donors stay at their standards; at most the rotation quota of {transfers.Quota}. {transfers.Moved} moved."))
         .Append("</p>\n");
        if (transfers.Actions.Count > 0)
        {
            h.Append("<table><thead><tr><th>").Append(Bi("代码", "Code")).Append("</th><th>").Append(Bi("学校", "School")).Append("</th><th>")
             .Append(Bi("填报列", "Workbook column")).Append("</th><th class=\"n\">").Append(Bi("变化", "Change")).Append("</th></tr></thead>\n<tbody>\n");
            foreach (var a in transfers.Actions)
            {
                h.Append("<tr><td class=\"code\">").Append(Escape(a.School)).Append("</td><td>").Append(Escape(a.SchoolName)).Append("</td><td class=\"code\">")
                 .Append(Escape(a.Field)).Append("</td><td class=\"n\">").Append(Escape(Fmt.Signed(a.Add, 0))).Append("</td></tr>\n");
            }

            h.Append("</tbody></table>\n");
        }

        h.Append("</div>\n");
    }

    private static (string Zh, string En) ReasonName(string reason) =>
        IndicatorCatalog.TryGet(reason, out var ind) ? (ind.NameZh, ind.NameEn)
        : reason == "teachers" ? ("新聘教师计入专任教师", "the hires counted as full-time teachers")
        : (reason, reason);
}
