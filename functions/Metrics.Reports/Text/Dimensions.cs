using Metrics.Core.Model;
using Metrics.Core.Rollup;
using Metrics.Core.Scoring;

namespace Metrics.Reports.Text;

/// <summary>
/// The scorecard's status per <see cref="Dimension"/>, as the rollup reports it: the level status
/// for the resource dimensions; for checks and vetoes, fail if any fails, else not assessed if any
/// is not assessed, else pass. Null when a profile assesses nothing in that dimension.
/// </summary>
internal static class Dimensions
{
    public static Status? Of(Scorecard card, Dimension dimension) => DimensionRules.Of(card, dimension);
}
