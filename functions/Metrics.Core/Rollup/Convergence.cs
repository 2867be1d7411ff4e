using Metrics.Core.Model;

namespace Metrics.Core.Rollup;

/// <summary>
/// σ-convergence of the CVs across counties: for each level and indicator, the standard deviation
/// of the counties' CVs in each year on record. A falling σ means the counties are growing alike.
/// </summary>
/// <remarks>
/// Every county counts once, whatever its size (the σ is of county CVs, not of pupils), in the
/// population form σ = sqrt(Σ(CV_c − m)² / n) with m the plain mean of the n defined CVs of that year
/// (counties with an undefined CV or without the indicator are left out). Null with no defined CV.
/// </remarks>
public static class Convergence
{
    /// <summary>
    /// One row per level and indicator found this year, each with a point per year (the earlier
    /// years on record, oldest first, then <paramref name="year"/>).
    /// </summary>
    /// <param name="year">The year rolled up.</param>
    /// <param name="current">This year's scorecard summaries.</param>
    /// <param name="earlier">Earlier years' summaries by year.</param>
    public static IReadOnlyList<ConvergenceRow> Compute(
        int year,
        IReadOnlyList<ScorecardSummary> current,
        IReadOnlyDictionary<int, IReadOnlyList<ScorecardSummary>> earlier)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(earlier);
        var years = earlier.Keys.Where(y => y < year).Order().Select(y => (Year: y, Cards: earlier[y])).Append((Year: year, Cards: current)).ToArray();
        var rows = new List<ConvergenceRow>();
        foreach (var level in new[] { Level.Primary, Level.Junior })
        {
            var ids = current.SelectMany(c => c.At(level).Cvs.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
            foreach (var id in ids)
            {
                var points = years.Select(y => Point(y.Year, y.Cards, level, id)).Where(p => p.Counties > 0 || p.Year == year).ToArray();
                rows.Add(new ConvergenceRow(level, id, points));
            }
        }

        return rows;
    }

    /// <summary>Population standard deviation of plain values; null when empty.</summary>
    public static double? Sigma(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            return null;
        }

        double mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / values.Count);
    }

    private static SigmaPoint Point(int year, IReadOnlyList<ScorecardSummary> cards, Level level, string id)
    {
        var cvs = cards
            .Select(c => c.At(level))
            .Where(l => l.Units > 0 && l.Cvs.TryGetValue(id, out var cv) && cv.HasValue)
            .Select(l => l.Cvs[id]!.Value)
            .ToArray();
        return new SigmaPoint(year, cvs.Length, cvs.Length == 0 ? null : cvs.Average(), Sigma(cvs));
    }
}

/// <summary>σ of one indicator's county CVs over the years on record.</summary>
public sealed record ConvergenceRow(Level Level, string IndicatorId, IReadOnlyList<SigmaPoint> Points)
{
    /// <summary>σ this year minus σ the year before on record; negative = converging. Null when either is missing.</summary>
    public double? Change => Points.Count >= 2 && Points[^1].Sigma is { } now && Points[^2].Sigma is { } before ? now - before : null;
}

/// <summary>One year: how many counties had a defined CV, their plain mean CV and σ.</summary>
public sealed record SigmaPoint(int Year, int Counties, double? MeanCv, double? Sigma);
