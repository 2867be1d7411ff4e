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

    public static Status? Of(Scorecard card, Dimension dimension) =>
        Of(card.Primary.Status, card.Junior.Status, card.Checks.Select(c => (c.Id, c.Status)), dimension);

    public static Status? Of(ScorecardSummary card, Dimension dimension) =>
        Of(card.Primary.Status, card.Junior.Status, card.Checks, dimension);

    private static Status? Of(Status primary, Status junior, IEnumerable<(string Id, Status Status)> checks, Dimension dimension) => dimension switch
    {
        Dimension.ResourcesPrimary => primary,
        Dimension.ResourcesJunior => junior,
        Dimension.Checks => Combine(checks.Where(c => !CheckCatalog.IsVeto(c.Id)).Select(c => c.Status)),
        _ => Combine(checks.Where(c => CheckCatalog.IsVeto(c.Id)).Select(c => c.Status)),
    };
}
