using System.Buffers;
using System.Globalization;
using System.Text;
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
    /// <remarks><paramref name="escaped"/> holds the schools' codes and names, escaped, in the order of <paramref name="schools"/>.</remarks>
    public static void SchoolBars(PageWriter sb, Indicator indicator, IndicatorResult result, IReadOnlyList<SchoolResult> schools, EscapedSchools escaped)
    {
        const double w = 360, h = 226, left = 46, top = 24, bottom = 40;
        const double pw = SchoolBarsPlotWidth, ph = h - top - bottom;
        var decimals = Fmt.ValueDecimals(indicator.Id);
        // Pooled: a page draws one such array per indicator and level.
        var items = ArrayPool<SchoolBar>.Shared.Rent(Math.Max(schools.Count, 1));
        var count = 0;
        double total = 0;
        for (var i = 0; i < schools.Count; i++)
        {
            if (schools[i].Values.TryGetValue(indicator.Id, out var v) && double.IsFinite(v))
            {
                items[count++] = new SchoolBar(v, schools[i], i);
                total += schools[i].Pupils;
            }
        }

        // By value, then code, then the schools' order (the stable sort this replaces kept it for equal codes).
        Array.Sort(items, 0, count, SchoolBar.Order);
        var standard = result.Standard;
        var top0 = Math.Max(count == 0 ? 0 : items[count - 1].Value, Math.Max(standard ?? 0, result.Mean ?? 0));
        var (yMax, step) = Scale(top0 * 1.04);

        Open(sb, w, h, indicator.NameZh, indicator.NameEn);
        double Y(double v) => top + ph - ph * v / yMax;

        // Grid and y axis labels.
        for (var t = 0.0; t <= yMax + step / 1000; t += step)
        {
            var y = Y(t);
            Line(sb, left, y, left + pw, y, Grid, 1);
            Text(sb, left - 4, y + 3.5, TickLabel(t, step), "end", 10, Muted);
        }

        Text(sb, left - 4, 11, indicator.UnitZh, "end", 10, Muted);

        // Bars: x is the cumulative share of pupils. The unit in every bar's title, escaped once.
        var unit = Encoding.UTF8.GetBytes(Markup.Escape(indicator.UnitZh));
        var cum = 0.0;
        var thin = count > 60;
        for (var i = 0; i < count; i++)
        {
            var (value, school, index) = (items[i].Value, items[i].School, items[i].Index);
            var x = left + pw * cum / total;
            var bw = pw * school.Pupils / total;
            cum += school.Pupils;
            var low = standard is { } std && Fmt.BelowStandard(value, std);
            // A value of 0 still gets a sliver so that its pupils are visibly there.
            var bh = Math.Max(ph * value / yMax, 1.5);
            sb.Append(low ? "<rect class=\"bar low\" data-school=\""u8 : "<rect class=\"bar\" data-school=\""u8)
              .Append(escaped.Code(index)).Append("\" data-pupils=\""u8).Append(school.Pupils)
              .Append("\" x=\""u8).AppendCoordinate(x).Append("\" y=\""u8).AppendCoordinate(top + ph - bh)
              .Append("\" width=\""u8).AppendCoordinate(bw).Append("\" height=\""u8).AppendCoordinate(bh)
              .Append(low ? "\" fill=\"#d9572b\""u8 : "\" fill=\"#4a78a8\""u8)
              .Append(thin ? ""u8 : " stroke=\"#fff\" stroke-width=\"0.6\""u8)
              .Append("><title>"u8);
            // The title "{code} {name}: {value} {unit} · {pupils} 名学生 pupils", escaped part by part (escaping is per character).
            sb.Append(escaped.Code(index)).Append(' ').Append(escaped.Name(index)).Append(": "u8).AppendNumber(value, decimals).Append(' ')
              .Append(unit)
              .Append(" · "u8).Append(school.Pupils).Append(" 名学生 pupils</title></rect>"u8);
        }

        ArrayPool<SchoolBar>.Shared.Return(items, clearArray: true);

        // Mean (dotted) and standard (dashed) lines.
        if (result.Mean is { } mean && mean > 0)
        {
            var y = Y(mean);
            Line(sb, left, y, left + pw, y, Muted, 1.2, "2 2");
            Text(sb, left + 3, y - 3, "均值 mean ", mean, decimals, "start", 9.5, Muted, halo: true);
        }

        if (standard is { } s2)
        {
            var y = Y(s2);
            Line(sb, left, y, left + pw, y, Ink, 1.4, "6 3");
            Text(sb, left + pw - 2, y - 3, "标准 standard ", s2, decimals, "end", 9.5, Ink, halo: true);
        }

        // X axis: cumulative pupils.
        Line(sb, left, top + ph, left + pw, top + ph, Ink, 1);
        Text(sb, left, top + ph + 12, "0", "middle", 9.5, Muted);
        Text(sb, left + pw, top + ph + 12, Fmt.Integer(total), "end", 9.5, Muted);
        Text(sb, left + pw / 2, top + ph + 12, "学生数累计（柱宽∝学生数）", "middle", 9.5, Muted);
        Text(sb, left + pw / 2, top + ph + 24, "cumulative pupils (bar width ∝ pupils), schools sorted by value", "middle", 9, Muted);
        sb.Append("</svg>");
    }

    /// <summary>One school's bar in <see cref="SchoolBars"/>.</summary>
    private readonly record struct SchoolBar(double Value, SchoolResult School, int Index)
    {
        public static readonly IComparer<SchoolBar> Order = Comparer<SchoolBar>.Create(static (a, b) =>
        {
            var c = a.Value.CompareTo(b.Value);
            if (c == 0)
            {
                c = string.CompareOrdinal(a.School.Code, b.School.Code);
            }

            return c != 0 ? c : a.Index.CompareTo(b.Index);
        });
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
                sb.Append("<rect class=\"cv\" x=\"").AppendCoordinate(labelW).Append("\" y=\"").AppendCoordinate(y + 4)
                  .Append("\" width=\"").AppendCoordinate(bw).Append("\" height=\"14\" fill=\"").Append(colour).Append("\"/>");
                Text(sb, labelW + bw + 4, y + 15, string.Empty, v, Fmt.CvDecimals, "start", 10.5, Ink, bold: composite);
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
            sb.Append("<rect class=\"score\" x=\"").AppendCoordinate(labelW).Append("\" y=\"").AppendCoordinate(y + 3)
              .Append("\" width=\"").AppendCoordinate(bw).Append("\" height=\"11\" fill=\"").Append(colour).Append("\"/>");
            Text(sb, labelW + bw + 4, y + 12, string.Empty, value, Fmt.CvDecimals, "start", 9.5, Ink);
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
            Text(sb, left - 4, Y(t) + 3.5, string.Empty, t, 0, "end", 9.5, Muted);
        }

        for (var b = 0; b < bins; b++)
        {
            var x = left + pw * b / bins;
            sb.Append("<rect class=\"bin\" x=\"").AppendCoordinate(x + 1).Append("\" y=\"").AppendCoordinate(Y(counts[b]))
              .Append("\" width=\"").AppendCoordinate(pw / bins - 2).Append("\" height=\"").AppendCoordinate(top + ph - Y(counts[b]))
              .Append("\" fill=\"").Append(Bar).Append("\"><title>")
              .Append(Markup.Escape(Fmt.Inv($"{Fmt.Number(min + b * width, 3)}–{Fmt.Number(min + (b + 1) * width, 3)}: {counts[b]}"))).Append("</title></rect>");
        }

        Line(sb, left, top + ph, left + pw, top + ph, Ink, 1);
        for (var b = 0; b <= bins; b += Math.Max(1, bins / 5))
        {
            Text(sb, left + pw * b / bins, top + ph + 13, string.Empty, min + b * width, 3, "middle", 9.5, Muted);
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

    private static void Open(PageWriter sb, double w, double h, string title, string? titleEn = null)
    {
        sb.Append("<svg role=\"img\" viewBox=\"0 0 "u8).AppendCoordinate(w).Append(' ').AppendCoordinate(h)
          .Append("\" width=\""u8).AppendCoordinate(w).Append("\" height=\""u8).AppendCoordinate(h).Append("\" font-size=\"10\"><title>"u8);
        Markup.AppendEscaped(sb, title);
        if (titleEn is not null)
        {
            Markup.AppendEscaped(sb.Append(' '), titleEn);
        }

        sb.Append("</title>"u8);
    }

    private static void Line(PageWriter sb, double x1, double y1, double x2, double y2, string stroke, double width, string? dash = null)
    {
        sb.Append("<line x1=\""u8).AppendCoordinate(x1).Append("\" y1=\""u8).AppendCoordinate(y1).Append("\" x2=\""u8).AppendCoordinate(x2)
          .Append("\" y2=\""u8).AppendCoordinate(y2).Append("\" stroke=\""u8).Append(stroke).Append("\" stroke-width=\""u8).AppendCoordinate(width).Append('"');
        if (dash is not null)
        {
            sb.Append(" stroke-dasharray=\""u8).Append(dash).Append('"');
        }

        sb.Append("/>"u8);
    }

    private static void Text(PageWriter sb, double x, double y, string text, string anchor, double size, string fill, bool bold = false, bool halo = false)
    {
        TextOpen(sb, x, y, anchor, size, fill, bold, halo);
        Markup.AppendEscaped(sb, text).Append("</text>"u8);
    }

    /// <summary>A text whose content is a number with a label before it: no string of the two is made.</summary>
    private static void Text(PageWriter sb, double x, double y, string label, double number, int decimals, string anchor, double size, string fill, bool bold = false, bool halo = false)
    {
        TextOpen(sb, x, y, anchor, size, fill, bold, halo);
        Markup.AppendEscaped(sb, label).AppendNumber(number, decimals).Append("</text>"u8);
    }

    private static void TextOpen(PageWriter sb, double x, double y, string anchor, double size, string fill, bool bold, bool halo)
    {
        sb.Append("<text x=\""u8).AppendCoordinate(x).Append("\" y=\""u8).AppendCoordinate(y).Append("\" text-anchor=\""u8).Append(anchor)
          .Append("\" font-size=\""u8).AppendCoordinate(size).Append("\" fill=\""u8).Append(fill).Append('"');
        if (bold)
        {
            sb.Append(" font-weight=\"700\""u8);
        }

        if (halo)
        {
            sb.Append(" stroke=\"#fff\" stroke-width=\"3\" paint-order=\"stroke\""u8);
        }

        sb.Append('>');
    }

    /// <summary>Bytes that <see cref="FormatCoordinate"/> may need (the general format of any double).</summary>
    internal const int MaxCoordinateBytes = 400;

    /// <summary>
    /// An SVG coordinate as UTF-8: invariant, at most 3 decimals, the characters of
    /// <c>Math.Round(v, 3).ToString("0.###", CultureInfo.InvariantCulture)</c>; returns the count written.
    /// </summary>
    /// <remarks>
    /// A chart has thousands of coordinates, and the general formatter first finds the 15 significant digits of
    /// the double. <c>Math.Round(v, 3)</c> is <c>Math.Round(v · 1000) / 1000</c>; for |v · 1000| under 10¹² the
    /// integer k = Math.Round(v · 1000) has at most 12 digits and the quotient is the double nearest to k/1000,
    /// whose 15 digits are exactly k/1000: its digits are those of k, with the decimal point put back and
    /// trailing zeros dropped. Zero (whose sign the format may keep), larger values and non-finite ones go to the
    /// general formatter.
    /// </remarks>
    internal static int FormatCoordinate(double v, Span<byte> utf8)
    {
        var scaled = Math.Round(v * 1000);
        if (!(Math.Abs(scaled) < 1e12) || scaled == 0)
        {
            return Math.Round(v, 3).TryFormat(utf8, out var written, "0.###", CultureInfo.InvariantCulture)
                ? written
                : throw new ArgumentException("The buffer is too small for the number.", nameof(utf8));
        }

        var n = 0;
        if (scaled < 0)
        {
            utf8[n++] = (byte)'-';
        }

        var k = (ulong)Math.Abs(scaled);
        n += Fmt.WriteDigits(k / 1000, utf8[n..]);
        var frac = (int)(k % 1000);
        if (frac != 0)
        {
            utf8[n++] = (byte)'.';
            utf8[n++] = (byte)('0' + (frac / 100));
            if (frac % 100 != 0)
            {
                utf8[n++] = (byte)('0' + (frac / 10 % 10));
                if (frac % 10 != 0)
                {
                    utf8[n++] = (byte)('0' + (frac % 10));
                }
            }
        }

        return n;
    }
}
