namespace Metrics.Core.Statistics;

/// <summary>
/// The Atkinson and generalised-entropy (GE(α)) families of inequality measures, pupil-weighted
/// like every measure of <see cref="Equity"/> (method §5): weights w_i = P_i / N, r_i = X_i / μ.
/// </summary>
/// <remarks>
/// <para>GE(α) = 1/(α(α − 1)) · Σ w_i (r_i^α − 1) for α ∉ {0, 1}; GE(1) is Theil T and GE(0) the
/// mean log deviation. GE(2) = ½ · Σ w_i (r_i − 1)² = ½ · S²/X̄², with S the population,
/// pupil-weighted standard deviation of the official CV, so CV² = 2 · GE(2) exactly.</para>
/// <para>Atkinson A(ε) = 1 − (Σ w_i r_i^(1−ε))^(1/(1−ε)) for ε ≠ 1 and 1 − exp(Σ w_i ln r_i) for
/// ε = 1: the share of the resource that could be taken away, with an equal spread, and leave
/// "welfare" unchanged for an aversion to inequality ε.</para>
/// <para>Input is validated as everywhere in this namespace (weights finite and &gt; 0, values finite
/// and ≥ 0, otherwise <see cref="ArgumentException"/>); the result is null when there are no units
/// or μ = 0, never NaN.</para>
/// </remarks>
public static class EquityFamilies
{
    /// <summary>The aversions reported beside the CV.</summary>
    public static IReadOnlyList<double> AtkinsonEpsilons { get; } = [0.5, 1, 2];

    /// <summary>The GE parameters reported beside the CV (GE(2) = CV²/2).</summary>
    public static IReadOnlyList<double> GeAlphas { get; } = [0, 1, 2];

    /// <summary>Atkinson index A(ε), ε ≥ 0, in [0, 1].</summary>
    /// <remarks>With a unit at 0 and ε ≥ 1 the equally-distributed equivalent is 0, so A = 1.</remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="epsilon"/> is negative or not finite.</exception>
    public static double? Atkinson(IReadOnlyList<WeightedValue> units, double epsilon)
    {
        if (!(epsilon >= 0) || !double.IsFinite(epsilon))
        {
            throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "The inequality aversion must be finite and ≥ 0.");
        }

        return Atkinson(SortedSample.Create(units, nameof(units)), epsilon);
    }

    /// <summary>
    /// Every reported measure over one set of units, which is validated and sorted once: the Atkinson index of
    /// each of <see cref="AtkinsonEpsilons"/> and the GE of each of <see cref="GeAlphas"/>, in their order;
    /// each equals what <see cref="Atkinson(IReadOnlyList{WeightedValue}, double)"/> and
    /// <see cref="GeneralizedEntropy(IReadOnlyList{WeightedValue}, double)"/> return. The scorecard page shows all of them per indicator.
    /// </summary>
    public static (double?[] Atkinson, double?[] Ge) Reported(IReadOnlyList<WeightedValue> units)
    {
        var set = SortedSample.Create(units, nameof(units));
        var atkinson = new double?[AtkinsonEpsilons.Count];
        for (var i = 0; i < atkinson.Length; i++)
        {
            atkinson[i] = Atkinson(set, AtkinsonEpsilons[i]);
        }

        var ge = new double?[GeAlphas.Count];
        for (var i = 0; i < ge.Length; i++)
        {
            ge[i] = GeneralizedEntropy(set, GeAlphas[i]);
        }

        return (atkinson, ge);
    }

    private static double? Atkinson(SortedSample? set, double epsilon)
    {
        if (set is null || set.Mean <= 0)
        {
            return null;
        }

        if (epsilon >= 1 && set.Min <= 0)
        {
            return 1;
        }

        double sum = 0;
        for (int i = 0; i < set.Count; i++)
        {
            double w = set.Weights[i] / set.TotalWeight;
            double r = set.Values[i] / set.Mean;
            sum += epsilon == 1 ? w * Math.Log(r) : w * Math.Pow(r, 1 - epsilon);
        }

        double equivalent = epsilon == 1 ? Math.Exp(sum) : Math.Pow(sum, 1 / (1 - epsilon));
        return SortedSample.Finite(Math.Clamp(1 - equivalent, 0, 1));
    }

    /// <summary>GE(α) over all units.</summary>
    /// <remarks>Null for α ≤ 0 when a unit is at 0 (the measure is infinite there).</remarks>
    public static double? GeneralizedEntropy(IReadOnlyList<WeightedValue> units, double alpha)
    {
        CheckAlpha(alpha);
        return GeneralizedEntropy(SortedSample.Create(units, nameof(units)), alpha);
    }

    private static double? GeneralizedEntropy(SortedSample? set, double alpha)
    {
        if (set is null || set.Mean <= 0 || (alpha <= 0 && set.Min <= 0))
        {
            return null;
        }

        return SortedSample.Finite(Ge(set.Values, set.Weights, set.TotalWeight, set.Mean, alpha));
    }

    /// <summary>
    /// The exact split of GE(α) by <see cref="WeightedValue.Group"/> (e.g. 城区/镇区/乡村):
    /// within = Σ_g f_g^(1−α) s_g^α GE_g(α), between = GE(α) of the group means with the group
    /// pupil shares as weights, f_g = N_g/N the group's pupil share and s_g = N_gμ_g/(Nμ) its
    /// resource share. within + between = total.
    /// </summary>
    /// <remarks>
    /// For α = 2 the within weight is s_g²/f_g; for α = 1 (Theil T) it is s_g and for α = 0 (mean
    /// log deviation) f_g. A group whose mean is 0 adds nothing within (for α &gt; 0). Null when the
    /// total is undefined (see <see cref="GeneralizedEntropy(IReadOnlyList{WeightedValue}, double)"/>).
    /// </remarks>
    public static GroupSplit? GeDecomposition(IReadOnlyList<WeightedValue> units, double alpha)
    {
        CheckAlpha(alpha);
        var set = SortedSample.Create(units, nameof(units));
        if (set is null || set.Mean <= 0 || (alpha <= 0 && set.Min <= 0))
        {
            return null;
        }

        var groups = set.ByGroup().ToList();
        var parts = new List<GroupPart>(groups.Count);
        var groupMeans = new double[groups.Count];
        var groupWeights = new double[groups.Count];
        double within = 0;
        int g = 0;
        foreach (var (group, values, weights, total, mean) in groups)
        {
            double f = total / set.TotalWeight;
            double s = f * mean / set.Mean;
            double ge = mean > 0 ? Ge(values, weights, total, mean, alpha) : 0;
            double part = mean > 0 ? Math.Pow(f, 1 - alpha) * Math.Pow(s, alpha) * ge : 0;
            within += part;
            groupMeans[g] = mean;
            groupWeights[g] = total;
            g++;
            parts.Add(new GroupPart(group, total, f, s, mean, ge, part));
        }

        double between = Ge(groupMeans, groupWeights, set.TotalWeight, set.Mean, alpha);
        double all = Ge(set.Values, set.Weights, set.TotalWeight, set.Mean, alpha);
        return double.IsFinite(within) && double.IsFinite(between) && double.IsFinite(all)
            ? new GroupSplit(alpha, all, within, between, parts)
            : null;
    }

    /// <summary>GE(α) of values with weights, for μ &gt; 0; every term is ≥ 0 in the forms used.</summary>
    private static double Ge(ReadOnlySpan<double> values, ReadOnlySpan<double> weights, double total, double mean, double alpha)
    {
        double sum = 0;
        for (int i = 0; i < values.Length; i++)
        {
            double w = weights[i] / total;
            double r = values[i] / mean;
            // Each bracket is the GE term minus its first-order part (which sums to 0 because
            // Σ w r = 1), so it is ≥ 0 and rounding cannot make the index negative.
            sum += alpha switch
            {
                0 => w * Math.Max(0, (r - 1) - Math.Log(r)),
                1 => w * (r == 0 ? 1 : Math.Max(0, (r * Math.Log(r)) - (r - 1))),
                2 => w * (r - 1) * (r - 1) / 2,
                _ => w * Math.Max(0, (Math.Pow(r, alpha) - 1 - (alpha * (r - 1))) / (alpha * (alpha - 1))),
            };
        }

        return sum;
    }

    private static void CheckAlpha(double alpha)
    {
        if (!double.IsFinite(alpha))
        {
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "The GE parameter must be finite.");
        }
    }
}

/// <summary>An exact within/between split of an inequality measure by group.</summary>
/// <param name="Alpha">The GE parameter (2 for the split of CV²/2).</param>
/// <param name="Total">The measure over all units.</param>
/// <param name="Within">Σ over groups of each group's weighted inequality.</param>
/// <param name="Between">The inequality of the group means.</param>
/// <param name="Groups">Each group's shares and contribution to <paramref name="Within"/>, by group key.</param>
public sealed record GroupSplit(double Alpha, double Total, double Within, double Between, IReadOnlyList<GroupPart> Groups);

/// <summary>One group of a <see cref="GroupSplit"/>.</summary>
/// <param name="Group">The group key (e.g. (int)Location).</param>
/// <param name="Pupils">N_g.</param>
/// <param name="PupilShare">f_g = N_g / N.</param>
/// <param name="ResourceShare">s_g = N_gμ_g / (Nμ).</param>
/// <param name="Mean">μ_g, the group's pupil-weighted mean.</param>
/// <param name="Measure">The group's own GE(α).</param>
/// <param name="WithinPart">f_g^(1−α) s_g^α GE_g(α): its part of the within term.</param>
public sealed record GroupPart(int Group, double Pupils, double PupilShare, double ResourceShare, double Mean, double Measure, double WithinPart);
