using System.Globalization;

namespace Metrics.Core.Statistics;

/// <summary>
/// The validated units of one indicator and level, sorted ascending by value, with the weighted
/// mean computed once. Shared by <see cref="WeightedStatistics"/> and <see cref="Equity"/> so that
/// <see cref="Equity.Compute"/> validates and sorts only once.
/// </summary>
internal sealed class SortedSample
{
    /// <summary>
    /// Cumulative weight within this fraction of N of a target counts as reaching it, so that the
    /// rounding of p·N (0.55·100 = 55.00000000000001) does not move a percentile boundary.
    /// </summary>
    internal const double BoundaryTolerance = 1e-12;

    private SortedSample(double[] values, double[] weights, int[] groups, double totalWeight, double mean)
    {
        Values = values;
        Weights = weights;
        Groups = groups;
        TotalWeight = totalWeight;
        Mean = mean;
    }

    /// <summary>Values X_i, ascending.</summary>
    public double[] Values { get; }

    /// <summary>Pupils P_i, in the order of <see cref="Values"/>.</summary>
    public double[] Weights { get; }

    /// <summary>Group keys, in the order of <see cref="Values"/>.</summary>
    public int[] Groups { get; }

    /// <summary>N = ΣP_i (finite and &gt; 0).</summary>
    public double TotalWeight { get; }

    /// <summary>μ = ΣP_iX_i / N.</summary>
    public double Mean { get; }

    public int Count => Values.Length;

    public double Min => Values[0];

    public double Max => Values[^1];

    /// <summary>Validates <paramref name="units"/>; returns null for an empty list.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="units"/> is null.</exception>
    /// <exception cref="ArgumentException">A weight is not finite and &gt; 0, a value is not finite
    /// and ≥ 0, or the weights sum beyond the range of <see cref="double"/>.</exception>
    public static SortedSample? Create(IReadOnlyList<WeightedValue> units, string paramName)
    {
        double totalWeight = Validate(units, paramName);
        int n = units.Count;
        if (n == 0)
        {
            return null;
        }

        var values = new double[n];
        var items = new WeightedValue[n];
        for (int i = 0; i < n; i++)
        {
            values[i] = units[i].Value;
            items[i] = units[i];
        }

        Array.Sort(values, items);
        var weights = new double[n];
        var groups = new int[n];
        for (int i = 0; i < n; i++)
        {
            weights[i] = items[i].Weight;
            groups[i] = items[i].Group;
        }

        return new SortedSample(values, weights, groups, totalWeight, WeightedMean(values, weights, totalWeight, values[0]));
    }

    /// <summary>
    /// Checks every unit and returns N = ΣP_i (0 for an empty list).
    /// </summary>
    public static double Validate(IReadOnlyList<WeightedValue> units, string paramName)
    {
        ArgumentNullException.ThrowIfNull(units, paramName);
        double total = 0;
        for (int i = 0; i < units.Count; i++)
        {
            var (weight, value, _) = units[i];
            if (!double.IsFinite(weight) || weight <= 0)
            {
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture,
                        $"units[{i}].Weight must be a finite number of pupils > 0 but is {weight:R}; drop units without pupils before computing statistics."),
                    paramName);
            }

            if (!double.IsFinite(value) || value < 0)
            {
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture,
                        $"units[{i}].Value must be a finite number ≥ 0 but is {value:R}."),
                    paramName);
            }

            total += weight;
        }

        if (!double.IsFinite(total))
        {
            throw new ArgumentException("The weights sum beyond the range of double.", paramName);
        }

        return total;
    }

    /// <summary>
    /// μ = ΣP_iX_i / N, computed as <paramref name="shift"/> + Σ(P_i/N)(X_i − shift) with the shift
    /// at the smallest value: every term is ≥ 0 (no cancellation, no overflow of ΣP_iX_i), and
    /// equal values give exactly that value.
    /// </summary>
    public static double WeightedMean(ReadOnlySpan<double> values, ReadOnlySpan<double> weights, double totalWeight, double shift)
    {
        double sum = 0;
        for (int i = 0; i < values.Length; i++)
        {
            sum += weights[i] / totalWeight * (values[i] - shift);
        }

        return shift + sum;
    }

    /// <summary>
    /// sqrt(Σ(P_i/N)(X_i − mean)²), two-pass, with the deviations scaled by the largest one so
    /// the squares neither overflow nor underflow.
    /// </summary>
    public static double PopulationStandardDeviation(ReadOnlySpan<double> values, ReadOnlySpan<double> weights, double totalWeight, double mean)
    {
        double scale = 0;
        foreach (double x in values)
        {
            scale = Math.Max(scale, Math.Abs(x - mean));
        }

        if (scale == 0)
        {
            return 0;
        }

        double sum = 0;
        for (int i = 0; i < values.Length; i++)
        {
            double d = (values[i] - mean) / scale;
            sum += weights[i] / totalWeight * d * d;
        }

        return scale * Math.Sqrt(sum);
    }

    /// <summary>
    /// The value of the first unit, ascending, whose cumulative weight reaches p·N (within
    /// <see cref="BoundaryTolerance"/>·N); the largest value when rounding leaves none.
    /// </summary>
    public double Percentile(double p)
    {
        double target = p * TotalWeight - BoundaryTolerance * TotalWeight;
        double cumulative = 0;
        for (int i = 0; i < Count; i++)
        {
            cumulative += Weights[i];
            if (cumulative >= target)
            {
                return Values[i];
            }
        }

        return Max;
    }

    /// <summary>
    /// The units of each group (<see cref="Groups"/>) in ascending group order, each group's values
    /// ascending with their weights, total weight and weighted mean: what a decomposition by groups works on.
    /// </summary>
    public IEnumerable<GroupSample> ByGroup()
    {
        var members = new SortedDictionary<int, List<int>>();
        for (int i = 0; i < Count; i++)
        {
            if (!members.TryGetValue(Groups[i], out var list))
            {
                members.Add(Groups[i], list = []);
            }

            list.Add(i);
        }

        foreach (var (group, indices) in members)
        {
            var values = new double[indices.Count];
            var weights = new double[indices.Count];
            double total = 0;
            for (int j = 0; j < indices.Count; j++)
            {
                values[j] = Values[indices[j]];
                weights[j] = Weights[indices[j]];
                total += weights[j];
            }

            // Indices ascend, so values[0] is the group's smallest value.
            yield return new GroupSample(group, values, weights, total, WeightedMean(values, weights, total, values[0]));
        }
    }

    /// <summary>A result that overflowed is not representable: reported as undefined.</summary>
    public static double? Finite(double x) => double.IsFinite(x) ? x : null;
}

/// <summary>One group's units of a <see cref="SortedSample"/> (<see cref="SortedSample.ByGroup"/>).</summary>
internal readonly record struct GroupSample(int Group, double[] Values, double[] Weights, double TotalWeight, double Mean);
