using System.Globalization;
using Metrics.Core.Catalog;
using Metrics.Core.Json;
using Metrics.Core.Model;
using Metrics.Core.Profiles;
using Metrics.Core.Rollup;
using Metrics.Core.Scoring;
using Metrics.Reports.Html;
using Metrics.Reports.Text;
using static Metrics.Reports.Html.Markup;

namespace Metrics.Reports;

/// <summary>
/// Renders a scorecard as one self-contained, printable HTML page (scorecard.html): inline CSS and
/// SVG, no script, no external reference. Chinese first with English beside it.
/// </summary>
/// <remarks>
/// Every displayed number sits in an element whose <c>data-key</c> follows the JSON contract's
/// path (e.g. <c>primary.multimedia_rooms_per100.cv</c>, <c>primary.schools.B.status</c>,
/// <c>checks.class_size.value</c>, <c>overall.status</c>) and whose <c>data-value</c> holds the
/// full-precision number (or the JSON status name) of <see cref="ScorecardJson"/>; an undefined
/// value has an empty <c>data-value</c> and shows "—". Text from the workbook is HTML-escaped.
/// </remarks>
public static class HtmlScorecard
{
    public static string Render(Scorecard card)
    {
        using var page = Build(card);
        return page.ToString();
    }

    /// <summary>The page as UTF-8 (what is stored), written as UTF-8 from the start: no string of the page is made.</summary>
    public static byte[] RenderUtf8(Scorecard card)
    {
        using var page = Build(card);
        return page.ToArray();
    }

    /// <summary>The page as UTF-8 in a pooled buffer, for a caller that stores it and then disposes it (no copy).</summary>
    public static PooledBytes RenderPooled(Scorecard card)
    {
        using var page = Build(card);
        return page.Detach();
    }

    private static PageWriter Build(Scorecard card)
    {
        ArgumentNullException.ThrowIfNull(card);
        var profile = card.ProfileDefinition;
        // Sized from the page before (pages of one batch are alike), so the buffer is rarely grown and copied.
        var h = new PageWriter(Math.Max(64 * 1024, lastLength + (lastLength / 8)));
        Head(h, card);
        Header(h, card, profile);
        Summary(h, card);
        Html.ExportSection.Write(h, card);
        foreach (var level in card.Levels)
        {
            LevelSection(h, level);
        }

        ScorecardAnalysisHtml.Append(h, card);
        Shortfalls(h, card.Shortfalls);
        if (card.Plan is { } plan)
        {
            PlanSection.Render(h, plan);
        }

        Checks(h, card.Checks);
        Signals(h, card.Signals);
        Scope(h, card, profile);
        Warnings(h, card.Warnings);
        Footer(h, profile);
        h.Append("</body>\n</html>\n"u8);
        lastLength = h.Length;
        return h;
    }

    // Length of the last page rendered (by any thread: a hint, not state).
    private static int lastLength;

    private static void Head(PageWriter h, Scorecard card)
    {
        h.Append("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n")
         .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
         .Append("<title>").Append(Escape(card.CountyName)).Append(' ').Append(Escape(Fmt.SchoolYearZh(card.SchoolYear)))
         .Append(" 义务教育均衡发展评估 Scorecard</title>\n<style>\n"u8).Append(Css.ScorecardSheetUtf8).Append("</style>\n</head>\n<body>\n"u8);
    }

    private static void Header(PageWriter h, Scorecard card, Profile? profile)
    {
        h.Append("<header class=\"top\">\n<div>\n<p class=\"muted\">").Append(Bi("县域义务教育均衡发展督导评估", "County supervision and evaluation of balanced compulsory education"))
         .Append("</p>\n<h1>").Append(Escape(card.CountyName)).Append(" <span class=\"code muted\">").Append(Escape(card.CountyCode)).Append("</span></h1>\n")
         .Append("<dl class=\"meta\">\n<dt>").Append(Bi("学年", "School year")).Append("</dt><dd>")
         .Append(Bi(Fmt.SchoolYearZh(card.SchoolYear), Fmt.SchoolYearEn(card.SchoolYear))).Append("</dd>\n")
         .Append("<dt>").Append(Bi("评估方案", "Profile")).Append("</dt><dd>");
        if (profile is not null)
        {
            h.Append(Bi(profile.NameZh, profile.NameEn)).Append(' ');
            if (profile.Document is { } doc)
            {
                h.Append("<span class=\"muted\">").Append(Escape(doc)).Append("</span> ");
            }
        }

        h.Append("<span class=\"code muted\">").Append(Escape(card.Profile)).Append("</span></dd>\n")
         .Append("<dt>").Append(Bi("提交", "Submission")).Append("</dt><dd>");
        if (card.Submission is { } sub)
        {
            var shortSha = sub.Sha256.Length > 12 ? sub.Sha256[..12] : sub.Sha256;
            h.Append("<span class=\"code\" title=\"").Append(Escape(sub.Sha256)).Append("\">sha256 ").Append(Escape(shortSha)).Append("…</span> · ")
             .Append(Bi("接收", "received")).Append(" <span class=\"nowrap\">").Append(Escape(Fmt.Utc(sub.ReceivedUtc))).Append("</span>");
        }
        else
        {
            h.Append(Fmt.Undefined);
        }

        h.Append("</dd>\n</dl>\n</div>\n<div class=\"overall\">\n<div class=\"muted small\">").Append(Bi("总体结论", "Overall")).Append("</div>\n")
         .Append(Badge("overall.status", ScorecardJson.Name(card.Overall.Status), Fmt.StatusClass(card.Overall.Status), Fmt.StatusName(card.Overall.Status)));
        if (card.Overall.FailedChecks.Count > 0 || card.Overall.NotAssessedChecks.Count > 0)
        {
            h.Append("\n<div class=\"why\">");
            Items(h, "未达标", "failed", card.Overall.FailedChecks);
            Items(h, "未评估", "not assessed", card.Overall.NotAssessedChecks);
            h.Append("</div>");
        }

        h.Append("\n</div>\n</header>\n");

        static void Items(PageWriter h, string zh, string en, IReadOnlyList<string> ids)
        {
            if (ids.Count == 0)
            {
                return;
            }

            h.Append("<div><b>").Append(Bi(zh, en)).Append("</b>: ")
             .Append(string.Join("；", ids.Select(id => Escape(Fmt.OverallItemName(id).Zh)))).Append("</div>");
        }
    }

    private static void Summary(PageWriter h, Scorecard card)
    {
        h.Append("<section id=\"summary\">\n<h2>").Append(Bi("评估概况", "Summary by dimension")).Append("</h2>\n")
         .Append("<table class=\"dimensions\"><thead><tr><th>").Append(Bi("维度", "Dimension")).Append("</th><th>").Append(Bi("状态", "Status"))
         .Append("</th><th>").Append(Bi("说明", "Detail")).Append("</th></tr></thead>\n<tbody>\n");
        foreach (var dim in Fmt.Dimensions)
        {
            var status = Dimensions.Of(card, dim);
            var key = dim switch
            {
                Dimension.ResourcesPrimary => "primary.status",
                Dimension.ResourcesJunior => "junior.status",
                _ => "dimensions." + Fmt.DimensionKey(dim) + ".status",
            };
            h.Append("<tr><td>").Append(Bi(Fmt.DimensionName(dim))).Append("</td><td>")
             .Append(Badge(key, Fmt.JsonName(status), Fmt.StatusClass(status), Fmt.StatusName(status))).Append("</td><td>");
            switch (dim)
            {
                case Dimension.ResourcesPrimary or Dimension.ResourcesJunior:
                    LevelDetail(h, card.At(dim == Dimension.ResourcesPrimary ? Level.Primary : Level.Junior));
                    break;
                default:
                    CheckCounts(h, card.Checks.Where(c => c.IsVeto == (dim == Dimension.Vetoes)).ToArray());
                    break;
            }

            h.Append("</td></tr>\n");
        }

        h.Append("</tbody></table>\n</section>\n");
    }

    private static void LevelDetail(PageWriter h, LevelResult level)
    {
        var lk = ScorecardJson.Name(level.Level);
        h.Append("参评学校 ").Append(Int(lk + ".units", level.Units)).Append(" 所 · 学生 ").Append(Int(lk + ".pupils", level.Pupils)).Append(" 人");
        if (level.Units == 0)
        {
            h.Append("<span class=\"sub en\" lang=\"en\">no units at this level</span>");
            return;
        }

        var judged = level.Indicators.Where(i => i.Threshold is not null).ToArray();
        if (judged.Length > 0)
        {
            h.Append(" · 指标达标 ").Append(judged.Count(i => i.Status == IndicatorStatus.Pass).ToString(CultureInfo.InvariantCulture))
             .Append('/').Append(judged.Length.ToString(CultureInfo.InvariantCulture));
        }

        if (level.CompositeThreshold is not null)
        {
            h.Append(" · 综合差异系数 ").Append(Num(lk + ".compositeCv", level.CompositeCv, Fmt.CvDecimals))
             .Append(" ≤ ").Append(Num(lk + ".compositeThreshold", level.CompositeThreshold, Fmt.ThresholdDecimals));
        }

        if (level.Schools.Any(s => s.Status is not null))
        {
            h.Append(" · 学校达标 ").Append(Int(lk + ".schoolsPassing", level.SchoolsPassing)).Append('/').Append(Fmt.Integer(level.Units));
        }

        h.Append("<span class=\"sub en\" lang=\"en\">units · pupils");
        if (judged.Length > 0)
        {
            h.Append(" · indicators passing");
        }

        if (level.CompositeThreshold is not null)
        {
            h.Append(" · composite CV ≤ threshold");
        }

        if (level.Schools.Any(s => s.Status is not null))
        {
            h.Append(" · schools passing");
        }

        h.Append("</span>");
    }

    private static void CheckCounts(PageWriter h, IReadOnlyList<CheckResult> checks)
    {
        if (checks.Count == 0)
        {
            h.Append(Bi("本方案不评估此项", "not assessed by this profile"));
            return;
        }

        string Count(Status st) => checks.Count(c => c.Status == st).ToString(CultureInfo.InvariantCulture);
        h.Append("达标 ").Append(Count(Status.Pass)).Append(" · 未达标 ").Append(Count(Status.Fail))
         .Append(" · 未评估 ").Append(Count(Status.NotAssessed))
         .Append("<span class=\"sub en\" lang=\"en\">pass · fail · not assessed</span>");
        var failing = checks.Where(c => c.Status != Status.Pass).ToArray();
        if (failing.Length > 0)
        {
            h.Append("<span class=\"sub\">").Append(string.Join("；", failing.Select(c => Escape(CheckCatalog.NameOf(c.Id).Zh)))).Append("</span>");
        }
    }

    private static void LevelSection(PageWriter h, LevelResult level)
    {
        var lk = ScorecardJson.Name(level.Level);
        var (zh, en) = Fmt.LevelName(level.Level);
        h.Append("<section class=\"level\" id=\"level-").Append(lk).Append("\">\n<h2>").Append(Bi(zh, en)).Append(' ')
         .Append(Badge(lk + ".status", ScorecardJson.Name(level.Status), Fmt.StatusClass(level.Status), Fmt.StatusName(level.Status))).Append("</h2>\n")
         .Append("<p class=\"facts\"><span>").Append(Bi("参评学校", "units")).Append(" <b>").Append(Int(lk + ".units", level.Units)).Append("</b></span>")
         .Append("<span>").Append(Bi("学生", "pupils")).Append(" <b>").Append(Int(lk + ".pupils", level.Pupils)).Append("</b></span>");
        if (level.Schools.Any(s => s.Status is not null))
        {
            h.Append("<span>").Append(Bi("学校达标", "schools passing")).Append(" <b>").Append(Int(lk + ".schoolsPassing", level.SchoolsPassing))
             .Append("</b>/").Append(Fmt.Integer(level.Units)).Append("</span>");
        }

        h.Append("</p>\n");
        if (level.Units == 0)
        {
            h.Append("<p class=\"note\">").Append(Bi("本学段无参评学校，不适用。", "No units at this level: not applicable.")).Append("</p>\n</section>\n");
            return;
        }

        IndicatorTable(h, level, lk);
        if (level.CompositeThreshold is not null)
        {
            h.Append("<div class=\"composite\">").Append(Bi("综合差异系数", "Composite CV")).Append(" &nbsp;")
             .Append(Num(lk + ".compositeCv", level.CompositeCv, Fmt.CvDecimals)).Append(" &nbsp;≤ ")
             .Append(Num(lk + ".compositeThreshold", level.CompositeThreshold, Fmt.ThresholdDecimals)).Append(" &nbsp;")
             .Append(Badge(lk + ".compositeStatus", Fmt.CompositeJsonName(level), Fmt.StatusClass(level.CompositeStatus), Fmt.CompositeStatusName(level)))
             .Append(' ').Append(Borderline(lk + ".compositeBorderline", level.CompositeBorderline))
             .Append("<div class=\"note\">").Append(Bi("各项指标差异系数（未取舍）的算术平均", "plain mean of the indicators' unrounded CVs")).Append("</div></div>\n");
        }

        h.Append("<figure class=\"cv-chart\"><figcaption>").Append(Bi("各指标差异系数与阈值", "CV of each indicator against the threshold")).Append("</figcaption>\n");
        Svg.CvChart(h, level);
        h.Append("</figure>\n");
        EquityTable(h, level, lk);
        h.Append("<h3>").Append(Bi("各校指标分布", "Schools on each indicator")).Append("</h3>\n<p class=\"note\">")
         .Append(Bi("学校按指标值从低到高排列，柱宽与学生数成正比；虚线为标准，点线为加权均值，低于标准的学校以橙色显示。",
             "Schools sorted by value; bar width is proportional to pupils. Dashed line: standard; dotted: pupil-weighted mean; orange: below standard."))
         .Append("</p>\n<div class=\"charts\">\n");
        using (var escaped = new EscapedSchools(level.Schools))
        {
            for (var k = 0; k < level.Indicators.Count; k++)
            {
                var r = level.Indicators[k];
                if (!IndicatorCatalog.TryGet(r.Id, out var ind))
                {
                    continue;
                }

                AppendEscaped(h.Append("<figure class=\"school-chart\" data-indicator=\""u8), r.Id).Append("\"><figcaption>"u8).Append(Fmt.Circled(k + 1)).Append(' ');
                AppendEscaped(h, ind.NameZh).Append("（"u8);
                AppendEscaped(h, ind.UnitZh).Append("）<span class=\"en\" lang=\"en\">"u8);
                AppendEscaped(h, ind.NameEn).Append(" ("u8);
                AppendEscaped(h, ind.UnitEn).Append(")</span></figcaption>\n"u8);
                Svg.SchoolBars(h, ind, r, level.Schools, escaped);
                h.Append("</figure>\n"u8);
            }
        }

        h.Append("</div>\n");
        SchoolTable(h, level, lk);
        h.Append("</section>\n");
    }

    private static void IndicatorTable(PageWriter h, LevelResult level, string lk)
    {
        h.Append("<h3>").Append(Bi("资源配置指标", "Resource indicators")).Append("</h3>\n<table class=\"indicators\"><thead><tr><th>#</th><th>")
         .Append(Bi("指标", "Indicator")).Append("</th><th class=\"n\">").Append(Bi("标准", "Standard")).Append("</th><th class=\"n\">")
         .Append(Bi("均值", "Mean")).Append("</th><th class=\"n\">").Append(Bi("差异系数", "CV")).Append("</th><th class=\"n\">")
         .Append(Bi("阈值", "Threshold")).Append("</th><th>").Append(Bi("状态", "Status")).Append("</th><th>").Append(Bi("临界", "Borderline"))
         .Append("</th></tr></thead>\n<tbody>\n");
        var levelDot = lk + ".";
        for (var k = 0; k < level.Indicators.Count; k++)
        {
            var r = level.Indicators[k];
            var d = Fmt.ValueDecimals(r.Id);
            h.Append("<tr><td class=\"c\">"u8).Append(Fmt.Circled(k + 1)).Append("</td><td class=\"name\">"u8);
            if (IndicatorCatalog.TryGet(r.Id, out var ind))
            {
                AppendEscaped(h, ind.NameZh).Append("<span class=\"en\" lang=\"en\">"u8);
                AppendEscaped(h, ind.NameEn).Append(" · "u8);
                AppendEscaped(h, ind.UnitZh).Append(' ');
                AppendEscaped(h, ind.UnitEn).Append("</span>"u8);
            }
            else
            {
                AppendEscaped(h, r.Id);
            }

            AppendNum(h.Append("</td><td class=\"n\">"u8), levelDot, r.Id, ".standard", r.Standard, d);
            AppendNum(h.Append("</td><td class=\"n\">"u8), levelDot, r.Id, ".mean", r.Mean, d);
            AppendNum(h.Append("</td><td class=\"n\">"u8), levelDot, r.Id, ".cv", r.Cv, Fmt.CvDecimals);
            AppendNum(h.Append("</td><td class=\"n\">"u8), levelDot, r.Id, ".threshold", r.Threshold, Fmt.ThresholdDecimals);
            // As ScorecardJson writes the status: null when the composite decides (no per-indicator threshold).
            AppendBadge(h.Append("</td><td>"u8), levelDot, r.Id, ".status", ScorecardJson.StatusName(r) ?? string.Empty, Fmt.StatusClass(r.Status), Fmt.StatusName(r.Status));
            AppendBorderline(h.Append("</td><td>"u8), levelDot, r.Id, ".borderline", r.Borderline).Append("</td></tr>\n"u8);
        }

        h.Append("</tbody></table>\n"u8);
    }

    private static string Borderline(string key, bool borderline) =>
        borderline
            ? "<span class=\"flag\" data-key=\"" + Escape(key) + "\" data-value=\"true\">" + Bi("临界", "borderline") + "</span>"
            : "<span class=\"muted\" data-key=\"" + Escape(key) + "\" data-value=\"false\">—</span>";

    /// <summary>Appends what <see cref="Borderline"/> returns for the key <paramref name="keyHead"/> + <paramref name="keyMiddle"/> + <paramref name="keyTail"/>.</summary>
    private static PageWriter AppendBorderline(PageWriter h, string keyHead, string keyMiddle, string keyTail, bool borderline)
    {
        h.Append(borderline ? "<span class=\"flag\" data-key=\""u8 : "<span class=\"muted\" data-key=\""u8);
        AppendEscaped(h, keyHead);
        AppendEscaped(h, keyMiddle);
        AppendEscaped(h, keyTail);
        return borderline
            ? AppendBi(h.Append("\" data-value=\"true\">"u8), "临界", "borderline").Append("</span>"u8)
            : h.Append("\" data-value=\"false\">—</span>"u8);
    }

    /// <summary>The columns of the equity table: heading and the key under <c>equity.</c> of the JSON contract.</summary>
    private static readonly (string Zh, string En, string Key)[] EquityColumns =
    [
        ("基尼系数", "Gini", "gini"),
        ("泰尔T", "Theil T", "theilT"),
        ("组内", "within", "theilWithin"),
        ("组间", "between", "theilBetween"),
        ("平均对数偏差", "MLD", "mld"),
        ("麦克伦指数", "McLoone", "mcloone"),
        ("韦斯特根指数", "Verstegen", "verstegen"),
        ("联邦极差率", "federal range ratio", "federalRangeRatio"),
        ("最大/最小", "max/min", "maxMinRatio"),
    ];

    // The key tails of the equity cells (".equity.gini" …), made once.
    private static readonly string[] EquityKeyTails = [.. EquityColumns.Select(c => ".equity." + c.Key)];

    private static double? EquityValue(Core.Statistics.EquityMeasures e, int column) => column switch
    {
        0 => e.Gini,
        1 => e.TheilT,
        2 => e.TheilWithin,
        3 => e.TheilBetween,
        4 => e.MeanLogDeviation,
        5 => e.McLoone,
        6 => e.Verstegen,
        7 => e.FederalRangeRatio,
        _ => e.MaxMinRatio,
    };

    private static void EquityTable(PageWriter h, LevelResult level, string lk)
    {
        h.Append("<h3>").Append(Bi("公平性指标（学生数加权）", "Equity measures (pupil-weighted)")).Append("</h3>\n<table class=\"equity\"><thead><tr><th>#</th>");
        foreach (var (zh, en, _) in EquityColumns)
        {
            AppendBi(h.Append("<th class=\"n\">"u8), zh, en).Append("</th>"u8);
        }

        h.Append("<th class=\"n\">").Append(Bi("未加权差异系数", "unweighted CV")).Append("</th></tr></thead>\n<tbody>\n");
        var levelDot = lk + ".";
        for (var k = 0; k < level.Indicators.Count; k++)
        {
            var r = level.Indicators[k];
            h.Append("<tr><td class=\"c\" title=\""u8);
            AppendEscaped(h, r.Id).Append("\">"u8).Append(Fmt.Circled(k + 1)).Append("</td>"u8);
            for (var c = 0; c < EquityColumns.Length; c++)
            {
                AppendNum(h.Append("<td class=\"n\">"u8), levelDot, r.Id, EquityKeyTails[c], EquityValue(r.Equity, c), Fmt.EquityDecimals).Append("</td>"u8);
            }

            AppendNum(h.Append("<td class=\"n muted\">"u8), levelDot, r.Id, ".unweightedCv", r.UnweightedCv, Fmt.CvDecimals).Append("</td></tr>\n"u8);
        }

        h.Append("</tbody></table>\n<p class=\"note\">")
         .Append(Bi("泰尔T按城区/镇区/乡村分解为组内与组间；未加权差异系数仅供与其他工具对照，评估以加权差异系数为准。",
             "Theil T is split within/between urban, town and rural groups. The unweighted CV is shown only for comparison with other tools; the evaluation uses the pupil-weighted CV."))
         .Append("</p>\n");
    }

    private static void SchoolTable(PageWriter h, LevelResult level, string lk)
    {
        var indicators = level.Indicators;
        var judged = level.Schools.Any(s => s.Status is not null);
        h.Append("<h3>").Append(Bi("学校明细", "Schools")).Append("</h3>\n<table class=\"schools\"><thead><tr><th>").Append(Bi("代码", "Code"))
         .Append("</th><th>").Append(Bi("学校", "School")).Append("</th><th>").Append(Bi("位置", "Location")).Append("</th><th class=\"n\">")
         .Append(Bi("学生", "Pupils")).Append("</th>");
        for (var k = 0; k < indicators.Count; k++)
        {
            var name = IndicatorCatalog.TryGet(indicators[k].Id, out var ind) ? ind.NameZh + " " + ind.NameEn : indicators[k].Id;
            var std = indicators[k].Standard is { } s ? "≥" + Fmt.Number(s, Fmt.ValueDecimals(indicators[k].Id)) : string.Empty;
            h.Append("<th class=\"n\" title=\"").Append(Escape(name)).Append("\">").Append(Fmt.Circled(k + 1))
             .Append("<span class=\"en\">").Append(Escape(std)).Append("</span></th>");
        }

        if (judged)
        {
            h.Append("<th class=\"n\">").Append(Bi("达标项", "Met")).Append("</th>");
        }

        h.Append("<th>").Append(Bi("状态", "Status")).Append("</th>");

        h.Append("<th>").Append(Bi("差距", "Shortfall to standard")).Append("</th></tr></thead>\n<tbody>\n");
        var standards = indicators.Count(i => i.Standard is not null);
        // What every row needs of each indicator, looked up once per table rather than once per cell.
        var columns = new SchoolColumn[indicators.Count];
        for (var k = 0; k < indicators.Count; k++)
        {
            var r = indicators[k];
            var ind = IndicatorCatalog.TryGet(r.Id, out var found) ? found : null;
            columns[k] = new SchoolColumn(r.Id, r.Standard, Fmt.ValueDecimals(r.Id), ind, Fmt.Circled(k + 1), ind is null ? null : ShortfallNounZh(ind));
        }

        foreach (var s in level.Schools)
        {
            var sk = lk + ".schools." + s.Code;
            var (lz, le) = Fmt.LocationName(s.Location);
            h.Append("<tr><td class=\"code\">"u8);
            AppendEscaped(h, s.Code).Append("</td><td>"u8);
            AppendEscaped(h, s.Name).Append("</td><td>"u8);
            AppendEscaped(h, lz).Append("<span class=\"en\">"u8);
            AppendEscaped(h, le).Append("</span></td><td class=\"n\">"u8);
            AppendInt(h, sk, ".pupils", s.Pupils).Append("</td>"u8);
            foreach (var c in columns)
            {
                double? v = s.Values.TryGetValue(c.Id, out var x) ? x : null;
                var below = v is { } vv && c.Standard is { } std && Fmt.BelowStandard(vv, std);
                h.Append(below ? "<td class=\"n below\">"u8 : "<td class=\"n\">"u8);
                AppendNum(h, sk, ".values.", c.Id, v, c.Decimals).Append("</td>"u8);
            }

            if (judged)
            {
                h.Append("<td class=\"n\">"u8);
                AppendInt(h, sk, ".met", s.Met).Append('/').Append(standards).Append("</td>"u8);
            }

            // With no per-school rule in the profile (basic-2012) the status is null in the JSON.
            h.Append("<td>"u8);
            if (s.Status is null)
            {
                AppendBadge(h, sk, ".status", string.Empty, "na", ("无学校标准", "no school rule"));
            }
            else
            {
                AppendBadge(h, sk, ".status", Fmt.JsonName(s.Status), Fmt.StatusClass(s.Status), Fmt.StatusName(s.Status));
            }

            h.Append("</td><td>"u8);
            foreach (var c in columns)
            {
                if (c.Indicator is not { } ind || !s.Shortfalls.TryGetValue(c.Id, out var amount))
                {
                    continue;
                }

                // The amount as Shortfall.Amount shows it, data-value its full precision; none of it needs escaping.
                h.Append("<div class=\"shortfall\">"u8).Append(c.Circled).Append(" +"u8);
                AppendNumKey(h, sk, ".shortfalls.", c.Id).AppendFull(amount).Append("\">"u8).Append(Shortfall.AmountPrefix(ind)).AppendInteger(amount).Append(Shortfall.AmountSuffix(ind)).Append("</span> "u8);
                AppendEscaped(h, c.NounZh).Append("<span class=\"en\" lang=\"en\">+"u8)
                 .Append(Shortfall.AmountPrefix(ind)).AppendInteger(amount).Append(Shortfall.AmountSuffix(ind)).Append(' ');
                AppendEscaped(h, Shortfall.NounEn(ind, amount)).Append("</span></div>"u8);
            }

            h.Append("</td></tr>\n"u8);
        }

        h.Append("</tbody></table>\n"u8);
    }

    /// <summary>One indicator's column of the school table.</summary>
    private sealed record SchoolColumn(string Id, double? Standard, int Decimals, Indicator? Indicator, string Circled, string? NounZh);

    /// <summary>What follows the amount in the Chinese phrase: "名骨干教师" after "3", "体育运动场馆" after "420 m²".</summary>
    private static string ShortfallNounZh(Indicator ind) =>
        ind.Resource.En is "yuan" or "m²" ? ind.Resource.NounZh : ind.Resource.Zh + ind.Resource.NounZh;

    private static void Checks(PageWriter h, IReadOnlyList<CheckResult> checks)
    {
        h.Append("<section id=\"checks\">\n<h2>").Append(Bi("政府保障、教育质量与社会认可检查", "Guarantee, quality and recognition checks")).Append("</h2>\n");
        if (checks.Count == 0)
        {
            h.Append("<p class=\"note\">").Append(Bi("本方案不评估检查项。", "This profile assesses no checks.")).Append("</p>\n</section>\n");
            return;
        }

        h.Append("<table class=\"checks\"><thead><tr><th>#</th><th>").Append(Bi("检查项目", "Check")).Append("</th><th class=\"n\">").Append(Bi("数值", "Value"))
         .Append("</th><th class=\"n\">").Append(Bi("要求", "Requirement")).Append("</th><th>").Append(Bi("状态", "Status")).Append("</th><th>")
         .Append(Bi("发现", "Findings")).Append("</th></tr></thead>\n<tbody>\n");
        var n = 0;
        foreach (var c in checks)
        {
            n++;
            var key = "checks." + c.Id;
            var kind = CheckCatalog.KindOf(c.Id);
            var (zh, en) = CheckCatalog.NameOf(c.Id);
            h.Append("<tr><td class=\"c\">").Append(n.ToString(CultureInfo.InvariantCulture)).Append("</td><td class=\"name\">")
             .Append(Escape(zh)).Append("<span class=\"en\" lang=\"en\">").Append(Escape(en)).Append("</span>");
            if (c.IsVeto)
            {
                h.Append("<span class=\"sub muted small\">一票否决 veto item</span>");
            }

            h.Append("</td>");
            CheckCells(h, key, kind, c);
            h.Append("<td>");
            Findings(h, c.Findings);
            h.Append("</td></tr>\n");
            foreach (var part in c.Parts)
            {
                var p = CheckCatalog.PartOf(c.Id, part.Id);
                h.Append("<tr class=\"part\"><td></td><td class=\"name\">└ ").Append(Escape(p.NameZh)).Append("<span class=\"en\" lang=\"en\">").Append(Escape(p.NameEn)).Append("</span></td>");
                CheckCells(h, key + ".parts." + part.Id, p.Kind, part);
                h.Append("<td>");
                Findings(h, part.Findings);
                h.Append("</td></tr>\n");
            }
        }

        h.Append("</tbody></table>\n</section>\n");
    }

    private static void CheckCells(PageWriter h, string key, CheckValueKind kind, CheckResult c)
    {
        // The full-precision forms need no escaping; the shown text may (it is the catalog's).
        AppendNumKey(h.Append("<td class=\"n\">"u8), key, ".value", string.Empty).AppendFull(c.Value).Append("\">"u8);
        AppendEscaped(h, CheckDisplay.Value(kind, c.Value)).Append("</span>"u8);
        AppendNumKey(h.Append("</td><td class=\"n\">"u8), key, ".threshold", string.Empty).AppendFull(c.Threshold).Append("\">"u8);
        AppendEscaped(h, CheckDisplay.Threshold(kind, c.Threshold)).Append("</span>"u8);
        AppendBadge(h.Append("</td><td>"u8), key, ".status", ScorecardJson.Name(c.Status), Fmt.StatusClass(c.Status), Fmt.StatusName(c.Status)).Append("</td>"u8);
    }

    private static void Findings(PageWriter h, IReadOnlyList<CheckFinding> findings)
    {
        if (findings.Count == 0)
        {
            return;
        }

        h.Append("<ul class=\"findings\">");
        foreach (var f in findings)
        {
            h.Append("<li>");
            if (f.SchoolCode is not null || f.SchoolName is not null)
            {
                h.Append("<span class=\"code\">").Append(Escape(f.SchoolCode)).Append("</span> ").Append(Escape(f.SchoolName)).Append("：");
            }

            h.Append(Escape(f.MessageZh)).Append("<span class=\"en\" lang=\"en\"> ").Append(Escape(f.MessageEn)).Append("</span></li>");
        }

        h.Append("</ul>");
    }

    private static void Signals(PageWriter h, Signals s)
    {
        if (s.EnrollmentWarnings is null && s.Pairing is null && s.AfterSchool is null && s.Rotation is null)
        {
            return;
        }

        h.Append("<section id=\"signals\">\n<h2>").Append(Bi("其他监测信号", "Other signals")).Append("</h2>\n");
        if (s.EnrollmentWarnings is { } warnings)
        {
            h.Append("<h3>").Append(Bi("入学预警", "Enrolment early warning")).Append("</h3>\n");
            if (warnings.Count == 0)
            {
                h.Append("<p class=\"note\">").Append(Bi("无学校达到预警线。", "No school reaches a warning level.")).Append("</p>\n");
            }
            else
            {
                h.Append("<table><thead><tr><th>").Append(Bi("代码", "Code")).Append("</th><th>").Append(Bi("学校", "School")).Append("</th><th class=\"n\">")
                 .Append(Bi("年级", "Grade")).Append("</th><th class=\"n\">")
                 .Append(Bi("片区适龄儿童", "Catchment children")).Append("</th><th class=\"n\">").Append(Bi("计划招生", "Planned intake"))
                 .Append("</th><th class=\"n\">").Append(Bi("比例", "Ratio")).Append("</th><th>").Append(Bi("预警", "Level")).Append("</th></tr></thead>\n<tbody>\n");
                foreach (var w in warnings)
                {
                    var red = w.Level == "red";
                    var key = "signals.enrollmentWarnings." + w.SchoolCode + "." + w.Grade;
                    h.Append("<tr><td class=\"code\">").Append(Escape(w.SchoolCode)).Append("</td><td>").Append(Escape(w.SchoolName)).Append("</td><td>")
                     .Append(w.Grade == EnrollmentWarning.JuniorFirstGrade ? Bi("初一", "grade 7") : Bi("小一", "grade 1")).Append("</td><td class=\"n\">")
                     .Append(Int(key + ".catchmentChildren", w.CatchmentChildren)).Append("</td><td class=\"n\">").Append(Int(key + ".plannedIntake", w.PlannedIntake))
                     .Append("</td><td class=\"n\">").Append(Pct(key + ".ratio", w.Ratio)).Append("</td><td>")
                     .Append("<span class=\"st ").Append(red ? "fail" : "warn").Append("\">").Append(red ? Bi("红色", "red") : Bi("黄色", "yellow")).Append("</span></td></tr>\n");
                }

                h.Append("</tbody></table>\n");
            }
        }

        if (s.Pairing is { } p)
        {
            h.Append("<h3>").Append(Bi("城乡结对帮扶", "Urban–rural pairing")).Append("</h3>\n<p>")
             .Append("乡村小规模学校 ").Append(Int("signals.pairing.ruralSmallSchools", p.RuralSmallSchools)).Append(" 所，已结对 ")
             .Append(Int("signals.pairing.paired", p.Paired)).Append(" 所，覆盖率 ").Append(Pct("signals.pairing.coverage", p.Coverage))
             .Append(' ').Append(Badge("signals.pairing.coverageStatus", ScorecardJson.Name(p.CoverageStatus), Fmt.StatusClass(p.CoverageStatus), Fmt.StatusName(p.CoverageStatus)))
             .Append("<span class=\"sub en\" lang=\"en\">rural small schools (rural 小学 and 教学点 under the small-school limit) · paired · coverage</span></p>\n");
            if (p.Unpaired.Count > 0)
            {
                h.Append("<p class=\"note\">").Append(Escape("未结对：" + string.Join("、", p.Unpaired))).Append("<span class=\"sub en\" lang=\"en\">").Append(Escape("not paired: " + string.Join(", ", p.Unpaired))).Append("</span></p>\n");
            }

            h.Append("<p>").Append(Bi("结对范围结构", "Scope mix")).Append(' ')
             .Append(Badge("signals.pairing.scopeStatus", ScorecardJson.Name(p.ScopeStatus), Fmt.StatusClass(p.ScopeStatus), Fmt.StatusName(p.ScopeStatus))).Append("</p>\n")
             .Append("<table><thead><tr><th>").Append(Bi("结对范围", "Scope")).Append("</th><th class=\"n\">").Append(Bi("占比", "Share"))
             .Append("</th><th class=\"n\">").Append(Bi("目标", "Target")).Append("</th></tr></thead>\n<tbody>\n");
            foreach (var (key, zh, en) in new[] { ("withinCounty", "县域内", "within county"), ("withinCity", "市域内跨县", "within city"), ("withinProvince", "省域内跨市", "within province") })
            {
                h.Append("<tr><td>").Append(Bi(zh, en)).Append("</td><td class=\"n\">")
                 .Append(Pct("signals.pairing.scopeShares." + key, p.ScopeShares.TryGetValue(key, out var sh) ? sh : null)).Append("</td><td class=\"n\">")
                 .Append(Pct("signals.pairing.scopeTargets." + key, p.ScopeTargets.TryGetValue(key, out var t) ? t : null)).Append("</td></tr>\n");
            }

            h.Append("</tbody></table>\n");
        }

        if (s.AfterSchool is { } a)
        {
            h.Append("<h3>").Append(Bi("课后服务", "After-school service")).Append("</h3>\n<p>开展学校 ")
             .Append(Int("signals.afterSchool.offering", a.Offering)).Append('/').Append(Int("signals.afterSchool.schools", a.Schools))
             .Append("，覆盖率 ").Append(Pct("signals.afterSchool.coverage", a.Coverage)).Append("；参加学生 ")
             .Append(Int("signals.afterSchool.participating", a.Participating)).Append('/').Append(Int("signals.afterSchool.pupils", a.Pupils))
             .Append("，参与率 ").Append(Pct("signals.afterSchool.participationRate", a.ParticipationRate))
             .Append("<span class=\"sub en\" lang=\"en\">primary schools offering / all · coverage; primary pupils taking part / non-boarding primary pupils · participation rate</span></p>\n");
        }

        if (s.Rotation is { } r)
        {
            h.Append("<h3>").Append(Bi("教师交流轮岗", "Teacher rotation")).Append("</h3>\n<p>城镇学校交流 ")
             .Append(Int("signals.rotation.rotatedFromUrbanTown", r.RotatedFromUrbanTown)).Append(" 人，其中到乡村学校 ")
             .Append(r.ToRural is { } tr ? Int("signals.rotation.toRural", tr) : Num("signals.rotation.toRural", null, 0)).Append(" 人，占 ")
             .Append(Pct("signals.rotation.toRuralShare", r.ToRuralShare))
             .Append("<span class=\"sub en\" lang=\"en\">rotated out of urban and town schools · of whom to rural schools · share</span></p>\n")
             .Append("<table><thead><tr><th>").Append(Bi("代码", "Code")).Append("</th><th>").Append(Bi("学校", "School")).Append("</th><th class=\"n\">")
             .Append(Bi("应交流", "Eligible")).Append("</th><th class=\"n\">").Append(Bi("已交流", "Rotated")).Append("</th><th class=\"n\">")
             .Append(Bi("比例", "Share")).Append("</th><th class=\"n\">").Append(Bi("骨干", "Key")).Append("</th><th class=\"n\">").Append(Bi("到乡村", "To rural"))
             .Append("</th></tr></thead>\n<tbody>\n");
            // One row per school of the rotation sheet; numbers (digits, separators, %, —) need no escaping.
            foreach (var row in r.Schools)
            {
                h.Append("<tr><td class=\"code\">"u8);
                AppendEscaped(h, row.Code).Append("</td><td>"u8);
                AppendEscaped(h, row.Name).Append("</td><td class=\"n\">"u8)
                 .AppendInteger(row.Eligible).Append("</td><td class=\"n\">"u8).AppendInteger(row.Rotated).Append("</td><td class=\"n\">"u8)
                 .AppendPercent(row.Share).Append("</td><td class=\"n\">"u8).AppendInteger(row.RotatedKey).Append("</td><td class=\"n\">"u8);
                if (row.ToRural is { } t)
                {
                    h.AppendInteger(t);
                }
                else
                {
                    h.Append(Fmt.Undefined);
                }

                h.Append("</td></tr>\n"u8);
            }

            h.Append("</tbody></table>\n");
        }

        h.Append("</section>\n");
    }

    /// <summary>County totals of every shortfall and the additions per school, in the workbook's own columns (method §6).</summary>
    private static void Shortfalls(PageWriter h, ShortfallSummary shortfalls)
    {
        h.Append("<section id=\"shortfalls\">\n<h2>").Append(Bi("补足标准所需（全县合计）", "What it takes to meet the standards (county totals)")).Append("</h2>\n");
        if (shortfalls.Additions.Count == 0)
        {
            h.Append("<p class=\"note\">").Append(Bi("所有参评学校均达到各项标准。", "Every unit meets every standard.")).Append("</p>\n</section>\n");
            return;
        }

        h.Append("<table><thead><tr><th>").Append(Bi("资源", "Resource")).Append("</th><th class=\"n\">").Append(Bi("合计", "Total")).Append("</th></tr></thead>\n<tbody>\n");
        foreach (var stem in shortfalls.Totals.Keys.Order(StringComparer.Ordinal))
        {
            var (zh, en) = ResourceName(stem);
            h.Append("<tr><td>").Append(Bi(zh, en)).Append("<span class=\"sub code\">").Append(Escape(stem)).Append("</span></td><td class=\"n\">")
             .Append(Keyed("shortfalls.totals." + stem, Fmt.Full(shortfalls.Totals[stem]), Fmt.Integer(shortfalls.Totals[stem]), "num")).Append("</td></tr>\n");
        }

        h.Append("</tbody></table>\n<p class=\"note\">")
         .Append(Bi("教师按学段补足；设施为全校合计，一贯制和完全中学取各学段所需的较大值，加到全校合计后各学段均达标。",
             "Teachers are added to their section; facilities are whole-school additions, and a school with two sections needs the larger of its sections' additions, which brings both to standard."))
         .Append("</p>\n<table><thead><tr><th>").Append(Bi("代码", "Code")).Append("</th><th>").Append(Bi("学校", "School")).Append("</th><th>")
         .Append(Bi("填报列", "Workbook column")).Append("</th><th class=\"n\">").Append(Bi("增加", "Add")).Append("</th></tr></thead>\n<tbody>\n");
        foreach (var a in shortfalls.Additions)
        {
            // A grouped integer has no character to escape.
            AppendEscaped(h.Append("<tr><td class=\"code\">"u8), a.SchoolCode);
            AppendEscaped(h.Append("</td><td>"u8), a.SchoolName);
            AppendEscaped(h.Append("</td><td class=\"code\">"u8), a.Column).Append("</td><td class=\"n\">+"u8).AppendInteger(a.Add).Append("</td></tr>\n"u8);
        }

        h.Append("</tbody></table>\n</section>\n");
    }

    internal static (string Zh, string En) ResourceName(string stem) => stem switch
    {
        "teachers" => ("专任教师（名）", "full-time teachers"),
        "qualified_teachers" => ("高于规定学历教师（名）", "qualified teachers"),
        "key_teachers" => ("骨干教师（名）", "key teachers"),
        "pe_art_teachers" => ("体育艺术专任教师（名）", "PE/art teachers"),
        "senior_title_teachers" => ("中级及以上职称教师（名）", "teachers with intermediate+ titles"),
        "teaching_space_m2" => ("教学及辅助用房（m²）", "teaching space (m²)"),
        "sports_space_m2" => ("体育运动场馆（m²）", "sports space (m²)"),
        "equipment_value_yuan" => ("教学仪器设备（元）", "equipment (yuan)"),
        "multimedia_rooms" => ("网络多媒体教室（间）", "multimedia classrooms"),
        "computers" => ("计算机（台）", "computers"),
        "books" => ("图书（册）", "books"),
        _ => (stem, stem),
    };

    /// <summary>The schools left out of the units and why, and what the profile's options did.</summary>
    private static void Scope(PageWriter h, Scorecard card, Profile? profile)
    {
        h.Append("<section id=\"scope\">\n<h2>").Append(Bi("评估范围与方案选项", "Scope and profile options")).Append("</h2>\n<ul class=\"notes\">");
        foreach (var (zh, en) in ScopeNotes.For(card, profile))
        {
            h.Append("<li>").Append(Escape(zh)).Append("<span class=\"sub en\" lang=\"en\">").Append(Escape(en)).Append("</span></li>");
        }

        h.Append("</ul>\n<h3>").Append(Bi("未计入差异系数的学校", "Schools left out of the units")).Append("</h3>\n");
        if (card.Excluded.Count == 0)
        {
            h.Append("<p class=\"note\">").Append(Bi("无。", "None.")).Append("</p>\n</section>\n");
            return;
        }

        h.Append("<table><thead><tr><th>").Append(Bi("代码", "Code")).Append("</th><th>").Append(Bi("学校", "School")).Append("</th><th>")
         .Append(Bi("原因", "Reason")).Append("</th></tr></thead>\n<tbody>\n");
        foreach (var e in card.Excluded)
        {
            h.Append("<tr><td class=\"code\">").Append(Escape(e.School.Code)).Append("</td><td>").Append(Escape(e.School.Name)).Append("</td><td>")
             .Append(Keyed("excluded." + e.School.Code + ".reason", e.ReasonId, e.ReasonZh, "txt")).Append("<span class=\"sub en\" lang=\"en\">").Append(Escape(e.ReasonEn)).Append("</span></td></tr>\n");
        }

        h.Append("</tbody></table>\n</section>\n");
    }

    private static void Warnings(PageWriter h, IReadOnlyList<ValidationIssue> warnings)
    {
        h.Append("<section id=\"warnings\">\n<h2>").Append(Bi("数据警告", "Data warnings")).Append("</h2>\n");
        if (warnings.Count == 0)
        {
            h.Append("<p class=\"note\">").Append(Bi("无。", "None.")).Append("</p>\n</section>\n");
            return;
        }

        h.Append("<table class=\"warnings\"><thead><tr><th>#</th><th>").Append(Bi("位置", "Location")).Append("</th><th>").Append(Bi("代码", "Code"))
         .Append("</th><th>").Append(Bi("说明", "Message")).Append("</th></tr></thead>\n<tbody>\n");
        var n = 0;
        foreach (var w in warnings)
        {
            n++;
            h.Append("<tr><td class=\"c\">").Append(n.ToString(CultureInfo.InvariantCulture)).Append("</td><td class=\"code\">")
             .Append(Escape(w.Location));
            if (w.Cell is null && w.Row is { } row)
            {
                var r = row.ToString(CultureInfo.InvariantCulture);
                h.Append(" · 第").Append(r).Append("行 <span class=\"en\" lang=\"en\">row ").Append(r).Append("</span>");
            }

            if (w.Column is not null)
            {
                h.Append("<span class=\"sub en\">").Append(Escape(w.Column)).Append("</span>");
            }

            h.Append("</td><td class=\"code\">").Append(Escape(w.Code)).Append("</td><td>").Append(Escape(w.MessageZh))
             .Append("<span class=\"sub en\" lang=\"en\">").Append(Escape(w.MessageEn)).Append("</span></td></tr>\n");
        }

        h.Append("</tbody></table>\n</section>\n");
    }

    private static void Footer(PageWriter h, Profile? profile)
    {
        var margin = Fmt.Number(profile?.BorderlineMargin ?? 0.005, 3);
        h.Append("<footer>").Append(Escape("差异系数 = 学生数加权的总体标准差 ÷ 加权均值；与阈值相差不超过 " + margin + " 标为临界；“—”表示未定义（均值为 0 或数据缺失），不计为达标。"))
         .Append("<span class=\"sub en\" lang=\"en\">").Append(Escape("CV = pupil-weighted population SD ÷ pupil-weighted mean; a CV within " + margin + " of its threshold is flagged borderline; “—” means undefined (mean 0 or data missing) and never counts as a pass. Generated by Metrics."))
         .Append("</span></footer>\n");
    }
}
