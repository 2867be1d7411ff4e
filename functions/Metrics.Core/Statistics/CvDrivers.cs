namespace Metrics.Core.Statistics;

/// <summary>
/// Which units drive a difference coefficient (method §3, "差异情况"): each unit's term of the
/// variance and its share of it, and the exact split of CV² into within and between groups.
/// </summary>
/// <remarks>
/// The variance is the one of the official CV (<see cref="WeightedStatistics.Dispersion"/>): the
/// population, pupil-weighted S² = Σ P_i(X_i − X̄)² / N, so the terms T_i = P_i(X_i − X̄)²/N sum to S²
/// and CV² = S²/X̄² = Σ T_i / X̄². A unit's share of S² is therefore also its share of CV².
/// Since CV² = 2·GE(2), the GE(2) split by group (<see cref="EquityFamilies.GeDecomposition"/>)
/// doubled is an exact split of CV²: within = Σ_g (s_g²/f_g)·CV_g², between = the CV² of the
/// group means weighted by their pupils.
/// </remarks>
public static class CvDrivers
{
    /// <summary>How many of the largest terms the reports list per indicator.</summary>
    public const int TopCount = 5;

    /// <summary>The terms of every unit, in the order of <paramref name="units"/>, and the group split.</summary>
    /// <exception cref="ArgumentException">A weight is not finite and &gt; 0, or a value is not finite and ≥ 0.</exception>
    public static CvBreakdown Compute(IReadOnlyList<WeightedValue> units)
    {
        var d = WeightedStatistics.Dispersion(units);
        if (d.Mean is not { } mean || d.StandardDeviation is not { } sd)
        {
            return new CvBreakdown(null, 0, null, [], null);
        }

        double total = d.TotalWeight;
        var terms = new DriverTerm[units.Count];
        double variance = sd * sd;
        for (int i = 0; i < units.Count; i++)
        {
            double dev = units[i].Value - mean;
            double term = units[i].Weight * dev * dev / total;
            terms[i] = new DriverTerm(i, units[i].Weight, units[i].Value, units[i].Group, term, variance > 0 ? term / variance : 0);
        }

        GroupSplit? split = null;
        if (EquityFamilies.GeDecomposition(units, 2) is { } ge)
        {
            // CV² = 2·GE(2): every part doubles.
            split = ge with
            {
                Total = 2 * ge.Total,
                Within = 2 * ge.Within,
                Between = 2 * ge.Between,
                Groups = [.. ge.Groups.Select(g => g with { Measure = 2 * g.Measure, WithinPart = 2 * g.WithinPart })],
            };
        }

        return new CvBreakdown(mean, variance, d.Cv, terms, split);
    }
}

/// <summary>The breakdown of one CV: the 差异情况 terms and the within/between split of CV².</summary>
/// <param name="Mean">X̄; null with no units.</param>
/// <param name="Variance">S² = Σ terms.</param>
/// <param name="Cv">The official CV; null when undefined.</param>
/// <param name="Terms">One per unit, in input order.</param>
/// <param name="Split">CV² = within + between by group (all parts doubled GE(2)); null when X̄ = 0 or no units.</param>
public sealed record CvBreakdown(double? Mean, double Variance, double? Cv, IReadOnlyList<DriverTerm> Terms, GroupSplit? Split)
{
    /// <summary>The <paramref name="count"/> largest terms, largest first (ties in input order).</summary>
    public IReadOnlyList<DriverTerm> Largest(int count = CvDrivers.TopCount) =>
        [.. Terms.OrderByDescending(t => t.Term).ThenBy(t => t.Index).Take(count)];
}

/// <summary>One unit's 差异情况 term.</summary>
/// <param name="Index">Position in the input.</param>
/// <param name="Pupils">P_i.</param>
/// <param name="Value">X_i.</param>
/// <param name="Group">Group key (location).</param>
/// <param name="Term">P_i(X_i − X̄)²/N, in the indicator's unit squared.</param>
/// <param name="Share">Term / S² (0 when S = 0); also the unit's share of CV².</param>
public sealed record DriverTerm(int Index, double Pupils, double Value, int Group, double Term, double Share);
