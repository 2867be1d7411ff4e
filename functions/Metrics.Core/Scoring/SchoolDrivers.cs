using System.Runtime.CompilerServices;
using Metrics.Core.Statistics;

namespace Metrics.Core.Scoring;

/// <summary>What the reports show of one indicator's spread over a level's units: the 差异情况 terms with the within/between split of CV² (method §3), and the Atkinson and GE families.</summary>
/// <param name="Units">The level's units for the indicator, in the order of <see cref="LevelResult.Schools"/>.</param>
public sealed record IndicatorDrivers(IReadOnlyList<WeightedValue> Units, CvBreakdown Breakdown, double?[] Atkinson, double?[] Ge);

/// <summary>
/// The equity breakdowns of one indicator over a scored level's units, in the order of
/// <see cref="LevelResult.Schools"/> (a term's <see cref="DriverTerm.Index"/> is the school's index).
/// </summary>
public static class SchoolDrivers
{
    /// <summary>
    /// The page and the workbook of a scorecard are made at the same time and both show every indicator's drivers:
    /// each level's are computed once, by whichever asks first, and kept as long as the level is.
    /// </summary>
    private static readonly ConditionalWeakTable<LevelResult, Lazy<IReadOnlyDictionary<string, IndicatorDrivers>>> Computed = new();

    /// <summary>The units of <paramref name="level"/> for <paramref name="indicatorId"/>: pupils, value, location.</summary>
    public static IReadOnlyList<WeightedValue> Units(LevelResult level, string indicatorId)
    {
        ArgumentNullException.ThrowIfNull(level);
        return [.. level.Schools.Select(s => new WeightedValue(s.Pupils, s.Values[indicatorId], (int)s.Location))];
    }

    /// <summary>The drivers of <paramref name="indicatorId"/> in <paramref name="level"/> (computed once per level; the arrays are shared: read them only).</summary>
    public static IndicatorDrivers Of(LevelResult level, string indicatorId)
    {
        ArgumentNullException.ThrowIfNull(level);
        return Computed.GetValue(level, l => new Lazy<IReadOnlyDictionary<string, IndicatorDrivers>>(() => Compute(l))).Value[indicatorId];
    }

    private static Dictionary<string, IndicatorDrivers> Compute(LevelResult level)
    {
        var all = new Dictionary<string, IndicatorDrivers>(level.Indicators.Count, StringComparer.Ordinal);
        foreach (var ind in level.Indicators)
        {
            var units = Units(level, ind.Id);
            var (atkinson, ge) = EquityFamilies.Reported(units);
            all[ind.Id] = new IndicatorDrivers(units, CvDrivers.Compute(units), atkinson, ge);
        }

        return all;
    }
}
