using System.Collections.Concurrent;
using Metrics.Core.Json;
using Metrics.Core.Rollup;
using Metrics.Pipeline.Ingest;
using Metrics.Pipeline.Storage;
using Metrics.Reports;
using Microsoft.Extensions.Logging;

namespace Metrics.Pipeline;

public sealed record RollupOutcome(int Year, int Counties, int Passing, int Missing, IReadOnlyList<string> Written);

/// <summary>
/// The yearly rollup: reads the compact county summaries (<c>data/summaries/{year}/*.json</c>), or
/// <c>data/{year}/*.json</c> where a county has no current summary, never the Excel submissions, and writes
/// <c>rollups/{year}/rollup.{json,xlsx,html}</c>. Memory stays bounded: each county file is reduced
/// to its summary as soon as it is read.
/// </summary>
public sealed partial class RollupService(IBlobStore store, TimeProvider clock, ILogger<RollupService> logger)
{
    /// <summary>
    /// The school year a scheduled rollup covers: the one that began in the previous calendar year
    /// (from January to August it is still running and its submissions are due; from September on
    /// it has just ended).
    /// </summary>
    public int DefaultYear() => clock.GetUtcNow().Year - 1;

    public Task<RollupOutcome> RunAsync(int year, CancellationToken ct) => RunAsync(year, null, ct);

    /// <summary>
    /// The rollup of <paramref name="year"/>; <paramref name="stageDone"/>, when given, is called as each
    /// stage ends ("read", "build", "outputs", "write"), so a benchmark can time and count the
    /// allocations of the very code a scheduled rollup runs.
    /// </summary>
    public async Task<RollupOutcome> RunAsync(int year, Action<string>? stageDone, CancellationToken ct)
    {
        var rollup = await BuildAsync(year, stageDone, ct).ConfigureAwait(false);
        // The three documents are independent renderings of one immutable rollup: the workbook, the
        // slowest, on this thread, the JSON and the page beside it, so both cores work. All three are
        // made before anything is written, so a failure leaves the stored rollup as it was.
        var others = Task.Run(() => (Json: RollupJson.SerializeToMemory(rollup), Html: HtmlRollup.RenderUtf8(rollup)), ct);
        ReadOnlyMemory<byte> xlsx;
        try
        {
            xlsx = ExcelRollup.Write(rollup);
        }
        finally
        {
            // Never leave the other rendering running (and its failure unobserved) behind a failed workbook.
            await ((Task)others).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        var (json, html) = await others.ConfigureAwait(false);
        stageDone?.Invoke("outputs");
        var written = new List<string>();
        foreach (var (ext, content, type) in new (string, ReadOnlyMemory<byte>, string)[]
        {
            ("json", json, ContentTypes.Json),
            ("xlsx", xlsx, ContentTypes.Xlsx),
            ("html", html, ContentTypes.Html),
        })
        {
            var path = StorageLayout.RollupFile(year, ext);
            await store.WriteAsync(path, content, type, ct).ConfigureAwait(false);
            written.Add(path);
        }

        stageDone?.Invoke("write");

        Log.RolledUp(logger, year, rollup.Counties, rollup.Passing, rollup.MissingCount);
        return new RollupOutcome(year, rollup.Counties, rollup.Passing, rollup.MissingCount, written);
    }

    /// <summary>
    /// The rollup of <paramref name="year"/> as data, read from the stored summaries and built, without
    /// writing anything (<see cref="RunAsync(int, Action{string}?, CancellationToken)"/> renders and stores it);
    /// <paramref name="stageDone"/> hears "read" and "build".
    /// </summary>
    public async Task<RollupResult> BuildAsync(int year, Action<string>? stageDone, CancellationToken ct)
    {
        // One listing of every year's summaries serves this year, the previous one and the earlier years on record.
        var summaries = await ListSummariesAsync(ct).ConfigureAwait(false);
        var current = await ReadYearAsync(year, summaries, ct).ConfigureAwait(false);
        var previous = await ReadYearAsync(year - 1, summaries, ct).ConfigureAwait(false);
        var statuses = await new StatusStore(store).ListAsync(year, ct).ConfigureAwait(false);
        // Counties with no accepted scorecard show as what they are, with the name their workbook gave where known.
        var expected = statuses
            .Where(s => s.State is SubmissionState.Processing or SubmissionState.Rejected)
            .Select(s => new ExpectedCounty(s.County, s.CountyName, s.State == SubmissionState.Processing ? CountyState.Processing : CountyState.Rejected))
            .ToList();
        // A county that submitted last year, even a rejected workbook, is due this year: without an
        // upload it is missing, not absent from the table.
        var submittedThisYear = statuses.Select(s => s.County).ToHashSet(StringComparer.Ordinal);
        expected.AddRange((await new StatusStore(store).ListAsync(year - 1, ct).ConfigureAwait(false))
            .Where(s => !submittedThisYear.Contains(s.County))
            .Select(s => new ExpectedCounty(s.County, s.CountyName, CountyState.Missing)));

        var earlier = await EarlierYearsAsync(year, previous, summaries, ct).ConfigureAwait(false);
        stageDone?.Invoke("read");
        var rollup = RollupBuilder.Build(year, current, previous.Count > 0 ? previous : null, expected);
        rollup = rollup with { Convergence = Convergence.Compute(year, current, earlier) };
        stageDone?.Invoke("build");
        return rollup;
    }

    /// <summary>Every stored county summary by year, keyed by its name within the year's folder ("{county}.json").</summary>
    private async Task<Dictionary<int, Dictionary<string, BlobEntry>>> ListSummariesAsync(CancellationToken ct)
    {
        var byYear = new Dictionary<int, Dictionary<string, BlobEntry>>();
        await foreach (var e in store.ListAsync(StorageLayout.SummariesRoot, ct).ConfigureAwait(false))
        {
            if (StorageLayout.TryParse(e.Path) is { Kind: StorageKind.CountySummary, Year: { } y }
                && e.Path.StartsWith(StorageLayout.SummaryPrefix(y), StringComparison.Ordinal))
            {
                if (!byYear.TryGetValue(y, out var year))
                {
                    byYear[y] = year = new Dictionary<string, BlobEntry>(StringComparer.Ordinal);
                }

                year[e.Path[StorageLayout.SummaryPrefix(y).Length..]] = e;
            }
        }

        return byYear;
    }

    private async Task<IReadOnlyList<ScorecardSummary>> ReadYearAsync(int year, Dictionary<int, Dictionary<string, BlobEntry>> allSummaries, CancellationToken ct)
    {
        var data = new List<BlobEntry>();
        await foreach (var e in store.ListAsync(StorageLayout.DataPrefix(year), ct).ConfigureAwait(false))
        {
            if (e.Path.EndsWith(".json", StringComparison.Ordinal))
            {
                data.Add(e);
            }
        }

        var summaries = allSummaries.GetValueOrDefault(year) ?? [];
        // Ingest writes the summary right after the data file, so a summary at least as new as the data
        // file describes it. Counties ingested before summaries existed, or whose ingest stopped between
        // the two writes, are read from the data file as before.
        var sources = data.Select(e =>
            summaries.TryGetValue(e.Path[StorageLayout.DataPrefix(year).Length..], out var s) && s.LastModified >= e.LastModified
                ? s.Path
                : e.Path).ToArray();

        var read = new ConcurrentBag<ScorecardSummary>();
        await Parallel.ForEachAsync(sources, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct }, async (path, token) =>
        {
            if (await store.ReadAllBytesAsync(path, token).ConfigureAwait(false) is { } bytes)
            {
                try
                {
                    read.Add(CountyDataJson.ReadSummary(bytes));
                }
                catch (Exception e) when (e is System.Text.Json.JsonException or KeyNotFoundException or InvalidOperationException)
                {
                    Log.Unreadable(logger, path, e.Message);
                }
            }
        }).ConfigureAwait(false);

        return read.OrderBy(s => s.CountyCode, StringComparer.Ordinal).ToArray();
    }
}
