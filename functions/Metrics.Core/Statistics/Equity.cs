namespace Metrics.Core.Statistics;

/// <summary>
/// Pupil-weighted equity measures beyond the official method (DOMAIN §5), per indicator and level.
/// </summary>
/// <remarks>
/// <para>For units with pupils P_i and values X_i: N = ΣP_i, weights P_i / N, μ = ΣP_iX_i / N (the
/// pupil-weighted mean, as in <see cref="WeightedStatistics.Dispersion"/>). A school of 600 pupils
/// counts six times as much as one of 100 in every measure.</para>
/// <para>Every method validates its input the same way: each weight must be finite and &gt; 0
/// (callers drop zero-pupil units first), each value finite and ≥ 0, otherwise
/// <see cref="ArgumentException"/>. Every method returns null for an empty list. Outputs are never
/// NaN or infinity: undefined is null (including the theoretical case of a result that overflows
/// <see cref="double"/>).</para>
/// </remarks>
public static class Equity
{
    /// <summary>
    /// All measures of this class at once, validating and sorting the units only once.
    /// </summary>
    /// <exception cref="ArgumentException">A weight is not finite and &gt; 0, or a value is not finite and ≥ 0.</exception>
    public static EquityMeasures Compute(IReadOnlyList<WeightedValue> units) => ComputeOf(SortedSample.Create(units, nameof(units)));

    /// <summary><see cref="Compute(IReadOnlyList{WeightedValue})"/> of units already validated and sorted.</summary>
    internal static EquityMeasures ComputeOf(SortedSample? set)
    {
        if (set is null)
        {
            return new EquityMeasures(null, null, null, null, null, null, null, null, null);
        }

        var decomposition = TheilDecompositionCore(set);
        return new EquityMeasures(
            GiniCore(set),
            TheilTCore(set),
            decomposition?.within,
            decomposition?.between,
            MeanLogDeviationCore(set),
            McLooneCore(set),
            VerstegenCore(set),
            FederalRangeRatioCore(set),
            MaxMinRatioCore(set));
    }

    /// <summary>
    /// Pupil-weighted Gini coefficient G = Σ_iΣ_j P_iP_j|X_i − X_j| / (2N²μ).
    /// </summary>
    /// <remarks>
    /// Computed in O(n log n): with the units sorted ascending, every pair's |X_i − X_j| is the sum
    /// of the gaps between consecutive values that lie between them, so
    /// G = Σ_k (X_(k+1) − X_(k)) · F_k · (1 − F_k) / μ, where F_k is the pupil share of the k lowest
    /// units (1 − F_k is summed separately from the top, not subtracted). All terms are ≥ 0.
    /// G is 0 when all values are equal and below 1 for any finite county. Null when μ = 0 (all
    /// values 0) or there are no units.
    /// </remarks>
    /// <exception cref="ArgumentException">A weight is not finite and &gt; 0, or a value is not finite and ≥ 0.</exception>
    public static double? Gini(IReadOnlyList<WeightedValue> units)
    {
        var set = SortedSample.Create(units, nameof(units));
        return set is null ? null : GiniCore(set);
    }

    /// <summary>
    /// Theil T index T = Σ(P_i/N)(X_i/μ)ln(X_i/μ), with 0 · ln 0 = 0 (a unit with value 0 adds 0).
    /// </summary>
    /// <remarks>
    /// Computed in the equivalent form Σ(P_i/N)·[r_i ln r_i − (r_i − 1)] with r_i = X_i/μ (equal because
    /// Σ(P_i/N)r_i = 1), whose terms are each ≥ 0, so rounding cannot make T negative. T = 0 when all
    /// values are equal; its upper bound is ln(N / P_min). Null when μ = 0 or there are no units.
    /// </remarks>
    /// <exception cref="ArgumentException">A weight is not finite and &gt; 0, or a value is not finite and ≥ 0.</exception>
    public static double? TheilT(IReadOnlyList<WeightedValue> units)
    {
        var set = SortedSample.Create(units, nameof(units));
        return set is null ? null : TheilTCore(set);
    }

    /// <summary>
    /// Decomposition of <see cref="TheilT(IReadOnlyList{WeightedValue})"/> by
    /// <see cref="WeightedValue.Group"/> (e.g. location 城区/镇区/乡村): within = Σ_g s_g·T_g and
    /// between = Σ_g s_g·ln(μ_g/μ), with s_g = N_gμ_g / (Nμ) the group's share of the resource, N_g
    /// and μ_g the group's pupils and pupil-weighted mean and T_g the Theil T inside the group.
    /// within + between = T.
    /// </summary>
    /// <remarks>
    /// A group whose mean is 0 has s_g = 0 and contributes 0 to both parts. A single group gives
    /// (T, 0). Both parts are ≥ 0 (computed in the same non-negative form as
    /// <see cref="TheilT(IReadOnlyList{WeightedValue})"/>). Null when μ = 0 or there are no units.
    /// </remarks>
    /// <exception cref="ArgumentException">A weight is not finite and &gt; 0, or a value is not finite and ≥ 0.</exception>
    public static (double within, double between)? TheilDecomposition(IReadOnlyList<WeightedValue> units)
    {
        var set = SortedSample.Create(units, nameof(units));
        return set is null ? null : TheilDecompositionCore(set);
    }

    /// <summary>
    /// Mean log deviation (Theil L, GE(0)) L = Σ(P_i/N)ln(μ/X_i).
    /// </summary>
    /// <remarks>
    /// Computed in the equivalent form Σ(P_i/N)·[(r_i − 1) − ln r_i] with r_i = X_i/μ, whose terms
    /// are each ≥ 0. L = 0 when all values are equal. Null when any X_i = 0 (ln(μ/0) is infinite),
    /// when μ = 0, or when there are no units.
    /// </remarks>
    /// <exception cref="ArgumentException">A weight is not finite and &gt; 0, or a value is not finite and ≥ 0.</exception>
    public static double? MeanLogDeviation(IReadOnlyList<WeightedValue> units)
    {
        var set = SortedSample.Create(units, nameof(units));
        return set is null ? null : MeanLogDeviationCore(set);
    }

    /// <summary>
    /// McLoone index: the resource held by the lowest-valued half of pupils, divided by what that
    /// half would hold at the median, i.e. Σ(P·X over the lowest N/2 pupils) / (median · N/2).
    /// </summary>
    /// <remarks>
    /// Units are taken ascending by value until N/2 pupils are covered; the unit holding the median
    /// is split, and only the part of its pupils up to N/2 counts. The median is
    /// <see cref="WeightedStatistics.WeightedMedian"/> (value of the unit at which the cumulative
    /// weight first reaches N/2). 1 means the lower half is at the median; the index is in [0, 1].
    /// Null when the median is 0 or there are no units.
    /// </remarks>
    /// <exception cref="ArgumentException">A weight is not finite and &gt; 0, or a value is not finite and ≥ 0.</exception>
    public static double? McLoone(IReadOnlyList<WeightedValue> units)
    {
        var set = SortedSample.Create(units, nameof(units));
        return set is null ? null : McLooneCore(set);
    }

    /// <summary>
    /// Verstegen index: the resource held by the highest-valued half of pupils, divided by what that
    /// half would hold at the median, i.e. Σ(P·X over the highest N/2 pupils) / (median · N/2).
    /// </summary>
    /// <remarks>
    /// The mirror of <see cref="McLoone(IReadOnlyList{WeightedValue})"/>: units are taken descending
    /// by value until N/2 pupils are covered, splitting the unit at the boundary; same median.
    /// The index is ≥ 1. Null when the median is 0 or there are no units.
    /// </remarks>
    /// <exception cref="ArgumentException">A weight is not finite and &gt; 0, or a value is not finite and ≥ 0.</exception>
    public static double? Verstegen(IReadOnlyList<WeightedValue> units)
    {
        var set = SortedSample.Create(units, nameof(units));
        return set is null ? null : VerstegenCore(set);
    }

    /// <summary>
    /// Federal range ratio (P95 − P5) / P5 with pupil-weighted percentiles as defined by
    /// <see cref="WeightedStatistics.WeightedPercentile"/> (value of the first unit, ascending, whose
    /// cumulative weight is ≥ p·N; no interpolation).
    /// </summary>
    /// <remarks>≥ 0. Null when P5 = 0 or there are no units.</remarks>
    /// <exception cref="ArgumentException">A weight is not finite and &gt; 0, or a value is not finite and ≥ 0.</exception>
    public static double? FederalRangeRatio(IReadOnlyList<WeightedValue> units)
    {
        var set = SortedSample.Create(units, nameof(units));
        return set is null ? null : FederalRangeRatioCore(set);
    }

    /// <summary>
    /// Max/min ratio: the largest unit value divided by the smallest (weights do not matter).
    /// </summary>
    /// <remarks>≥ 1. Null when the smallest value is 0 or there are no units.</remarks>
    /// <exception cref="ArgumentException">A weight is not finite and &gt; 0, or a value is not finite and ≥ 0.</exception>
    public static double? MaxMinRatio(IReadOnlyList<WeightedValue> units)
    {
        var set = SortedSample.Create(units, nameof(units));
        return set is null ? null : MaxMinRatioCore(set);
    }

    private static double? GiniCore(SortedSample set)
    {
        double mean = set.Mean;
        if (mean <= 0)
        {
            return null;
        }

        int n = set.Count;
        double total = set.TotalWeight;

        // above[k] = pupil share of the units after k, summed from the top.
        var above = new double[n];
        double share = 0;
        for (int k = n - 1; k >= 0; k--)
        {
            above[k] = share;
            share += set.Weights[k] / total;
        }

        double sum = 0;
        double below = 0;
        for (int k = 0; k < n - 1; k++)
        {
            below += set.Weights[k] / total;
            sum += (set.Values[k + 1] - set.Values[k]) * below * above[k];
        }

        return SortedSample.Finite(sum / mean);
    }

    private static double? TheilTCore(SortedSample set)
    {
        double mean = set.Mean;
        return mean > 0 ? SortedSample.Finite(TheilTCore(set.Values, set.Weights, set.TotalWeight, mean)) : null;
    }

    /// <summary>Σ(P_i/N)·[r ln r − (r − 1)], r = X_i/μ, for μ &gt; 0.</summary>
    private static double TheilTCore(ReadOnlySpan<double> values, ReadOnlySpan<double> weights, double total, double mean)
    {
        double sum = 0;
        for (int i = 0; i < values.Length; i++)
        {
            sum += weights[i] / total * TheilTerm(values[i] / mean);
        }

        return sum;
    }

    /// <summary>r ln r − (r − 1) ≥ 0, with 0 · ln 0 = 0.</summary>
    private static double TheilTerm(double r) => r == 0 ? 1 : Math.Max(0, r * Math.Log(r) - (r - 1));

    private static (double within, double between)? TheilDecompositionCore(SortedSample set)
    {
        double mean = set.Mean;
        if (mean <= 0)
        {
            return null;
        }

        double within = 0;
        double between = 0;
        foreach (var (_, values, weights, groupTotal, groupMean) in set.ByGroup())
        {
            double pupilShare = groupTotal / set.TotalWeight;
            double r = groupMean / mean;
            between += pupilShare * TheilTerm(r);
            if (groupMean > 0)
            {
                within += pupilShare * r * TheilTCore(values, weights, groupTotal, groupMean);
            }
        }

        return double.IsFinite(within) && double.IsFinite(between) ? (within, between) : null;
    }

    private static double? MeanLogDeviationCore(SortedSample set)
    {
        double mean = set.Mean;
        if (mean <= 0 || set.Min <= 0)
        {
            return null;
        }

        double sum = 0;
        for (int i = 0; i < set.Count; i++)
        {
            double r = set.Values[i] / mean;
            sum += set.Weights[i] / set.TotalWeight * Math.Max(0, (r - 1) - Math.Log(r));
        }

        return SortedSample.Finite(sum);
    }

    private static double? McLooneCore(SortedSample set)
    {
        double median = set.Percentile(0.5);
        return median > 0 ? SortedSample.Finite(HalfSum(set, ascending: true) / (median * 0.5)) : null;
    }

    private static double? VerstegenCore(SortedSample set)
    {
        double median = set.Percentile(0.5);
        return median > 0 ? SortedSample.Finite(HalfSum(set, ascending: false) / (median * 0.5)) : null;
    }

    /// <summary>
    /// Σ (pupil share) · X over the lowest (or highest) half of pupils, splitting the unit at N/2.
    /// </summary>
    private static double HalfSum(SortedSample set, bool ascending)
    {
        double remaining = 0.5;
        double sum = 0;
        for (int j = 0; j < set.Count && remaining > 0; j++)
        {
            int i = ascending ? j : set.Count - 1 - j;
            double take = Math.Min(set.Weights[i] / set.TotalWeight, remaining);
            sum += take * set.Values[i];
            remaining -= take;
        }

        return sum;
    }

    private static double? FederalRangeRatioCore(SortedSample set)
    {
        double p5 = set.Percentile(0.05);
        return p5 > 0 ? SortedSample.Finite((set.Percentile(0.95) - p5) / p5) : null;
    }

    private static double? MaxMinRatioCore(SortedSample set) =>
        set.Min > 0 ? SortedSample.Finite(set.Max / set.Min) : null;
}
