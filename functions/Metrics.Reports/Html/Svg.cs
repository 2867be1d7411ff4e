using System.Globalization;
using Metrics.Core.Catalog;
using Metrics.Core.Scoring;
using Metrics.Reports.Text;

namespace Metrics.Reports.Html;

/// <summary>
/// Hand-written inline SVG charts (no script, no external font or image). Colours are attributes,
/// not classes, so they survive printing and copying. Coordinates are invariant numbers.
/// </summary>
internal static partial class Svg
{
    private const string Ink = "#1f2328";
    private const string Muted = "#5b636d";
    private const string Grid = "#e3e8ee";
    private const string Bar = "#4a78a8";
    private const string BarLow = "#d9572b";
    private const string Pass = "#2e9e55";
    private const string Fail = "#c62828";
    private const string Warn = "#e0a100";
    private const string Neutral = "#4a78a8";

    /// <summary>Plot width of <see cref="SchoolBars"/>; the bars' widths add up to it.</summary>
    internal const double SchoolBarsPlotWidth = 300;

    /// <summary>
    /// The schools of one level on one indicator: one bar per unit, sorted by value ascending, the
    /// bar's WIDTH proportional to the unit's pupils (so the area to the left of x is a share of
    /// pupils) and its height the value; a dashed line at the standard, a dotted one at the
    /// pupil-weighted mean; bars below the standard in another colour.
    /// </summary>
    public static void SchoolBars(PageWriter sb, Indicator indicator, IndicatorResult result, IReadOnlyList<SchoolResult> schools)
    {
        const double w = 360, h = 226, left = 46, top = 24, bottom = 40;
        const double pw = SchoolBarsPlotWidth, ph = h - top - bottom;
        var decimals = Fmt.ValueDecimals(indicator.Id);
        var items = schools
            .Select(s => (School: s, Value: s.Values.TryGetValue(indicator.Id, out var v) ? v : double.NaN))
            .Where(x => double.IsFinite(x.Value))
            .OrderBy(x => x.Value)
            .ThenBy(x => x.School.Code, StringComparer.Ordinal)
            .ToArray();
        double total = items.Sum(x => (double)x.School.Pupils);
        var standard = result.Standard;
        var top0 = Math.Max(items.Length == 0 ? 0 : items[^1].Value, Math.Max(standard ?? 0, result.Mean ?? 0));
        var (yMax, step) = Scale(top0 * 1.04);
        Open(sb, w, h, Fmt.Inv($"{indicator.NameZh} {indicator.NameEn}"));
        double Y(double v) => top + ph - ph * v / yMax;

        // Grid and y axis labels.
        for (var t = 0.0; t <= yMax + step / 1000; t += step)
        {
            var y = Y(t);
            Line(sb, left, y, left + pw, y, Grid, 1);
            Text(sb, left - 4, y + 3.5, TickLabel(t, step), "end", 10, Muted);
        }

        Text(sb, left - 4, 11, indicator.UnitZh, "end", 10, Muted);

        // Bars: x is the cumulative share of pupils.
        var cum = 0.0;
        var thin = items.Length > 60;
        foreach (var (school, value) in items)
        {
            var x = left + pw * cum / total;
            var bw = pw * school.Pupils / total;
            cum += school.Pupils;
            var low = standard is { } std && Fmt.BelowStandard(value, std);
            // A value of 0 still gets a sliver so that its pupils are visibly there.
            var bh = Math.Max(ph * value / yMax, 1.5);
            sb.Append("<rect class=\"bar").Append(low ? " low" : string.Empty).Append('"')
              .Append(" data-school=\"").Append(Markup.Escape(school.Code)).Append('"')
              .Append(" data-pupils=\"").Append(school.Pupils.ToString(CultureInfo.InvariantCulture)).Append('"')
              .Append(" x=\"").Append(F(x)).Append("\" y=\"").Append(F(top + ph - bh))
              .Append("\" width=\"").Append(F(bw)).Append("\" height=\"").Append(F(bh))
              .Append("\" fill=\"").Append(low ? BarLow : Bar).Append('"')
              .Append(thin ? string.Empty : " stroke=\"#fff\" stroke-width=\"0.6\"")
              .Append("><title>")
              .Append(Markup.Escape(Fmt.Inv($"{school.Code} {school.Name}: {Fmt.Number(value, decimals)} {indicator.UnitZh} · {school.Pupils} 名学生 pupils")))
              .Append("</title></rect>");
        }

        // Mean (dotted) and standard (dashed) lines.
        if (result.Mean is { } mean && mean > 0)
        {
            var y = Y(mean);
            Line(sb, left, y, left + pw, y, Muted, 1.2, "2 2");
            Text(sb, left + 3, y - 3, "均值 mean " + Fmt.Number(mean, decimals), "start", 9.5, Muted, halo: true);
        }

        if (standard is { } s2)
        {
            var y = Y(s2);
            Line(sb, left, y, left + pw, y, Ink, 1.4, "6 3");
            Text(sb, left + pw - 2, y - 3, "标准 standard " + Fmt.Number(s2, decimals), "end", 9.5, Ink, halo: true);
        }

        // X axis: cumulative pupils.
        Line(sb, left, top + ph, left + pw, top + ph, Ink, 1);
        Text(sb, left, top + ph + 12, "0", "middle", 9.5, Muted);
        Text(sb, left + pw, top + ph + 12, Fmt.Integer(total), "end", 9.5, Muted);
        Text(sb, left + pw / 2, top + ph + 12, "学生数累计（柱宽∝学生数）", "middle", 9.5, Muted);
        Text(sb, left + pw / 2, top + ph + 24, "cumulative pupils (bar width ∝ pupils), schools sorted by value", "middle", 9, Muted);
        sb.Append("</svg>");
    }

    /// <summary>
    /// CV of each indicator of a level as horizontal bars against the CV threshold (quality-2017)
    /// or against the composite threshold with the composite as a last bar (basic-2012).
    /// </summary>
    public static void CvChart(PageWriter sb, Core.Scoring.LevelResult level)
    {
        const double w = 720, labelW = 330, right = 64, top = 22, rowH = 22, bottom = 30;
        var hasComposite = level.CompositeThreshold is not null;
        var rows = level.Indicators.Count + (hasComposite ? 1 : 0);
        var h = top + rows * rowH + bottom;
        var pw = w - labelW - right;
        var reference = hasComposite ? level.CompositeThreshold : level.Indicators.Select(i => i.Threshold).FirstOrDefault(t => t is not null);
        var top0 = level.Indicators.Select(i => i.Cv ?? 0).Append(level.CompositeCv ?? 0).Append(reference ?? 0).Max();
        var (xMax, step) = Scale(Math.Max(top0 * 1.08, 0.1));
        double X(double v) => labelW + pw * v / xMax;
        Open(sb, w, h, "差异系数 CV by indicator");
        for (var t = 0.0; t <= xMax + step / 1000; t += step)
        {
            Line(sb, X(t), top - 4, X(t), top + rows * rowH, Grid, 1);
            Text(sb, X(t), top + rows * rowH + 13, TickLabel(t, step), "middle", 10, Muted);
        }

        Text(sb, labelW + pw / 2, h - 4, "差异系数 coefficient of variation (pupil-weighted)", "middle", 10, Muted);

        for (var k = 0; k < rows; k++)
        {
            var y = top + k * rowH;
            var composite = k == level.Indicators.Count;
            string label;
            double? cv;
            string colour;
            if (composite)
            {
                label = "综合差异系数 composite";
                cv = level.CompositeCv;
                colour = level.CompositeBorderline ? Warn : level.CompositeStatus == Core.Model.Status.Pass ? Pass : Fail;
            }
            else
            {
                var ind = level.Indicators[k];
                label = Fmt.Circled(k + 1) + " " + (IndicatorCatalog.TryGet(ind.Id, out var def) ? def.NameZh : ind.Id);
                cv = ind.Cv;
                colour = ind.Threshold is null ? Neutral
                    : ind.Borderline ? Warn
                    : ind.Status == IndicatorStatus.Fail ? Fail
                    : Pass;
            }

            Text(sb, labelW - 8, y + 15, label, "end", 11, Ink, bold: composite);
            if (cv is { } v)
            {
                var bw = Math.Max(X(v) - labelW, 0.5);
                sb.Append("<rect class=\"cv\" x=\"").Append(F(labelW)).Append("\" y=\"").Append(F(y + 4))
                  .Append("\" width=\"").Append(F(bw)).Append("\" height=\"14\" fill=\"").Append(colour).Append("\"/>");
                Text(sb, labelW + bw + 4, y + 15, Fmt.Number(v, Fmt.CvDecimals), "start", 10.5, Ink, bold: composite);
            }
            else
            {
                Text(sb, labelW + 4, y + 15, "未定义 undefined", "start", 10.5, Muted);
            }
        }

        if (reference is { } r)
        {
            var x = X(r);
            Line(sb, x, top - 6, x, top + rows * rowH, Ink, 1.4, "6 3");
            Text(sb, x, top - 9, (hasComposite ? "综合阈值 composite threshold ≤ " : "阈值 threshold ≤ ") + Fmt.Number(r, Fmt.ThresholdDecimals), "middle", 10, Ink, halo: true);
        }

        sb.Append("</svg>");
    }

    /// <summary>Horizontal bars of labelled values, best first (rollup scores of a few counties).</summary>
    public static void LabelledBars(PageWriter sb, IReadOnlyList<(string Label, double Value, string Colour)> rows, string title, string axis)
    {
        const double w = 720, labelW = 230, right = 60, top = 8, rowH = 16, bottom = 30;
        var h = top + rows.Count * rowH + bottom;
        var pw = w - labelW - right;
        var (xMax, step) = Scale(Math.Max(rows.Count == 0 ? 0 : rows.Max(r => r.Value) * 1.05, 0.05));
        double X(double v) => labelW + pw * v / xMax;
        Open(sb, w, h, title);
        for (var t = 0.0; t <= xMax + step / 1000; t += step)
        {
            Line(sb, X(t), top, X(t), top + rows.Count * rowH, Grid, 1);
            Text(sb, X(t), top + rows.Count * rowH + 12, TickLabel(t, step), "middle", 9.5, Muted);
        }

        for (var k = 0; k < rows.Count; k++)
        {
            var (label, value, colour) = rows[k];
            var y = top + k * rowH;
            Text(sb, labelW - 6, y + 12, label, "end", 10, Ink);
            var bw = Math.Max(X(value) - labelW, 0.5);
            sb.Append("<rect class=\"score\" x=\"").Append(F(labelW)).Append("\" y=\"").Append(F(y + 3))
              .Append("\" width=\"").Append(F(bw)).Append("\" height=\"11\" fill=\"").Append(colour).Append("\"/>");
            Text(sb, labelW + bw + 4, y + 12, Fmt.Number(value, Fmt.CvDecimals), "start", 9.5, Ink);
        }

        Text(sb, labelW + pw / 2, h - 4, axis, "middle", 10, Muted);
        sb.Append("</svg>");
    }

    /// <summary>A histogram of values in equal bins (rollup scores of many counties).</summary>
    public static void Histogram(PageWriter sb, IReadOnlyList<double> values, int bins, string title, string axis)
    {
        const double w = 720, h = 230, left = 46, right = 12, top = 12, bottom = 42;
        var pw = w - left - right;
        var ph = h - top - bottom;
        var min = values.Count == 0 ? 0 : values.Min();
        var max = values.Count == 0 ? 1 : values.Max();
        if (max <= min)
        {
            max = min + 1e-3;
        }

        var width = (max - min) / bins;
        var counts = new int[bins];
        foreach (var v in values)
        {
            counts[Math.Min(bins - 1, (int)((v - min) / width))]++;
        }

        var (yMax, step) = Scale(Math.Max(counts.Max(), 1));
        step = Math.Max(1, Math.Round(step));
        double Y(double c) => top + ph - ph * c / yMax;
        Open(sb, w, h, title);
        for (var t = 0.0; t <= yMax + 1e-9; t += step)
        {
            Line(sb, left, Y(t), left + pw, Y(t), Grid, 1);
            Text(sb, left - 4, Y(t) + 3.5, Fmt.Number(t, 0), "end", 9.5, Muted);
        }

        for (var b = 0; b < bins; b++)
        {
            var x = left + pw * b / bins;
            sb.Append("<rect class=\"bin\" x=\"").Append(F(x + 1)).Append("\" y=\"").Append(F(Y(counts[b])))
              .Append("\" width=\"").Append(F(pw / bins - 2)).Append("\" height=\"").Append(F(top + ph - Y(counts[b])))
              .Append("\" fill=\"").Append(Bar).Append("\"><title>")
              .Append(Markup.Escape(Fmt.Inv($"{Fmt.Number(min + b * width, 3)}–{Fmt.Number(min + (b + 1) * width, 3)}: {counts[b]}"))).Append("</title></rect>");
        }

        Line(sb, left, top + ph, left + pw, top + ph, Ink, 1);
        for (var b = 0; b <= bins; b += Math.Max(1, bins / 5))
        {
            Text(sb, left + pw * b / bins, top + ph + 13, Fmt.Number(min + b * width, 3), "middle", 9.5, Muted);
        }

        Text(sb, left + pw / 2, h - 6, axis, "middle", 10, Muted);
        sb.Append("</svg>");
    }

    /// <summary>A rounded-up axis maximum and a "nice" tick step (1, 2, 2.5 or 5 × 10ⁿ), about 4–5 ticks.</summary>
    internal static (double Max, double Step) Scale(double rawMax)
    {
        if (!(rawMax > 0) || !double.IsFinite(rawMax))
        {
            return (1, 0.25);
        }

        var rough = rawMax / 4;
        var exp = Math.Floor(Math.Log10(rough));
        var pow = Math.Pow(10, exp);
        var f = rough / pow;
        var nice = f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10;
        var step = nice * pow;
        return (Math.Ceiling(rawMax / step - 1e-9) * step, step);
    }

    private static string TickLabel(double t, double step)
    {
        var decimals = 0;
        while (decimals < 6 && Math.Abs(Math.Round(step, decimals) - step) > step * 1e-9)
        {
            decimals++;
        }

        return Fmt.Number(t, decimals);
    }

    private static void Open(PageWriter sb, double w, double h, string title) =>
        sb.Append("<svg role=\"img\" viewBox=\"0 0 ").Append(F(w)).Append(' ').Append(F(h))
          .Append("\" width=\"").Append(F(w)).Append("\" height=\"").Append(F(h)).Append("\" font-size=\"10\"><title>")
          .Append(Markup.Escape(title)).Append("</title>");

    private static void Line(PageWriter sb, double x1, double y1, double x2, double y2, string stroke, double width, string? dash = null)
    {
        sb.Append("<line x1=\"").Append(F(x1)).Append("\" y1=\"").Append(F(y1)).Append("\" x2=\"").Append(F(x2)).Append("\" y2=\"").Append(F(y2))
          .Append("\" stroke=\"").Append(stroke).Append("\" stroke-width=\"").Append(F(width)).Append('"');
        if (dash is not null)
        {
            sb.Append(" stroke-dasharray=\"").Append(dash).Append('"');
        }

        sb.Append("/>");
    }

    private static void Text(PageWriter sb, double x, double y, string text, string anchor, double size, string fill, bool bold = false, bool halo = false)
    {
        sb.Append("<text x=\"").Append(F(x)).Append("\" y=\"").Append(F(y)).Append("\" text-anchor=\"").Append(anchor)
          .Append("\" font-size=\"").Append(F(size)).Append("\" fill=\"").Append(fill).Append('"');
        if (bold)
        {
            sb.Append(" font-weight=\"700\"");
        }

        if (halo)
        {
            sb.Append(" stroke=\"#fff\" stroke-width=\"3\" paint-order=\"stroke\"");
        }

        sb.Append('>').Append(Markup.Escape(text)).Append("</text>");
    }

    /// <summary>An SVG coordinate: invariant, at most 3 decimals.</summary>
    private static string F(double v) => Math.Round(v, 3).ToString("0.###", CultureInfo.InvariantCulture);
}
