using Metrics.Core.Planning;
using Metrics.Reports.Text;

namespace Metrics.Reports.Html;

internal static partial class Svg
{
    /// <summary>
    /// The budget → CV curve of a remediation plan: spending on equalisation (万元, x) against the binding
    /// ratio it reaches (largest CV / threshold, y), with the pass line at 1 and the plan's total cost marked.
    /// </summary>
    public static void CostCurve(PageWriter sb, IReadOnlyList<CurvePoint> points, double planCost)
    {
        const double w = 720, h = 260, left = 56, right = 20, top = 16, bottom = 46;
        var pw = w - left - right;
        var ph = h - top - bottom;
        var (xMax, xStep) = Scale(Math.Max(points.Max(p => p.CostYuan) / 10_000 * 1.05, 0.1));
        var yMin = Math.Floor(Math.Min(points.Min(p => p.Ratio), 1) * 10) / 10;
        var (ySpan, yStep) = Scale(Math.Max(points.Max(p => p.Ratio) - yMin, 0.1) * 1.05);
        double X(double yuan) => left + (pw * yuan / 10_000 / xMax);
        double Y(double ratio) => top + ph - (ph * (ratio - yMin) / ySpan);
        Open(sb, w, h, "投入 → 差异系数 budget → CV");
        for (var t = 0.0; t <= xMax + (xStep / 1000); t += xStep)
        {
            Line(sb, left + (pw * t / xMax), top, left + (pw * t / xMax), top + ph, Grid, 1);
            Text(sb, left + (pw * t / xMax), top + ph + 13, TickLabel(t, xStep), "middle", 9.5, Muted);
        }

        for (var t = 0.0; t <= ySpan + (yStep / 1000); t += yStep)
        {
            Line(sb, left, Y(yMin + t), left + pw, Y(yMin + t), Grid, 1);
            Text(sb, left - 4, Y(yMin + t) + 3.5, string.Empty, yMin + t, 2, "end", 9.5, Muted);
        }

        Line(sb, left, Y(1), left + pw, Y(1), Ink, 1.4, "6 3");
        Text(sb, left + pw - 2, Y(1) - 4, "达标线 pass line (CV = threshold)", "end", 9.5, Ink, halo: true);
        if (planCost > 0 && planCost / 10_000 <= xMax)
        {
            Line(sb, X(planCost), top, X(planCost), top + ph, Pass, 1.2, "3 3");
            Text(sb, X(planCost) + 3, top + 10, "方案总投入 plan total", "start", 9.5, Pass, halo: true);
        }

        sb.Append("<polyline class=\"curve\" fill=\"none\" stroke=\"").Append(Bar).Append("\" stroke-width=\"2\" points=\"");
        foreach (var p in points)
        {
            sb.AppendCoordinate(X(p.CostYuan)).Append(',').AppendCoordinate(Y(p.Ratio)).Append(' ');
        }

        sb.Append("\"/>");
        foreach (var p in points)
        {
            sb.Append("<circle cx=\"").AppendCoordinate(X(p.CostYuan)).Append("\" cy=\"").AppendCoordinate(Y(p.Ratio)).Append("\" r=\"2.5\" fill=\"")
              .Append(p.Ratio <= 1 ? Pass : Fail).Append("\"><title>")
              .Append(Markup.Escape(Fmt.Inv($"{Fmt.Number(p.CostYuan / 10_000, 1)} 万元 → {Fmt.Number(p.Ratio, 3)}"))).Append("</title></circle>");
        }

        Line(sb, left, top + ph, left + pw, top + ph, Ink, 1);
        Text(sb, left + (pw / 2), h - 18, "均衡投入（万元）spending on equalisation (10 000 yuan)", "middle", 10, Muted);
        Text(sb, left + (pw / 2), h - 5, "纵轴：最大差异系数 / 阈值 y: largest CV / threshold", "middle", 9.5, Muted);
        sb.Append("</svg>");
    }
}
