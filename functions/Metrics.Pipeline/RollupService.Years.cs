using Metrics.Core.Rollup;
using Metrics.Pipeline.Storage;

namespace Metrics.Pipeline;

public sealed partial class RollupService
{
    /// <summary>Every earlier year on record with its summaries (the previous year as already read).</summary>
    private async Task<IReadOnlyDictionary<int, IReadOnlyList<ScorecardSummary>>> EarlierYearsAsync(
        int year, IReadOnlyList<ScorecardSummary> previous, Dictionary<int, Dictionary<string, BlobEntry>> summaries, CancellationToken ct)
    {
        var earlier = new Dictionary<int, IReadOnlyList<ScorecardSummary>>();
        if (previous.Count > 0)
        {
            earlier[year - 1] = previous;
        }

        // The years before the previous one with at least one county summary (as YearsOnRecord finds them).
        foreach (var y in summaries.Keys.Where(y => y < year - 1).Order())
        {
            earlier[y] = await ReadYearAsync(y, summaries, ct).ConfigureAwait(false);
        }

        return earlier;
    }
}
