using Metrics.Core.Catalog;
using Metrics.Core.Model;
using Metrics.Core.Rollup;
using Metrics.Reports.Text;

namespace Metrics.Reports.Excel;

/// <summary>
/// The rollup workbook's added sheets: the published 校际均衡情况 table of every scored county (one
/// sheet per profile, since the profiles' indicators differ), prefecture (地级市) subtotals, and
/// σ-convergence of the county CVs over the years on record.
/// </summary>
internal static class RollupTables
{
    public static void Write(XlsxWorkbook wb, RollupResult rollup)
    {
        foreach (var group in rollup.Rows.Where(r => r.Card is not null).GroupBy(r => r.Card!.Profile, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var ids = IndicatorIds(group.Key, group.Select(r => r.Card!));
            PublishedTables.National(wb, "校际均衡情况 " + group.Key, ids,
                group.OrderBy(r => r.Code, StringComparer.Ordinal).SelectMany(r => new[] { Level.Primary, Level.Junior }
                    .Where(l => r.Card!.At(l).Units > 0)
                    .Select(l =>
                    {
                        var level = r.Card!.At(l);
                        return new PublishedTables.CountyLevel(
                            r.Code, r.Name, l,
                            id => level.Means.TryGetValue(id, out var m) ? m : null,
                            id => level.Cvs.TryGetValue(id, out var c) ? c : null,
                            level.CompositeCv);
                    })));
        }

        PrefectureSheet(wb, rollup);
        ConvergenceSheet(wb, rollup);
    }

    private static IReadOnlyList<string> IndicatorIds(string profile, IEnumerable<ScorecardSummary> cards) =>
        Core.Profiles.ProfileCatalog.Default.TryGet(profile, out var p)
            ? p.Indicators
            : [.. cards.SelectMany(c => c.Primary.Cvs.Keys.Concat(c.Junior.Cvs.Keys)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    private static void PrefectureSheet(XlsxWorkbook wb, RollupResult rollup)
    {
        var s = new SheetWriter(wb, "地级市 Prefectures");
        s.Headers(1, 1,
        [
            ("地级市代码", "code"), ("县数", "counties"), ("已评县数", "scored"), ("达标县数", "passing"), ("未达标县数", "failing"),
            ("未评县数（缺报、未通过校验、处理中）", "notScored"), ("学生数", "pupils"),
        ]);
        var row = 3;
        foreach (var p in Prefectures.Of(rollup))
        {
            s.Text(row, 1, p.Code);
            s.Integer(row, 2, p.Counties);
            s.Integer(row, 3, p.Scored);
            s.Integer(row, 4, p.Passing);
            s.Integer(row, 5, p.Failing);
            s.Integer(row, 6, p.NotScored);
            s.Integer(row, 7, p.Pupils);
            row++;
        }

        s.Finish(2, 1);
    }

    private static void ConvergenceSheet(XlsxWorkbook wb, RollupResult rollup)
    {
        if (rollup.Convergence.Count == 0)
        {
            return;
        }

        var years = rollup.Convergence.SelectMany(c => c.Points.Select(p => p.Year)).Distinct().Order().ToArray();
        var s = new SheetWriter(wb, "σ收敛 Convergence");
        List<(string Zh, string Key)> columns = [("学段", "level"), ("指标", "indicator"), ("指标代码", "id")];
        foreach (var y in years)
        {
            var ys = y.ToString(System.Globalization.CultureInfo.InvariantCulture);
            columns.Add((Fmt.SchoolYearZh(y) + " 县数", ys + ".counties"));
            columns.Add((Fmt.SchoolYearZh(y) + " 平均差异系数", ys + ".meanCv"));
            columns.Add((Fmt.SchoolYearZh(y) + " σ", ys + ".sigma"));
        }

        columns.Add(("σ变化（负为收敛）", "change"));
        s.Headers(1, 1, columns);
        s.RowHeight(1, 44);
        var row = 3;
        foreach (var c in rollup.Convergence)
        {
            var (lz, le) = Fmt.LevelName(c.Level);
            s.Text(row, 1, lz + " " + le);
            s.Text(row, 2, IndicatorCatalog.TryGet(c.IndicatorId, out var d) ? d.NameZh : c.IndicatorId);
            s.Text(row, 3, c.IndicatorId);
            for (var k = 0; k < years.Length; k++)
            {
                if (c.Points.FirstOrDefault(p => p.Year == years[k]) is { } p)
                {
                    s.Integer(row, 4 + (3 * k), p.Counties);
                    s.Number(row, 5 + (3 * k), p.MeanCv, "0.000");
                    s.Number(row, 6 + (3 * k), p.Sigma, "0.0000");
                }
            }

            s.Number(row, 4 + (3 * years.Length), c.Change, "+0.0000;-0.0000;0.0000");
            row++;
        }

        s.Finish(2, 3, fitWidth: false);
    }
}
