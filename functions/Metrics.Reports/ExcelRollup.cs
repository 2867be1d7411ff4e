using Metrics.Core.Catalog;
using Metrics.Core.Json;
using Metrics.Core.Model;
using Metrics.Core.Rollup;
using Metrics.Reports.Excel;
using Metrics.Reports.Text;

namespace Metrics.Reports;

/// <summary>
/// Writes the yearly rollup as a workbook (rollup.xlsx): 汇总 Summary with the counts, and
/// 县 Counties with one row per county — statuses by dimension, each level's CVs and composite,
/// score, rank, last year's rank and score and the changes. Missing counties stay in the sheet,
/// greyed and unranked. Numbers are numeric cells; names and codes are literal text.
/// </summary>
public static class ExcelRollup
{
    public static byte[] Write(RollupResult rollup)
    {
        ArgumentNullException.ThrowIfNull(rollup);
        var wb = new XlsxWorkbook();
        Summary(wb, rollup);
        Counties(wb, rollup);
        RollupTables.Write(wb, rollup);
        return wb.ToBytes();
    }

    private static void Summary(XlsxWorkbook wb, RollupResult rollup)
    {
        var s = new SheetWriter(wb, "汇总 Summary");
        s.Headers(1, 1, [("项目", "item"), ("键", "key"), ("值", "value"), ("说明", "note")]);
        var row = 3;
        Pair("学年", "year", rollup.Year, Fmt.SchoolYearZh(rollup.Year) + " " + Fmt.SchoolYearEn(rollup.Year));
        Pair("对比学年", "previousYear", rollup.PreviousYear, rollup.PreviousYear is { } p ? Fmt.SchoolYearZh(p) : "无上年数据 no previous year");
        Pair("参评县数", "counties", rollup.Counties, "counties");
        Pair("达标县数", "passing", rollup.Passing, "counties passing overall");
        Pair("未达标县数", "failing", rollup.Failing, "counties failing overall");
        Pair("缺报县数", "missing", rollup.MissingCount, "counties that submitted nothing");
        Pair("未通过校验县数", "rejected", rollup.RejectedCount, "counties whose upload was rejected, with no accepted scorecard");
        Pair("处理中县数", "processing", rollup.ProcessingCount, "counties whose upload is still being processed");
        foreach (var dim in Fmt.Dimensions)
        {
            var (zh, en) = Fmt.DimensionName(dim);
            Pair(zh + "达标县数", "passingByDimension." + Fmt.DimensionKey(dim), rollup.PassingByDimension.TryGetValue(dim, out var n) ? n : 0, en + ": counties passing");
        }

        s.Finish(2, 0);

        void Pair(string zh, string key, int? value, string note)
        {
            s.Text(row, 1, zh);
            s.Text(row, 2, key);
            s.Number(row, 3, value, "0").AlignLeft();
            s.Text(row, 4, note);
            row++;
        }
    }

    private static void Counties(XlsxWorkbook wb, RollupResult rollup)
    {
        var rows = RollupView.DisplayOrder(rollup.Rows);
        var s = new SheetWriter(wb, "县 Counties") { MaxWidth = 40 };
        List<(string Zh, string Key)> columns =
        [
            ("排名", "rank"), ("代码", "code"), ("县（市、区）", "name"), ("缺报", "missing"), ("方案", "profile"), ("总体", "overall"),
        ];
        columns.AddRange(Fmt.Dimensions.Select(d => (Fmt.DimensionName(d).Zh, "dimensions." + Fmt.DimensionKey(d))));
        columns.AddRange(
        [
            ("得分", "score"), ("上年排名", "previous.rank"), ("上年得分", "previous.score"), ("排名变化（正为上升）", "previous.rankDelta"),
            ("得分变化（负为更均衡）", "previous.scoreDelta"), ("上年总体", "previous.overall"),
        ]);
        var levels = new[] { Level.Primary, Level.Junior };
        var ids = levels.ToDictionary(l => l, l => RollupView.IndicatorIds(rows, l));
        foreach (var level in levels)
        {
            var lz = Fmt.LevelName(level).Zh;
            var lk = ScorecardJson.Name(level);
            columns.AddRange(
            [
                (lz + "状态", lk + ".status"), (lz + "学校数", lk + ".units"), (lz + "学生数", lk + ".pupils"), (lz + "达标学校数", lk + ".schoolsPassing"),
                (lz + "综合差异系数", lk + ".compositeCv"),
            ]);
            columns.AddRange(ids[level].Select(id => (lz + (IndicatorCatalog.TryGet(id, out var d) ? d.NameZh : id) + " 差异系数", lk + ".cvs." + id)));
        }

        s.Headers(1, 1, columns);
        s.RowHeight(1, 44);
        var col = columns.Select((c, i) => (c.Key, i + 1)).ToDictionary(x => x.Key, x => x.Item2, StringComparer.Ordinal);
        var cv = Fmt.DecimalsFormat(Fmt.CvDecimals);
        // Column numbers looked up once, not by a key built per cell (2 900 rows × some forty cells).
        var (cRank, cCode, cName, cMissing, cProfile, cOverall, cScore) = (col["rank"], col["code"], col["name"], col["missing"], col["profile"], col["overall"], col["score"]);
        var cDimensions = Fmt.Dimensions.Select(d => col["dimensions." + Fmt.DimensionKey(d)]).ToArray();
        var (cPrevRank, cPrevScore, cPrevRankDelta, cPrevScoreDelta, cPrevOverall) =
            (col["previous.rank"], col["previous.score"], col["previous.rankDelta"], col["previous.scoreDelta"], col["previous.overall"]);
        var levelColumns = levels.Select(level =>
        {
            var lk = ScorecardJson.Name(level);
            return (Level: level, Status: col[lk + ".status"], Units: col[lk + ".units"], Pupils: col[lk + ".pupils"], SchoolsPassing: col[lk + ".schoolsPassing"],
                Composite: col[lk + ".compositeCv"], Cvs: ids[level].ToDictionary(id => id, id => col[lk + ".cvs." + id], StringComparer.Ordinal));
        }).ToArray();
        var statusText = Enum.GetValues<Status>().ToDictionary(st => st, st => Fmt.StatusText(st));
        var missingRows = new List<int>();
        var row = 3;
        foreach (var r in rows)
        {
            s.Number(row, cRank, r.Rank, "0", styleCell: false);
            s.Text(row, cCode, r.Code);
            s.Text(row, cName, r.Name);
            s.Bool(row, cMissing, r.Missing);
            s.Text(row, cProfile, r.Card?.Profile);
            s.Text(row, cOverall, r.Missing || r.Card is null ? StateText(r.State) : statusText[r.Card.Overall]);
            for (var d = 0; d < cDimensions.Length; d++)
            {
                s.Text(row, cDimensions[d], r.Dimensions.TryGetValue(Fmt.Dimensions[d], out var st) ? statusText[st] : null);
            }

            s.Number(row, cScore, r.Score, cv, styleCell: false);
            if (r.Previous is { } p)
            {
                s.Number(row, cPrevRank, p.Rank, "0", styleCell: false);
                s.Number(row, cPrevScore, p.Score, cv, styleCell: false);
                s.Number(row, cPrevRankDelta, p.RankDelta, "+0;-0;0", styleCell: false);
                s.Number(row, cPrevScoreDelta, p.ScoreDelta, "+0.000;-0.000;0.000", styleCell: false);
                s.Text(row, cPrevOverall, statusText[p.Overall]);
            }

            foreach (var c in levelColumns)
            {
                if (r.Card?.At(c.Level) is not { } l)
                {
                    continue;
                }

                s.Text(row, c.Status, statusText[l.Status]);
                s.Number(row, c.Units, l.Units, "#,##0", styleCell: false);
                s.Number(row, c.Pupils, l.Pupils, "#,##0", styleCell: false);
                if (l.SchoolsPassing is null)
                {
                    s.Text(row, c.SchoolsPassing, "不适用 n/a");
                }
                else
                {
                    s.Number(row, c.SchoolsPassing, l.SchoolsPassing, "#,##0", styleCell: false);
                }
                s.Number(row, c.Composite, l.CompositeCv, cv, styleCell: false);
                foreach (var (id, value) in l.Cvs)
                {
                    s.Number(row, c.Cvs[id], value, cv, styleCell: false);
                }
            }

            if (r.Missing)
            {
                missingRows.Add(row);
            }

            row++;
        }

        var last = row - 1;
        s.ColumnFormat(col["rank"], 3, last, "0");
        s.ColumnFormat(col["score"], 3, last, cv);
        s.ColumnFormat(col["previous.rank"], 3, last, "0");
        s.ColumnFormat(col["previous.score"], 3, last, cv);
        s.ColumnFormat(col["previous.rankDelta"], 3, last, "+0;-0;0");
        s.ColumnFormat(col["previous.scoreDelta"], 3, last, "+0.000;-0.000;0.000");
        foreach (var level in levels)
        {
            var lk = ScorecardJson.Name(level);
            s.ColumnFormat(col[lk + ".units"], 3, last, "#,##0");
            s.ColumnFormat(col[lk + ".pupils"], 3, last, "#,##0");
            s.ColumnFormat(col[lk + ".schoolsPassing"], 3, last, "#,##0");
            s.ColumnFormat(col[lk + ".compositeCv"], 3, last, cv);
            foreach (var id in ids[level])
            {
                s.ColumnFormat(col[lk + ".cvs." + id], 3, last, cv);
            }
        }

        if (last >= 3)
        {
            foreach (var key in col.Keys.Where(k => k is "overall" or "previous.overall" || k.StartsWith("dimensions.", StringComparison.Ordinal) || k.EndsWith(".status", StringComparison.Ordinal)))
            {
                Formats.Statuses(s, 3, last, col[key]);
            }
        }

        foreach (var m in missingRows)
        {
            s.Colour(m, 1, m, columns.Count, Tone.Grey);
        }

        foreach (var key in col.Keys.Where(k => k.Contains(".cvs.", StringComparison.Ordinal) || k.StartsWith("dimensions.", StringComparison.Ordinal)))
        {
            s.Width(col[key], 12);
        }

        s.Finish(2, 3, fitWidth: false);
    }

    private static string StateText(CountyState state)
    {
        var (zh, en) = RollupView.StateName(state);
        return zh + " " + en;
    }
}
