using Metrics.Core.Rollup;

namespace Metrics.Pipeline;

public sealed partial class RollupService
{
    /// <summary>Every earlier year on record with its summaries (the previous year as already read).</summary>
    private async Task<IReadOnlyDictionary<int, IReadOnlyList<ScorecardSummary>>> EarlierYearsAsync(int year, IReadOnlyList<ScorecardSummary> previous, CancellationToken ct)
    {
        var earlier = new Dictionary<int, IReadOnlyList<ScorecardSummary>>();
        if (previous.Count > 0)
        {
            earlier[year - 1] = previous;
        }

        foreach (var y in await YearsOnRecord.YearsBeforeAsync(store, year - 1, ct).ConfigureAwait(false))
        {
            earlier[y] = await ReadYearAsync(y, ct).ConfigureAwait(false);
        }

        return earlier;
    }
}
