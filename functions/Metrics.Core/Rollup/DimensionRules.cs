using Metrics.Core.Catalog;
using Metrics.Core.Model;
using Metrics.Core.Scoring;

namespace Metrics.Core.Rollup;

/// <summary>
/// The status of a county in each <see cref="Dimension"/>, one rule for the scorecard and the
/// rollup: the level's own status for the resource dimensions; for checks and vetoes, fail if any
/// fails, else not assessed if any is not assessed, else pass; null when the profile assesses
/// nothing in that dimension.
/// </summary>
public static class DimensionRules
{
    public static Status? Combine(IEnumerable<Status> statuses)
    {
        var any = false;
        var notAssessed = false;
        foreach (var s in statuses)
        {
            any = true;
            if (s == Status.Fail)
            {
                return Status.Fail;
            }

            notAssessed |= s == Status.NotAssessed;
        }

        return !any ? null : notAssessed ? Status.NotAssessed : Status.Pass;
    }

    public static Status? Of(Scorecard card, Dimension dimension) => dimension switch
    {
        Dimension.ResourcesPrimary => card.Primary.Status,
        Dimension.ResourcesJunior => card.Junior.Status,
        Dimension.Checks => Combine(card.Checks.Where(c => !c.IsVeto).Select(c => c.Status)),
        _ => Combine(card.Checks.Where(c => c.IsVeto).Select(c => c.Status)),
    };

    public static Status? Of(ScorecardSummary card, Dimension dimension) => dimension switch
    {
        Dimension.ResourcesPrimary => card.Primary.Status,
        Dimension.ResourcesJunior => card.Junior.Status,
        Dimension.Checks => Combine(card.Checks.Where(c => !IsVeto(c.Id)).Select(c => c.Status)),
        _ => Combine(card.Checks.Where(c => IsVeto(c.Id)).Select(c => c.Status)),
    };

    private static bool IsVeto(string id) => CheckCatalog.IsVeto(id);
}
