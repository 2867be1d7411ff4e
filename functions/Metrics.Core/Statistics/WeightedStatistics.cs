namespace Metrics.Core.Statistics;

/// <summary>
/// The official, pupil-weighted statistics of one indicator over the units of one level
/// (DOMAIN §3), and pupil-weighted percentiles.
/// </summary>
/// <remarks>
/// Every method validates its input the same way: each weight P_i must be finite and &gt; 0 (callers
/// drop zero-pupil units first), each value X_i finite and ≥ 0, otherwise
/// <see cref="ArgumentException"/>. Outputs are never NaN or infinity: an undefined result is null.
/// </remarks>
public static class WeightedStatistics
{
    /// <summary>
    /// The official difference coefficient: pupil-weighted mean X̄ = ΣP_iX_i / N, population
    /// standard deviation S = sqrt(ΣP_i(X_i − X̄)² / N) (divided by N, never N − 1) and
    /// CV = S / X̄, with N = ΣP_i.
    /// </summary>
    /// <remarks>
    /// X̄ equals county total resource / county total pupils. Computed in two passes (mean, then
    /// squared deviations from it), which is exact for equal values (S = 0) and free of the
    /// cancellation of the one-pass ΣPX² − NX̄² form. CV is null ("undefined") when X̄ = 0;
    /// an empty list gives <c>Dispersion(0, 0, null, null, null)</c>.
    /// </remarks>
    /// <exception cref="ArgumentException">A weight is not finite and &gt; 0, or a value is not finite and ≥ 0.</exception>
    public static Dispersion Dispersion(IReadOnlyList<WeightedValue> units) => DispersionOf(SortedSample.Create(units, nameof(units)));

    /// <summary><see cref="Dispersion(IReadOnlyList{WeightedValue})"/> of units already validated and sorted.</summary>
    internal static Dispersion DispersionOf(SortedSample? set)
    {
        if (set is null)
        {
            return new Dispersion(0, 0, null, null, null);
        }

        double mean = set.Mean;
        double sd = SortedSample.PopulationStandardDeviation(set.Values, set.Weights, set.TotalWeight, mean);
        double? cv = mean > 0 ? SortedSample.Finite(sd / mean) : null;
        return new Dispersion(set.Count, set.TotalWeight, mean, sd, cv);
    }

    /// <summary>
    /// The common mistake, kept so that a test can show how far it is from the official CV: the
    /// plain mean of the unit values (every school counts once, whatever its size) and their
    /// population standard deviation (divided by n), CV = SD / mean.
    /// </summary>
    /// <remarks>Weights are validated but otherwise ignored. Null when there are no units or the
    /// plain mean is 0. Do not use it for scoring.</remarks>
    /// <exception cref="ArgumentException">A weight is not finite and &gt; 0, or a value is not finite and ≥ 0.</exception>
    public static double? UnweightedCv(IReadOnlyList<WeightedValue> units) => UnweightedCvOf(SortedSample.Create(units, nameof(units)));

    /// <summary><see cref="UnweightedCv(IReadOnlyList{WeightedValue})"/> of units already validated and sorted.</summary>
    internal static double? UnweightedCvOf(SortedSample? set)
    {
        if (set is null)
        {
            return null;
        }

        var ones = new double[set.Count];
        Array.Fill(ones, 1.0);
        double mean = SortedSample.WeightedMean(set.Values, ones, set.Count, set.Min);
        if (mean <= 0)
        {
            return null;
        }

        double sd = SortedSample.PopulationStandardDeviation(set.Values, ones, set.Count, mean);
        return SortedSample.Finite(sd / mean);
    }

    /// <summary>
    /// Pupil-weighted percentile, without interpolation: sort the units ascending by value and
    /// return the value of the first unit whose cumulative weight is ≥ p·N.
    /// </summary>
    /// <remarks>
    /// So p = 0 gives the smallest value and p = 1 the largest. A cumulative weight within
    /// 10⁻¹² · N of p·N counts as reaching it, so that floating-point rounding of p·N
    /// (0.55 · 100 = 55.00000000000001) cannot move the boundary to the next unit. Units with equal
    /// values behave as one unit with their summed weight. Null when there are no units.
    /// </remarks>
    /// <param name="units">The units of one indicator and level.</param>
    /// <param name="p">The fraction of pupils, in [0, 1].</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="p"/> is outside [0, 1] or NaN.</exception>
    /// <exception cref="ArgumentException">A weight is not finite and &gt; 0, or a value is not finite and ≥ 0.</exception>
    public static double? WeightedPercentile(IReadOnlyList<WeightedValue> units, double p)
    {
        if (!(p >= 0 && p <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(p), p, "The percentile must be a fraction in [0, 1].");
        }

        return SortedSample.Create(units, nameof(units))?.Percentile(p);
    }

    /// <summary>
    /// Pupil-weighted median: <see cref="WeightedPercentile"/> at p = 0.5, i.e. the value of the unit
    /// at which the cumulative weight, ascending by value, first reaches N/2.
    /// </summary>
    /// <remarks>
    /// No averaging: when the cumulative weight reaches exactly N/2 at a unit, that unit's value is
    /// the median (the lower median), e.g. 50 pupils at 1 and 50 at 3 give 1. Null when there are
    /// no units.
    /// </remarks>
    /// <exception cref="ArgumentException">A weight is not finite and &gt; 0, or a value is not finite and ≥ 0.</exception>
    public static double? WeightedMedian(IReadOnlyList<WeightedValue> units) =>
        SortedSample.Create(units, nameof(units))?.Percentile(0.5);
}
