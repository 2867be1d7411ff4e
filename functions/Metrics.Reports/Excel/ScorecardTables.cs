using Metrics.Core.Catalog;
using Metrics.Core.Rollup;
using Metrics.Core.Scoring;
using Metrics.Core.Statistics;
using Metrics.Reports.Text;

namespace Metrics.Reports.Excel;

/// <summary>
/// The scorecard workbook's added sheets: the published 校际均衡情况 table and 自评表
/// (<see cref="PublishedTables"/>), which schools drive each CV with the Atkinson and GE measures,
/// and the county's progress over the years on record (only when there are earlier years).
/// </summary>
internal static class ScorecardTables
{
    public static void Write(XlsxWorkbook wb, Scorecard card)
    {
        var ids = card.Primary.Indicators.Select(i => i.Id).ToArray();
        PublishedTables.National(wb, "校际均衡情况 Balance table", ids,
            card.Levels.Where(l => l.Units > 0).Select(l => new PublishedTables.CountyLevel(
                card.CountyCode, card.CountyName, l.Level,
                id => l.Indicators.FirstOrDefault(i => i.Id == id)?.Mean,
                id => l.Indicators.FirstOrDefault(i => i.Id == id)?.Cv,
                l.CompositeCv)));
        PublishedTables.SelfEvaluation(wb, card);
        Drivers(wb, card);
        History(wb, card);
    }

    private static string Name(string id) => IndicatorCatalog.TryGet(id, out var d) ? d.NameZh : id;

    private static void Drivers(XlsxWorkbook wb, Scorecard card)
    {
        var s = new SheetWriter(wb, "差异来源 CV drivers");
        List<(string Zh, string Key)> columns =
        [
            ("学段", "level"), ("指标", "indicator"), ("差异系数", "cv"), ("CV²", "cv2"), ("组内（城区/镇区/乡村）", "within"), ("组间", "between"),
        ];
        columns.AddRange(EquityFamilies.AtkinsonEpsilons.Select(e => (Fmt.Inv($"阿特金森 ε={e}"), Fmt.Inv($"atkinson{e}"))));
        columns.AddRange(EquityFamilies.GeAlphas.Select(a => (Fmt.Inv($"GE({a})"), Fmt.Inv($"ge{a}"))));
        for (var k = 1; k <= CvDrivers.TopCount; k++)
        {
            columns.Add((Fmt.Inv($"第{k}位学校"), Fmt.Inv($"top{k}.school")));
            columns.Add((Fmt.Inv($"第{k}位差异情况"), Fmt.Inv($"top{k}.term")));
            columns.Add((Fmt.Inv($"第{k}位占比"), Fmt.Inv($"top{k}.share")));
        }

        s.Headers(1, 1, columns);
        s.RowHeight(1, 44);
        var eq = Formats.Decimals(Fmt.EquityDecimals);
        var row = 3;
        foreach (var level in card.Levels.Where(l => l.Units > 0))
        {
            var (lz, le) = Fmt.LevelName(level.Level);
            foreach (var ind in level.Indicators)
            {
                var drivers = SchoolDrivers.Of(level, ind.Id);
                var b = drivers.Breakdown;
                var col = 1;
                s.Text(row, col++, lz + " " + le);
                s.Text(row, col++, Name(ind.Id));
                s.Number(row, col++, ind.Cv, Formats.Decimals(Fmt.CvDecimals));
                s.Number(row, col++, b.Split?.Total, eq);
                s.Number(row, col++, b.Split?.Within, eq);
                s.Number(row, col++, b.Split?.Between, eq);
                var (atkinson, ge) = (drivers.Atkinson, drivers.Ge);
                foreach (var value in atkinson)
                {
                    s.Number(row, col++, value, eq);
                }

                foreach (var value in ge)
                {
                    s.Number(row, col++, value, eq);
                }

                foreach (var t in b.Largest())
                {
                    var school = level.Schools[t.Index];
                    s.Text(row, col++, school.Code + " " + school.Name);
                    s.Number(row, col++, t.Term, "0.000");
                    s.Number(row, col++, t.Share, "0.0%");
                }

                row++;
            }
        }

        s.Finish(2, 2, fitWidth: false);
    }

    private static void History(XlsxWorkbook wb, Scorecard card)
    {
        var series = Progress.Series(card);
        if (series.Count == 0)
        {
            return;
        }

        var years = card.History.Select(y => y.SchoolYear).Append(card.SchoolYear).Order().ToArray();
        var s = new SheetWriter(wb, "历年 Progress");
        List<(string Zh, string Key)> columns = [("学段", "level"), ("指标", "indicator"), ("指标代码", "id")];
        foreach (var y in years)
        {
            var ys = y.ToString(System.Globalization.CultureInfo.InvariantCulture);
            columns.Add((Fmt.SchoolYearZh(y) + " 差异系数", ys + ".cv"));
            columns.Add((Fmt.SchoolYearZh(y) + " 状态", ys + ".status"));
        }

        s.Headers(1, 1, columns);
        s.RowHeight(1, 44);
        var row = 3;
        foreach (var line in series)
        {
            var (lz, le) = Fmt.LevelName(line.Level);
            s.Text(row, 1, lz + " " + le);
            s.Text(row, 2, Name(line.IndicatorId));
            s.Text(row, 3, line.IndicatorId);
            for (var k = 0; k < years.Length; k++)
            {
                if (line.Points.FirstOrDefault(p => p.SchoolYear == years[k]) is { } p)
                {
                    s.Number(row, 4 + (2 * k), p.Cv, Formats.Decimals(Fmt.CvDecimals));
                    s.Text(row, 5 + (2 * k), p.Status == IndicatorStatus.NotJudged ? string.Empty : Fmt.StatusName(p.Status).Zh + " " + Core.Json.ScorecardJson.Name(p.Status));
                }
            }

            row++;
        }

        s.Finish(2, 3, fitWidth: false);
    }
}
