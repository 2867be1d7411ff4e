using Metrics.Core.Model;
using Metrics.Core.Scoring;

namespace Metrics.Core.Rollup;

/// <summary>
/// A county's progress over the years on record: each CV and its status, per level and indicator,
/// from the earlier years' summaries (<see cref="Scorecard.History"/>) and the current scorecard.
/// </summary>
public static class Progress
{
    /// <summary>
    /// An indicator's status as the year's scorecard gave it: undefined without a CV, not judged
    /// where the profile decides by the composite (no per-indicator threshold), else CV ≤ threshold
    /// with the method's tolerance.
    /// </summary>
    public static IndicatorStatus StatusOf(LevelSummary level, string indicatorId)
    {
        ArgumentNullException.ThrowIfNull(level);
        return !level.Cvs.TryGetValue(indicatorId, out var cv) || cv is not { } c ? IndicatorStatus.Undefined
            : !level.Thresholds.TryGetValue(indicatorId, out var t) ? IndicatorStatus.NotJudged
            : Tolerance.AtMost(c, t) ? IndicatorStatus.Pass
            : IndicatorStatus.Fail;
    }

    /// <summary>
    /// One series per level and indicator of the current scorecard (levels with units only), each
    /// with a point for every earlier year on record (oldest first) and the current year last. An
    /// earlier year whose profile lacked the indicator is left out of that series.
    /// </summary>
    public static IReadOnlyList<ProgressSeries> Series(Scorecard card)
    {
        ArgumentNullException.ThrowIfNull(card);
        var series = new List<ProgressSeries>();
        if (card.History.Count == 0)
        {
            return series;
        }

        foreach (var level in card.Levels.Where(l => l.Units > 0))
        {
            foreach (var ind in level.Indicators)
            {
                var points = new List<ProgressPoint>();
                foreach (var year in card.History.OrderBy(h => h.SchoolYear))
                {
                    var past = year.At(level.Level);
                    if (past.Units > 0 && past.Cvs.ContainsKey(ind.Id))
                    {
                        points.Add(new ProgressPoint(year.SchoolYear, past.Cvs[ind.Id], StatusOf(past, ind.Id)));
                    }
                }

                points.Add(new ProgressPoint(card.SchoolYear, ind.Cv, ind.Status));
                series.Add(new ProgressSeries(level.Level, ind.Id, ind.Threshold, points));
            }
        }

        return series;
    }
}

/// <summary>One indicator's CV over the years on record, oldest first, the current year last.</summary>
public sealed record ProgressSeries(Level Level, string IndicatorId, double? Threshold, IReadOnlyList<ProgressPoint> Points);

/// <summary>One year's CV (null when undefined) and status.</summary>
public sealed record ProgressPoint(int SchoolYear, double? Cv, IndicatorStatus Status);
