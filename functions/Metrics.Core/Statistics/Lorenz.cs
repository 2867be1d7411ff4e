namespace Metrics.Core.Statistics;

/// <summary>
/// The pupil-weighted Lorenz curve of one indicator: units sorted ascending by value, the
/// cumulative share of pupils against the cumulative share of the resource they hold.
/// </summary>
/// <remarks>
/// The curve runs from (0, 0) to (1, 1) with one vertex per unit; the further it sags below the
/// diagonal, the more unequal. Twice the area between diagonal and curve is the Gini coefficient
/// of <see cref="Equity.Gini"/>. Empty when there are no units or the resource is 0 everywhere.
/// </remarks>
public static class Lorenz
{
    /// <exception cref="ArgumentException">A weight is not finite and &gt; 0, or a value is not finite and ≥ 0.</exception>
    public static IReadOnlyList<(double Pupils, double Resource)> Curve(IReadOnlyList<WeightedValue> units)
    {
        var set = SortedSample.Create(units, nameof(units));
        if (set is null || set.Mean <= 0)
        {
            return [];
        }

        var points = new List<(double, double)>(set.Count + 1) { (0, 0) };
        double pupils = 0;
        double resource = 0;
        double totalResource = set.TotalWeight * set.Mean;
        for (int i = 0; i < set.Count; i++)
        {
            pupils += set.Weights[i];
            resource += set.Weights[i] * set.Values[i];
            points.Add((i == set.Count - 1 ? 1 : pupils / set.TotalWeight, i == set.Count - 1 ? 1 : Math.Min(1, resource / totalResource)));
        }

        return points;
    }
}
