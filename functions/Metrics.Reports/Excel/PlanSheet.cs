using Metrics.Core.Catalog;
using Metrics.Core.Json;
using Metrics.Core.Planning;

namespace Metrics.Reports.Excel;

/// <summary>
/// The remediation plan (method §9) as one sheet of the scorecard workbook, in the order a bureau reads
/// it: county totals and costs, the CVs and statuses after the plan, the budget → CV curve, the actions
/// school by school in the workbook's own columns, and the teacher-transfer alternative.
/// Only text and number cells, so that it does not depend on how the sheet is stored.
/// </summary>
internal static class PlanSheet
{
    public static void Write(XlsxWorkbook wb, RemediationPlan plan)
    {
        var s = new SheetWriter(wb, "方案 Plan");
        var row = 1;
        void Line(params string[] texts)
        {
            for (var c = 0; c < texts.Length; c++)
            {
                s.Text(row, c + 1, texts[c]);
            }

            row++;
        }

        Line("全县合计 County totals");
        Line("资源 resource", "键 key", "增加 add", "投入（元） cost (yuan)", "单价（元） unit cost (yuan)");
        foreach (var stem in plan.Totals.Keys)
        {
            var (zh, en) = HtmlScorecard.ResourceName(stem);
            s.Text(row, 1, zh + " " + en);
            s.Text(row, 2, stem);
            s.Number(row, 3, plan.Totals[stem], "#,##0");
            s.Number(row, 4, plan.Costs.GetValueOrDefault(stem), "#,##0");
            s.Number(row, 5, plan.UnitCosts.TryGetValue(stem, out var unit) ? unit : null, "#,##0");
            row++;
        }

        s.Text(row, 1, "合计 total");
        s.Text(row, 2, "totalCost");
        s.Number(row, 4, plan.TotalCost, "#,##0");
        row++;
        s.Text(row, 1, "实施后资源配置部分 resource part after the plan");
        s.Text(row, 2, "passes");
        s.Text(row, 3, plan.Passes ? "达标 pass" : "仍未达标 still fails");
        row += 2;

        Line("实施前后 Before and after");
        Line("学段 level", "指标 indicator", "实施前 CV before", "实施后 CV after", "阈值 threshold", "实施后状态 status after");
        foreach (var level in plan.Levels.Where(l => l.Units > 0))
        {
            var name = ScorecardJson.Name(level.Level);
            foreach (var i in level.Indicators)
            {
                s.Text(row, 1, name);
                s.Text(row, 2, IndicatorCatalog.TryGet(i.Id, out var ind) ? ind.NameZh + " " + i.Id : i.Id);
                s.Number(row, 3, i.CvBefore, "0.000");
                s.Number(row, 4, i.CvAfter, "0.000");
                s.Number(row, 5, i.Threshold, "0.00");
                s.Text(row, 6, ScorecardJson.Name(i.After));
                row++;
            }

            if (level.CompositeThreshold is not null)
            {
                s.Text(row, 1, name);
                s.Text(row, 2, "综合差异系数 composite");
                s.Number(row, 3, level.CompositeBefore, "0.000");
                s.Number(row, 4, level.CompositeAfter, "0.000");
                s.Number(row, 5, level.CompositeThreshold, "0.00");
                row++;
            }

            s.Text(row, 1, name);
            s.Text(row, 2, "学段结论 level status");
            s.Text(row, 3, ScorecardJson.Name(level.Before));
            s.Text(row, 4, ScorecardJson.Name(level.After));
            row++;
        }

        row++;
        if (plan.Curve.Count > 0)
        {
            Line("投入—差异系数曲线（仅用于均衡） Budget → CV (equalisation alone)");
            Line("最大差异系数/阈值 ratio", "投入（元） cost (yuan)");
            foreach (var p in plan.Curve)
            {
                s.Number(row, 1, p.Ratio, "0.000");
                s.Number(row, 2, p.CostYuan, "#,##0");
                row++;
            }

            row++;
        }

        Line("一校一策 School by school");
        Line("学校代码 school", "学校名称 name", "填报列 field", "增加 add", "投入（元） cost (yuan)", "用于 for");
        foreach (var a in plan.Actions)
        {
            s.Text(row, 1, a.School);
            s.Text(row, 2, a.SchoolName);
            s.Text(row, 3, a.Field);
            s.Number(row, 4, a.Add, "#,##0");
            s.Number(row, 5, a.CostYuan, "#,##0");
            s.Text(row, 6, a.Reason);
            row++;
        }

        row++;
        Line("替代方案：县域内教师交流 Alternative: teacher transfers");
        s.Text(row, 1, "交流名额 quota");
        s.Number(row, 2, plan.Transfers.Quota, "0");
        s.Text(row, 3, "调配 moved");
        s.Number(row, 4, plan.Transfers.Moved, "0");
        row++;
        foreach (var a in plan.Transfers.Actions)
        {
            s.Text(row, 1, a.School);
            s.Text(row, 2, a.SchoolName);
            s.Text(row, 3, a.Field);
            s.Number(row, 4, a.Add, "+#,##0;-#,##0");
            row++;
        }

        s.Finish(0, 0);
    }
}
