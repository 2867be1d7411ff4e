using Metrics.Core.Scoring;
using Metrics.Reports.Text;

namespace Metrics.Reports.Html;

internal static partial class Svg
{
    /// <summary>
    /// A small pupil-weighted Lorenz curve: cumulative share of pupils (x) against the cumulative
    /// share of the resource (y), with the diagonal of perfect equality.
    /// </summary>
    /// <remarks>The title is <paramref name="title"/> and <paramref name="titleAfter"/> with a space between (no string of the two is made).</remarks>
    public static void LorenzCurve(PageWriter sb, IReadOnlyList<(double Pupils, double Resource)> curve, string title, string titleAfter)
    {
        const double w = 220, h = 220, left = 30, right = 10, top = 10, bottom = 30;
        var pw = w - left - right;
        var ph = h - top - bottom;
        double X(double v) => left + (pw * v);
        double Y(double v) => top + ph - (ph * v);
        Open(sb, w, h, title, titleAfter);
        for (var t = 0.0; t <= 1.0001; t += 0.25)
        {
            Line(sb, X(t), top, X(t), top + ph, Grid, 1);
            Line(sb, left, Y(t), left + pw, Y(t), Grid, 1);
            Text(sb, X(t), top + ph + 12, string.Empty, t * 100, 0, "middle", 9, Muted);
            Text(sb, left - 3, Y(t) + 3, string.Empty, t * 100, 0, "end", 9, Muted);
        }

        Line(sb, X(0), Y(0), X(1), Y(1), Muted, 1, "4 3");
        if (curve.Count > 0)
        {
            sb.Append("<polyline class=\"lorenz\" fill=\"none\" stroke=\"#4a78a8\" stroke-width=\"1.8\" points=\""u8);
            for (var i = 0; i < curve.Count; i++)
            {
                var (x, y) = curve[i];
                sb.AppendCoordinate(X(x)).Append(',').AppendCoordinate(Y(y)).Append(' ');
            }

            sb.Append("\"/>"u8);
        }

        Text(sb, left + (pw / 2), h - 4, "学生累计 cumulative pupils, %", "middle", 9, Muted);
        sb.Append("</svg>");
    }

    /// <summary>
    /// A small trend chart of one indicator's CV over the years on record: one dot per year coloured
    /// by its status, joined by a line, with the threshold dashed.
    /// </summary>
    public static void CvTrend(PageWriter sb, IReadOnlyList<(int Year, double? Cv, IndicatorStatus Status)> points, double? threshold, string title)
    {
        const double w = 240, h = 90, left = 36, right = 12, top = 8, bottom = 20;
        var pw = w - left - right;
        var ph = h - top - bottom;
        var (yMax, step) = Scale(Math.Max(points.Select(p => p.Cv ?? 0).Append(threshold ?? 0).Max() * 1.1, 0.1));
        double X(int k) => points.Count == 1 ? left + (pw / 2) : left + (pw * k / (points.Count - 1));
        double Y(double v) => top + ph - (ph * v / yMax);
        Open(sb, w, h, title);
        for (var t = 0.0; t <= yMax + (step / 1000); t += step)
        {
            Line(sb, left, Y(t), left + pw, Y(t), Grid, 1);
            Text(sb, left - 3, Y(t) + 3, TickLabel(t, step), "end", 9, Muted);
        }

        if (threshold is { } th)
        {
            Line(sb, left, Y(th), left + pw, Y(th), Ink, 1, "5 3");
        }

        var drawn = points.Select((p, k) => (p, k)).Where(x => x.p.Cv is not null).ToArray();
        if (drawn.Length > 1)
        {
            sb.Append("<polyline fill=\"none\" stroke=\"").Append(Muted).Append("\" stroke-width=\"1.2\" points=\"");
            foreach (var (p, k) in drawn)
            {
                sb.AppendCoordinate(X(k)).Append(',').AppendCoordinate(Y(p.Cv!.Value)).Append(' ');
            }

            sb.Append("\"/>");
        }

        for (var k = 0; k < points.Count; k++)
        {
            var p = points[k];
            Text(sb, X(k), top + ph + 13, p.Year.ToString(System.Globalization.CultureInfo.InvariantCulture), "middle", 9, Muted);
            if (p.Cv is { } cv)
            {
                var colour = p.Status == IndicatorStatus.Fail ? Fail : p.Status == IndicatorStatus.Pass ? Pass : Neutral;
                sb.Append("<circle class=\"year\" cx=\"").AppendCoordinate(X(k)).Append("\" cy=\"").AppendCoordinate(Y(cv)).Append("\" r=\"3.5\" fill=\"").Append(colour)
                  .Append("\"><title>").Append(Markup.Escape(Fmt.Inv($"{p.Year}: {Fmt.Number(cv, Fmt.CvDecimals)}"))).Append("</title></circle>");
            }
        }

        sb.Append("</svg>");
    }
}
