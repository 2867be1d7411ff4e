using Metrics.Core.Catalog;
using Metrics.Core.Model;
using Metrics.Core.Scoring;
using Metrics.Reports.Text;

namespace Metrics.Reports.Excel;

/// <summary>
/// The tables evaluators publish (method §10), written into the scorecard and rollup workbooks.
/// </summary>
/// <remarks>
/// <para>「校际均衡情况」: per county and level two rows, the pupil-weighted mean (均值) and the CV
/// (差异系数) of each indicator in the profile's order as columns L1…Ln, then one more column
/// L(n+1) 综合 for the composite CV — empty under quality-2017, which has no composite (there
/// the columns are L1…L7 and L8). Every number to 3 decimals.</para>
/// <para>自评表: per school and indicator the 基本值 (85 % of the standard), the 达标值 (the
/// standard), the 实际值, the numerator (the unit's resource: value × pupils ÷ scale, e.g. books
/// for 生均图书, teachers for 每百名学生…), 学生数 and 是否达标; the 实际值 and 是否达标 of a
/// missed standard are shaded.</para>
/// </remarks>
internal static class PublishedTables
{
    private const string ThreeDecimals = "0.000";

    /// <summary>One county's level as the national table shows it.</summary>
    public sealed record CountyLevel(string Code, string Name, Level Level, Func<string, double?> Mean, Func<string, double?> Cv, double? CompositeCv);

    /// <summary>The national 校际均衡情况 table of counties sharing <paramref name="indicatorIds"/>.</summary>
    public static void National(XlsxWorkbook wb, string sheetName, IReadOnlyList<string> indicatorIds, IEnumerable<CountyLevel> rows)
    {
        var s = new SheetWriter(wb, sheetName);
        List<(string Zh, string Key)> columns = [("县（市、区）代码", "code"), ("县（市、区）", "name"), ("学段", "level"), ("项目", "row")];
        for (var k = 0; k < indicatorIds.Count; k++)
        {
            var name = IndicatorCatalog.TryGet(indicatorIds[k], out var d) ? d.NameZh : indicatorIds[k];
            columns.Add((Fmt.Inv($"L{k + 1} {name}"), Fmt.Inv($"L{k + 1}:{indicatorIds[k]}")));
        }

        columns.Add((Fmt.Inv($"L{indicatorIds.Count + 1} 综合差异系数"), Fmt.Inv($"L{indicatorIds.Count + 1}:composite")));
        s.Headers(1, 1, columns);
        s.RowHeight(1, 58);
        var row = 3;
        foreach (var r in rows)
        {
            var (lz, le) = Fmt.LevelName(r.Level);
            for (var line = 0; line < 2; line++, row++)
            {
                s.Text(row, 1, r.Code);
                s.Text(row, 2, r.Name);
                s.Text(row, 3, lz + " " + le);
                s.Text(row, 4, line == 0 ? "均值 mean" : "差异系数 CV");
                for (var k = 0; k < indicatorIds.Count; k++)
                {
                    s.Number(row, 5 + k, line == 0 ? r.Mean(indicatorIds[k]) : r.Cv(indicatorIds[k]), ThreeDecimals);
                }

                if (line == 1)
                {
                    s.Number(row, 5 + indicatorIds.Count, r.CompositeCv, ThreeDecimals);
                }
            }
        }

        for (var k = 0; k <= indicatorIds.Count; k++)
        {
            s.Width(5 + k, 14);
        }

        s.Finish(2, 4, fitWidth: false);
    }

    /// <summary>The per-school self-evaluation sheet of a scorecard.</summary>
    public static void SelfEvaluation(XlsxWorkbook wb, Scorecard card)
    {
        var s = new SheetWriter(wb, "自评表 Self-evaluation");
        s.Headers(1, 1,
        [
            ("学段", "level"), ("学校代码", "code"), ("学校名称", "name"), ("指标", "indicator"), ("基本值（标准的85%）", "floor"), ("达标值", "standard"),
            ("实际值", "value"), ("分子", "numerator"), ("学生数", "pupils"), ("是否达标", "meets"),
        ]);
        var row = 3;
        var floorRatio = FloorRatio(card);
        foreach (var level in card.Levels)
        {
            var (lz, le) = Fmt.LevelName(level.Level);
            var levelName = lz + " " + le;

            // What each row of an indicator repeats, looked up once per level rather than once per school.
            var indicators = level.Indicators;
            var defs = new Indicator?[indicators.Count];
            var formats = new string[indicators.Count];
            for (var k = 0; k < indicators.Count; k++)
            {
                defs[k] = IndicatorCatalog.TryGet(indicators[k].Id, out var d) ? d : null;
                formats[k] = Formats.ValueFormat(indicators[k].Id);
            }

            foreach (var school in level.Schools)
            {
                for (var k = 0; k < indicators.Count; k++)
                {
                    var ind = indicators[k];
                    if (!school.Values.TryGetValue(ind.Id, out var value))
                    {
                        continue;
                    }

                    var def = defs[k];
                    var format = formats[k];
                    s.Text(row, 1, levelName);
                    s.Text(row, 2, school.Code);
                    s.Text(row, 3, school.Name);
                    s.Text(row, 4, def?.NameZh ?? ind.Id);
                    s.Number(row, 5, ind.Standard is { } f ? floorRatio * f : null, format);
                    s.Number(row, 6, ind.Standard, format);
                    var actual = s.Number(row, 7, value, format);
                    s.Number(row, 8, def is null ? null : value * school.Pupils / def.Scale, "#,##0.##");
                    s.Integer(row, 9, school.Pupils);
                    if (ind.Standard is { } standard)
                    {
                        var meets = Standard.Meets(value, standard);
                        var cell = s.Text(row, 10, meets ? "是 yes" : "否 no");
                        if (!meets)
                        {
                            Shade(actual);
                            Shade(cell);
                        }
                    }

                    row++;
                }
            }
        }

        s.Finish(2, 3, fitWidth: false);
    }

    private static void Shade(SheetCell cell) => cell.Colour(Tone.Fail);

    /// <summary>The share of a standard below which a missed standard fails the school (85 % nationally).</summary>
    private static double FloorRatio(Scorecard card) =>
        Core.Profiles.ProfileCatalog.Default.TryGet(card.Profile, out var p) && p.SchoolRule is { } rule ? rule.FloorRatio : 0.85;
}
