using Metrics.Core.Statistics;

namespace Metrics.Core.Scoring;

/// <summary>
/// The equity breakdowns of one indicator over a scored level's units, in the order of
/// <see cref="LevelResult.Schools"/> (a term's <see cref="DriverTerm.Index"/> is the school's index).
/// </summary>
public static class SchoolDrivers
{
    /// <summary>The units of <paramref name="level"/> for <paramref name="indicatorId"/>: pupils, value, location.</summary>
    public static IReadOnlyList<WeightedValue> Units(LevelResult level, string indicatorId)
    {
        ArgumentNullException.ThrowIfNull(level);
        return [.. level.Schools.Select(s => new WeightedValue(s.Pupils, s.Values[indicatorId], (int)s.Location))];
    }

    /// <summary>The 差异情况 terms and the within/between split of CV² (method §3).</summary>
    public static CvBreakdown Breakdown(LevelResult level, string indicatorId) => CvDrivers.Compute(Units(level, indicatorId));
}
