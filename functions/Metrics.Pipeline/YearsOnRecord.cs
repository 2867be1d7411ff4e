using Metrics.Core.Json;
using Metrics.Core.Rollup;
using Metrics.Pipeline.Storage;

namespace Metrics.Pipeline;

/// <summary>
/// The earlier years on record, read from the compact county summaries
/// (<c>data/summaries/{year}/{county}.json</c>, written at every accepted ingest): a county's own
/// earlier scorecards for its progress over the years.
/// </summary>
/// <remarks>
/// Storage I/O only; the summaries are handed as plain data to the pure builders. A summary that
/// cannot be read is skipped (the rollup logs the same case), never a reason to fail a scorecard.
/// </remarks>
public static class YearsOnRecord
{
    /// <summary>The county's summaries of the years before <paramref name="year"/>, oldest first.</summary>
    /// <remarks>
    /// One listing of the year folders, then one read per earlier year: what an upload costs does not grow with
    /// the number of counties on record (listing every summary of every year did, once per upload), and a year
    /// with no summaries costs nothing.
    /// </remarks>
    public static async Task<IReadOnlyList<ScorecardSummary>> CountyAsync(IBlobStore store, int year, string county, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        var history = new List<ScorecardSummary>();
        await foreach (var folder in store.ListFoldersAsync(StorageLayout.SummariesRoot, ct).ConfigureAwait(false))
        {
            if (StorageLayout.TryParse(folder + county + ".json") is { Kind: StorageKind.CountySummary, Year: { } y } && y < year
                && await store.ReadAllBytesAsync(StorageLayout.CountySummary(y, county), ct).ConfigureAwait(false) is { } bytes
                && TryRead(bytes) is { } summary
                && summary.CountyCode == county)
            {
                history.Add(summary);
            }
        }

        return [.. history.OrderBy(h => h.SchoolYear)];
    }

    private static ScorecardSummary? TryRead(byte[] bytes)
    {
        try
        {
            return CountyDataJson.ReadSummary(bytes);
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return null;
        }
    }
}
