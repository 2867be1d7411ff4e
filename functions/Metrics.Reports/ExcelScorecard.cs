using Metrics.Core.Catalog;
using Metrics.Core.Json;
using Metrics.Core.Model;
using Metrics.Core.Scoring;
using Metrics.Reports.Excel;
using Metrics.Reports.Text;

namespace Metrics.Reports;

/// <summary>
/// Writes a scorecard as a workbook (scorecard.xlsx): 概览 Summary, one sheet per level with every
/// indicator and equity measure, one sheet of schools per level, 检查 Checks with findings,
/// 警告 Warnings, and 信号 Signals when the workbook carried them.
/// </summary>
/// <remarks>
/// Numbers are numeric cells with number formats (CV 0.000, values by indicator); undefined values
/// are empty cells. Anything the county typed (names, codes, messages) is written as a literal
/// text cell, never as a formula. Every table has Chinese labels over English keys, frozen.
/// </remarks>
public static class ExcelScorecard
{
    private static readonly (string Zh, string Key, Func<Core.Statistics.EquityMeasures, double?> Get)[] EquityColumns =
    [
        ("基尼系数", "gini", e => e.Gini),
        ("泰尔T", "theilT", e => e.TheilT),
        ("泰尔T组内", "theilWithin", e => e.TheilWithin),
        ("泰尔T组间", "theilBetween", e => e.TheilBetween),
        ("平均对数偏差", "mld", e => e.MeanLogDeviation),
        ("麦克伦指数", "mcloone", e => e.McLoone),
        ("韦斯特根指数", "verstegen", e => e.Verstegen),
        ("联邦极差率", "federalRangeRatio", e => e.FederalRangeRatio),
        ("最大/最小", "maxMinRatio", e => e.MaxMinRatio),
    ];

    public static byte[] Write(Scorecard card)
    {
        using var bytes = WritePooled(card);
        return bytes.ToArray();
    }

    /// <summary>The workbook in a pooled buffer, for a caller that stores it and then disposes it (no copy).</summary>
    public static PooledBytes WritePooled(Scorecard card)
    {
        ArgumentNullException.ThrowIfNull(card);
        var wb = new XlsxWorkbook();
        Summary(wb, card);
        foreach (var level in card.Levels)
        {
            LevelSheet(wb, level);
            SchoolSheet(wb, level);
        }

        ChecksSheet(wb, card.Checks);
        ShortfallSheet(wb, card.Shortfalls);
        if (card.Plan is { } plan)
        {
            PlanSheet.Write(wb, plan);
        }

        ScopeSheet(wb, card);
        WarningsSheet(wb, card.Warnings);
        SignalsSheet(wb, card.Signals);
        ScorecardTables.Write(wb, card);
        return wb.ToPooled();
    }

    private static void Summary(XlsxWorkbook wb, Scorecard card)
    {
        var s = new SheetWriter(wb, "概览 Summary");
        s.Headers(1, 1, [("项目", "item"), ("键", "key"), ("值", "value"), ("说明", "note")]);
        var row = 3;
        var profile = card.ProfileDefinition;

        void Text(string zh, string key, string? value, string? note = null)
        {
            s.Text(row, 1, zh);
            s.Text(row, 2, key);
            s.Text(row, 3, value);
            if (note is not null)
            {
                s.Text(row, 4, note);
            }

            row++;
        }

        void Number(string zh, string key, double? value, string format, string? note = null)
        {
            s.Text(row, 1, zh);
            s.Text(row, 2, key);
            s.Number(row, 3, value, format).AlignLeft();
            if (note is not null)
            {
                s.Text(row, 4, note);
            }

            row++;
        }

        Text("县（市、区）代码", "county_code", card.CountyCode);
        Text("县（市、区）名称", "county_name", card.CountyName);
        Number("学年", "school_year", card.SchoolYear, "0", Fmt.SchoolYearZh(card.SchoolYear) + " " + Fmt.SchoolYearEn(card.SchoolYear));
        Text("评估方案", "profile", card.Profile, profile is null ? null : profile.NameZh + " / " + profile.NameEn);
        var statusFrom = row;
        Text("总体结论", "overall_status", Fmt.StatusText(card.Overall.Status));
        Text("未达标项", "failed_checks", string.Join(", ", card.Overall.FailedChecks),
            string.Join("；", card.Overall.FailedChecks.Select(id => Fmt.OverallItemName(id).Zh)));
        Text("未评估项", "not_assessed_checks", string.Join(", ", card.Overall.NotAssessedChecks),
            string.Join("；", card.Overall.NotAssessedChecks.Select(id => Fmt.OverallItemName(id).Zh)));
        foreach (var dim in Fmt.Dimensions)
        {
            var (zh, en) = Fmt.DimensionName(dim);
            Text(zh, "dimension." + Fmt.DimensionKey(dim), Fmt.StatusText(Dimensions.Of(card, dim)), en);
        }

        var statusTo = row - 1;
        foreach (var level in card.Levels)
        {
            var lk = ScorecardJson.Name(level.Level);
            var (lz, le) = Fmt.LevelName(level.Level);
            Number(lz + "参评学校数", lk + ".units", level.Units, "#,##0", le + " units");
            Number(lz + "学生数", lk + ".pupils", level.Pupils, "#,##0", le + " pupils");
            Number(lz + "达标学校数", lk + ".schoolsPassing", level.SchoolsPassing, "#,##0", le + " schools meeting the school rule");
            Number(lz + "达标指标数", lk + ".indicatorsPassing", level.Indicators.Count(i => i.Status == IndicatorStatus.Pass), "0",
                Fmt.Inv($"{le} indicators with CV ≤ threshold (of {level.Indicators.Count(i => i.Threshold is not null)})"));
            if (level.CompositeThreshold is not null)
            {
                Number(lz + "综合差异系数", lk + ".compositeCv", level.CompositeCv, Formats.Decimals(Fmt.CvDecimals), le + " composite CV");
                Number(lz + "综合差异系数阈值", lk + ".compositeThreshold", level.CompositeThreshold, Formats.Decimals(Fmt.ThresholdDecimals), le + " composite CV threshold");
            }
        }

        Number("检查达标数", "checks.pass", card.Checks.Count(c => c.Status == Status.Pass), "0", "checks passing");
        Number("检查未达标数", "checks.fail", card.Checks.Count(c => c.Status == Status.Fail), "0", "checks failing");
        Number("检查未评估数", "checks.not_assessed", card.Checks.Count(c => c.Status == Status.NotAssessed), "0", "checks not assessed");
        Number("数据警告数", "warnings", card.Warnings.Count, "0", "data warnings");
        Text("提交文件 SHA-256", "submission.sha256", card.Submission?.Sha256);
        Text("接收时间", "submission.received_utc", card.Submission is { } sub ? Fmt.Utc(sub.ReceivedUtc) : null);
        if (card.FromExport is { } export)
        {
            // Scored straight from the education-statistics export: say so, and what the county still has to supply.
            Text("数据来源", "source.kind", Metrics.Core.Import.ExportSource.Kind, "教育事业统计导出 education-statistics export (" + export.Mapping + ")");
            Text("待补充列", "source.fieldsToComplete", string.Join(", ", export.FieldsToComplete), "导出中没有，需在预填工作簿中补充 not in the export: complete them in the pre-filled workbook");
            Text("未评估检查", "source.checksNotAssessed", string.Join(", ", export.ChecksNotAssessed), "缺少数据，未评估 not assessed for lack of data");
            Number("暂未计入的教学点", "source.heldBackTeachingPoints", export.HeldBackTeachingPoints, "0", "待填写所属学校 teaching points held back until their parent school is filled in");
        }

        Formats.Statuses(s, statusFrom, statusTo, 3);
        s.Width(4, 48);
        s.Finish(2, 0);
    }

    private static void LevelSheet(XlsxWorkbook wb, LevelResult level)
    {
        var (lz, le) = Fmt.LevelName(level.Level);
        var s = new SheetWriter(wb, lz + " " + le);
        List<(string Zh, string Key)> columns =
        [
            ("序号", "no"), ("指标", "indicator"), ("Indicator", "indicator_en"), ("指标代码", "id"), ("单位", "unit"),
            ("标准", "standard"), ("均值", "mean"), ("差异系数", "cv"), ("阈值", "threshold"), ("状态", "status"), ("临界", "borderline"),
        ];
        columns.AddRange(EquityColumns.Select(e => (e.Zh, e.Key)));
        columns.Add(("未加权差异系数（参考）", "unweightedCv"));
        s.Headers(1, 1, columns);
        const int cvCol = 8, thresholdCol = 9, statusCol = 10, borderlineCol = 11;

        var row = 3;
        for (var k = 0; k < level.Indicators.Count; k++, row++)
        {
            var r = level.Indicators[k];
            var def = IndicatorCatalog.TryGet(r.Id, out var d) ? d : null;
            var format = Formats.ValueFormat(r.Id);
            s.Number(row, 1, k + 1, "0");
            s.Text(row, 2, def?.NameZh ?? r.Id);
            s.Text(row, 3, def?.NameEn ?? r.Id);
            s.Text(row, 4, r.Id);
            s.Text(row, 5, def is null ? null : def.UnitZh + " " + def.UnitEn);
            s.Number(row, 6, r.Standard, format);
            s.Number(row, 7, r.Mean, format);
            s.Number(row, cvCol, r.Cv, Formats.Decimals(Fmt.CvDecimals));
            s.Number(row, thresholdCol, r.Threshold, Formats.Decimals(Fmt.ThresholdDecimals));
            s.Text(row, statusCol, Fmt.StatusText(r));
            s.Bool(row, borderlineCol, r.Borderline);
            for (var e = 0; e < EquityColumns.Length; e++)
            {
                s.Number(row, 12 + e, EquityColumns[e].Get(r.Equity), Formats.Decimals(Fmt.EquityDecimals));
            }

            s.Number(row, 12 + EquityColumns.Length, r.UnweightedCv, Formats.Decimals(Fmt.CvDecimals));
        }

        var last = row - 1;
        if (level.CompositeThreshold is not null)
        {
            row++;
            s.Text(row, 2, "综合差异系数");
            s.Text(row, 3, "Composite CV (plain mean of the indicators' unrounded CVs)");
            s.Text(row, 4, "compositeCv");
            s.Number(row, cvCol, level.CompositeCv, Formats.Decimals(Fmt.CvDecimals));
            s.Number(row, thresholdCol, level.CompositeThreshold, Formats.Decimals(Fmt.ThresholdDecimals));
            s.Text(row, statusCol, level.CompositeStatus is null && level.Units > 0 ? "未定义 undefined" : Fmt.StatusText(level.CompositeStatus));
            s.Bool(row, borderlineCol, level.CompositeBorderline);
            s.Bold(row, 2, borderlineCol);
            last = row;
        }

        if (last >= 3)
        {
            Formats.Statuses(s, 3, last, statusCol);
            Formats.AmberWhenTrue(s, 3, last, borderlineCol);
            Formats.CvAgainstThreshold(s, 3, last, cvCol, thresholdCol, borderlineCol);
        }

        s.Finish(2, 2);
    }

    private static void SchoolSheet(XlsxWorkbook wb, LevelResult level)
    {
        var (lz, le) = Fmt.LevelName(level.Level);
        var s = new SheetWriter(wb, lz + "学校 " + le + " schools");
        var indicators = level.Indicators;
        var judged = level.Schools.Any(x => x.Status is not null);
        List<(string Zh, string Key)> columns = [("学校代码", "code"), ("学校名称", "name"), ("位置", "location"), ("学生数", "pupils")];
        foreach (var r in indicators)
        {
            var name = IndicatorCatalog.TryGet(r.Id, out var d) ? d.NameZh : r.Id;
            var std = r.Standard is { } v ? "（标准 " + Fmt.Number(v, Fmt.ValueDecimals(r.Id)) + "）" : string.Empty;
            columns.Add((name + std, r.Id));
        }

        columns.Add(("达标项数", "met"));
        columns.Add(("状态", "status"));
        columns.Add(("差距", "shortfalls"));
        s.Headers(1, 1, columns);
        s.RowHeight(1, 58);
        var firstValue = 5;
        var metCol = firstValue + indicators.Count;
        var statusCol = metCol + 1;
        var shortfallCol = metCol + 2;

        // Per indicator, what every school's row repeats; per location, its bilingual name.
        var formats = new string[indicators.Count];
        var defs = new Indicator?[indicators.Count];
        for (var k = 0; k < indicators.Count; k++)
        {
            formats[k] = Formats.ValueFormat(indicators[k].Id);
            defs[k] = IndicatorCatalog.TryGet(indicators[k].Id, out var d) ? d : null;
        }

        var locations = new Dictionary<Location, string>();
        var phrases = new List<string>();
        var row = 3;
        foreach (var school in level.Schools)
        {
            if (!locations.TryGetValue(school.Location, out var location))
            {
                var (lzh, len) = Fmt.LocationName(school.Location);
                locations[school.Location] = location = lzh + " " + len;
            }

            s.Text(row, 1, school.Code);
            s.Text(row, 2, school.Name);
            s.Text(row, 3, location);
            s.Integer(row, 4, school.Pupils);
            for (var k = 0; k < indicators.Count; k++)
            {
                s.Number(row, firstValue + k, school.Values.TryGetValue(indicators[k].Id, out var v) ? v : null, formats[k]);
            }

            if (judged)
            {
                s.Number(row, metCol, school.Met, "0");
            }

            s.Text(row, statusCol, Formats.StatusText(school.Status));
            phrases.Clear();
            if (school.Shortfalls.Count > 0)
            {
                for (var k = 0; k < indicators.Count; k++)
                {
                    if (defs[k] is { } def && school.Shortfalls.TryGetValue(indicators[k].Id, out var amount))
                    {
                        phrases.Add(Shortfall.Both(def, amount));
                    }
                }
            }

            s.Text(row, shortfallCol, phrases.Count == 0 ? string.Empty : string.Join("\n", phrases)).Wrap();
            row++;
        }

        var last = row - 1;
        if (last >= 3)
        {
            for (var k = 0; k < indicators.Count; k++)
            {
                if (indicators[k].Standard is { } std)
                {
                    Formats.BelowInRed(s, 3, last, firstValue + k, Fmt.StandardFloor(std));
                }
            }

            Formats.Statuses(s, 3, last, statusCol);
        }

        for (var k = 0; k < indicators.Count; k++)
        {
            // Wide enough for the English key; the long Chinese name wraps in the taller first row.
            s.Width(firstValue + k, Math.Max(14, indicators[k].Id.Length + 1));
        }

        s.Width(shortfallCol, 44);
        s.Finish(2, 2);
    }

    private static void ChecksSheet(XlsxWorkbook wb, IReadOnlyList<CheckResult> checks)
    {
        var s = new SheetWriter(wb, "检查 Checks");
        s.Headers(1, 1,
        [
            ("序号", "no"), ("检查代码", "id"), ("检查项目", "name"), ("Check", "name_en"), ("数值", "value"), ("要求", "threshold"),
            ("状态", "status"), ("一票否决", "veto"), ("发现数", "findings"),
        ]);
        var row = 3;
        var n = 0;
        foreach (var c in checks)
        {
            n++;
            var (zh, en) = CheckCatalog.NameOf(c.Id);
            s.Number(row, 1, n, "0");
            Row(c.Id, zh, en, c, CheckCatalog.KindOf(c.Id));
            s.Bool(row, 8, c.IsVeto);
            row++;
            foreach (var part in c.Parts)
            {
                var p = CheckCatalog.PartOf(c.Id, part.Id);
                Row(c.Id + "." + part.Id, "  └ " + p.NameZh, "  └ " + p.NameEn, part, p.Kind);
                row++;
            }
        }

        var last = row - 1;
        if (last >= 3)
        {
            Formats.Statuses(s, 3, last, 7);
        }

        // The findings, one row each, below the checks.
        row += 2;
        s.Title(row, 1, "发现 Findings");
        row++;
        s.Headers(row, 1,
        [
            ("序号", "no"), ("检查代码", "check_id"), ("学校代码", "school_code"), ("学校名称", "school_name"), ("数值", "value"), ("限值", "limit"),
            ("说明", "message_zh"), ("Message", "message_en"),
        ]);
        row += 2;
        var f = 0;
        foreach (var (id, finding) in checks.SelectMany(c => c.Findings.Select(x => (c.Id, x)).Concat(c.Parts.SelectMany(p => p.Findings.Select(x => (c.Id + "." + p.Id, x))))))
        {
            f++;
            s.Number(row, 1, f, "0");
            s.Text(row, 2, id);
            s.Text(row, 3, finding.SchoolCode);
            s.Text(row, 4, finding.SchoolName);
            s.Number(row, 5, finding.Value, "#,##0.###");
            s.Number(row, 6, finding.Limit, "#,##0.###");
            s.Text(row, 7, finding.MessageZh);
            s.Text(row, 8, finding.MessageEn);
            row++;
        }

        if (f == 0)
        {
            s.Text(row, 2, "无 none");
        }

        s.Width(7, 50);
        s.Width(8, 50);
        s.Finish(2, 0);

        void Row(string id, string zh, string en, CheckResult c, CheckValueKind kind)
        {
            s.Text(row, 2, id);
            s.Text(row, 3, zh);
            s.Text(row, 4, en);
            s.Number(row, 5, c.Value, CheckDisplay.ExcelFormat(kind));
            s.Number(row, 6, c.Threshold, CheckDisplay.ExcelFormat(kind));
            s.Text(row, 7, Fmt.StatusText(c.Status));
            s.Number(row, 9, c.Findings.Count, "0");
        }
    }

    private static void WarningsSheet(XlsxWorkbook wb, IReadOnlyList<ValidationIssue> warnings)
    {
        var s = new SheetWriter(wb, "警告 Warnings");
        s.Headers(1, 1,
        [
            ("序号", "no"), ("级别", "severity"), ("代码", "code"), ("工作表", "sheet"), ("行", "row"), ("列", "column"), ("单元格", "cell"),
            ("说明", "message_zh"), ("Message", "message_en"),
        ]);
        var row = 3;
        foreach (var w in warnings)
        {
            s.Number(row, 1, row - 2, "0");
            s.Text(row, 2, w.Severity == Severity.Error ? "错误 error" : "警告 warning");
            s.Text(row, 3, w.Code);
            s.Text(row, 4, w.Sheet);
            s.Number(row, 5, w.Row, "0");
            s.Text(row, 6, w.Column);
            s.Text(row, 7, w.Cell);
            s.Text(row, 8, w.MessageZh);
            s.Text(row, 9, w.MessageEn);
            row++;
        }

        if (warnings.Count == 0)
        {
            s.Text(3, 2, "无 none");
        }

        s.Width(8, 60);
        s.Width(9, 60);
        if (warnings.Count > 0)
        {
            s.Wrap(3, 8, row - 1, 9);
        }

        s.Finish(2, 0);
    }

    /// <summary>补足 Shortfalls: county totals by resource, then each addition in the workbook's own columns.</summary>
    private static void ShortfallSheet(XlsxWorkbook wb, ShortfallSummary shortfalls)
    {
        var s = new SheetWriter(wb, "补足 Shortfalls");
        s.Headers(1, 1, [("资源", "resource"), ("键", "key"), ("全县合计", "total")]);
        var row = 3;
        foreach (var stem in shortfalls.Totals.Keys.Order(StringComparer.Ordinal))
        {
            var (zh, en) = HtmlScorecard.ResourceName(stem);
            s.Text(row, 1, zh + " " + en);
            s.Text(row, 2, stem);
            s.Number(row, 3, shortfalls.Totals[stem], "#,##0");
            row++;
        }

        row++;
        s.Title(row, 1, "逐校补足（加到全校合计或该学段的填报列；一贯制、完全中学的设施取各学段所需的较大值） Additions per school, in the workbook's columns");
        row++;
        s.Headers(row, 1, [("学校代码", "school_code"), ("学校名称", "school_name"), ("填报列", "field"), ("增加", "add")]);
        row += 2;
        foreach (var a in shortfalls.Additions)
        {
            s.Text(row, 1, a.SchoolCode);
            s.Text(row, 2, a.SchoolName);
            s.Text(row, 3, a.Column);
            s.Number(row, 4, a.Add, "#,##0");
            row++;
        }

        s.Finish(2, 0);
    }

    /// <summary>口径 Scope: what the profile's options do, and every school left out of the units with the reason.</summary>
    private static void ScopeSheet(XlsxWorkbook wb, Scorecard card)
    {
        var s = new SheetWriter(wb, "口径 Scope");
        var profile = card.ProfileDefinition;
        s.Headers(1, 1, [("说明", "note_zh"), ("Note", "note_en")]);
        var row = 3;
        foreach (var (zh, en) in ScopeNotes.For(card, profile))
        {
            s.Text(row, 1, zh);
            s.Text(row, 2, en);
            row++;
        }

        row++;
        s.Title(row, 1, "未计入差异系数的学校 Schools left out of the units");
        row++;
        s.Headers(row, 1, [("学校代码", "school_code"), ("学校名称", "school_name"), ("原因", "reason"), ("说明", "reason_zh"), ("Reason", "reason_en")]);
        row += 2;
        foreach (var e in card.Excluded)
        {
            s.Text(row, 1, e.School.Code);
            s.Text(row, 2, e.School.Name);
            s.Text(row, 3, e.ReasonId);
            s.Text(row, 4, e.ReasonZh);
            s.Text(row, 5, e.ReasonEn);
            row++;
        }

        s.Width(1, 60);
        s.Width(2, 60);
        s.Finish(2, 0, fitWidth: false);
    }

    private static void SignalsSheet(XlsxWorkbook wb, Signals signals)
    {
        if (signals.EnrollmentWarnings is null && signals.Pairing is null && signals.AfterSchool is null && signals.Rotation is null)
        {
            return;
        }

        var s = new SheetWriter(wb, "信号 Signals");
        s.Headers(1, 1, [("项目", "item"), ("键", "key"), ("值", "value"), ("说明", "note")]);
        var row = 3;
        if (signals.Pairing is { } p)
        {
            Pair("乡村小规模学校数", "pairing.ruralSmallSchools", p.RuralSmallSchools, "0");
            Pair("已结对数", "pairing.paired", p.Paired, "0");
            Pair("结对覆盖率", "pairing.coverage", p.Coverage, "0.0%");
            foreach (var key in p.ScopeShares.Keys.Order(StringComparer.Ordinal))
            {
                Pair("结对范围占比 " + key, "pairing.scopeShares." + key, p.ScopeShares[key], "0.0%",
                    p.ScopeTargets.TryGetValue(key, out var t) ? "目标 target " + Fmt.Percent(t) : null);
            }

            Verdict("结对覆盖结论", "pairing.coverageStatus", p.CoverageStatus, p.Unpaired.Count == 0 ? null : "未结对 not paired: " + string.Join(", ", p.Unpaired));
            Verdict("结对范围结构结论", "pairing.scopeStatus", p.ScopeStatus, Fmt.Inv($"{p.Scoped} 所填写结对范围 schools with a scope"));
        }

        if (signals.Rotation is { } r)
        {
            Pair("城镇学校交流教师数", "rotation.rotatedFromUrbanTown", r.RotatedFromUrbanTown, "#,##0", "rotated out of urban and town schools");
            Pair("其中到乡村学校", "rotation.toRural", r.ToRural, "#,##0", "of whom to rural schools");
            Pair("到乡村比例", "rotation.toRuralShare", r.ToRuralShare, "0.0%", "share to rural schools");
        }

        if (signals.AfterSchool is { } a)
        {
            Pair("课后服务开展学校数", "afterSchool.offering", a.Offering, "0", Fmt.Inv($"/ {a.Schools}"));
            Pair("学校覆盖率", "afterSchool.coverage", a.Coverage, "0.0%");
            Pair("参加学生数", "afterSchool.participating", a.Participating, "#,##0", Fmt.Inv($"/ {a.Pupils}"));
            Pair("学生参与率", "afterSchool.participationRate", a.ParticipationRate, "0.0%", "over non-boarding primary pupils");
            Pair("小学寄宿生数", "afterSchool.boardingPupils", a.BoardingPupils, "#,##0", "boarding primary pupils (left out)");
        }

        if (signals.EnrollmentWarnings is { } warnings)
        {
            row++;
            s.Title(row, 1, "入学预警 Enrolment early warning");
            row++;
            s.Headers(row, 1, [("学校代码", "school_code"), ("学校名称", "school_name"), ("片区适龄儿童", "catchment_children"), ("计划招生", "planned_intake"), ("比例", "ratio"), ("预警", "level"), ("年级", "grade")]);
            row += 2;
            foreach (var w in warnings)
            {
                s.Text(row, 1, w.SchoolCode);
                s.Text(row, 2, w.SchoolName);
                s.Integer(row, 3, w.CatchmentChildren);
                s.Integer(row, 4, w.PlannedIntake);
                s.Number(row, 5, w.Ratio, "0.0%");
                s.Text(row, 6, (w.Level == "red" ? "红色 " : "黄色 ") + w.Level).Colour(w.Level == "red" ? Tone.Fail : Tone.Amber);
                s.Text(row, 7, (w.Grade == EnrollmentWarning.JuniorFirstGrade ? "初一 " : "小一 ") + w.Grade);
                row++;
            }
        }

        s.Finish(2, 0);

        void Verdict(string zh, string key, Status status, string? note)
        {
            s.Text(row, 1, zh);
            s.Text(row, 2, key);
            s.Text(row, 3, Fmt.StatusText(status));
            if (note is not null)
            {
                s.Text(row, 4, note);
            }

            row++;
        }

        void Pair(string zh, string key, double? value, string format, string? note = null)
        {
            s.Text(row, 1, zh);
            s.Text(row, 2, key);
            s.Number(row, 3, value, format);
            if (note is not null)
            {
                s.Text(row, 4, note);
            }

            row++;
        }
    }
}
