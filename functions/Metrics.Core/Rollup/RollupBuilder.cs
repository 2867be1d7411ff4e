using Metrics.Core.Model;

namespace Metrics.Core.Rollup;

/// <summary>
/// Builds a year's rollup from the counties' scorecard summaries: dimensions, ranking by balance,
/// change against the previous year, and counties that have no scorecard this year listed as missing.
/// </summary>
public static class RollupBuilder
{
    /// <param name="year">The school year rolled up.</param>
    /// <param name="current">Accepted scorecards of the year (one per county).</param>
    /// <param name="previous">Accepted scorecards of the previous year, if any.</param>
    /// <param name="expected">Counties known to be due this year (e.g. with a rejected upload) even without a scorecard: code and name.</param>
    public static RollupResult Build(
        int year,
        IReadOnlyList<ScorecardSummary> current,
        IReadOnlyList<ScorecardSummary>? previous = null,
        IEnumerable<(string Code, string Name)>? expected = null)
    {
        previous ??= [];
        var ranked = Rank(current);
        var rankedBefore = Rank(previous);
        var lastByCode = previous.GroupBy(p => p.CountyCode, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);

        var rows = new List<RollupRow>(current.Count);
        foreach (var card in current)
        {
            var (score, rank) = ranked[card.CountyCode];
            RollupChange? change = null;
            if (rankedBefore.TryGetValue(card.CountyCode, out var before))
            {
                var last = lastByCode[card.CountyCode];
                change = new RollupChange(
                    before.Score,
                    before.Rank,
                    score is { } s && before.Score is { } b ? s - b : null,
                    rank is { } r && before.Rank is { } br ? br - r : null,
                    last.Overall,
                    CvDeltas(card, last));
            }

            rows.Add(new RollupRow(card.CountyCode, card.CountyName, false, card, Dimensions(card), score, rank, change));
        }

        var present = current.Select(c => c.CountyCode).ToHashSet(StringComparer.Ordinal);
        var missing = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var p in previous.Where(p => !present.Contains(p.CountyCode)))
        {
            missing[p.CountyCode] = p.CountyName;
        }

        foreach (var (code, name) in expected ?? [])
        {
            if (!present.Contains(code))
            {
                missing.TryAdd(code, name);
            }
        }

        foreach (var (code, name) in missing)
        {
            RollupChange? change = rankedBefore.TryGetValue(code, out var before)
                ? new RollupChange(before.Score, before.Rank, null, null, lastByCode[code].Overall, new Dictionary<string, double>())
                : null;
            rows.Add(new RollupRow(code, name, true, null, new Dictionary<Dimension, Status>(), null, null, change));
        }

        var ordered = rows
            .OrderBy(r => r.Missing)
            .ThenBy(r => r.Rank ?? int.MaxValue)
            .ThenBy(r => r.Code, StringComparer.Ordinal)
            .ToArray();
        var byDimension = Enum.GetValues<Dimension>().ToDictionary(
            d => d,
            d => ordered.Count(r => r.Dimensions.TryGetValue(d, out var s) && s == Status.Pass));

        return new RollupResult(
            year,
            previous.Count > 0 ? previous[0].SchoolYear : null,
            ordered,
            ordered.Length,
            current.Count(c => c.Overall == Status.Pass),
            current.Count(c => c.Overall != Status.Pass),
            missing.Count,
            byDimension);
    }

    /// <summary>
    /// A level's balance score: its composite CV where the profile has one, otherwise the mean of
    /// its indicator CVs; null when any CV is undefined or the level has no units.
    /// </summary>
    public static double? LevelScore(LevelSummary level)
    {
        if (level.CompositeCv is { } composite)
        {
            return composite;
        }

        if (level.Units == 0 || level.Cvs.Count == 0 || level.Cvs.Values.Any(v => v is null))
        {
            return null;
        }

        return level.Cvs.Values.Average(v => v!.Value);
    }

    /// <summary>The county's score: the mean of its levels' scores (levels without units are left out).</summary>
    public static double? CountyScore(ScorecardSummary card)
    {
        var levels = new[] { card.Primary, card.Junior }.Where(l => l.Units > 0).ToArray();
        if (levels.Length == 0)
        {
            return null;
        }

        var scores = levels.Select(LevelScore).ToArray();
        return scores.All(s => s.HasValue) ? scores.Average(s => s!.Value) : null;
    }

    /// <summary>The status of each dimension the county's profile assesses (see <see cref="DimensionRules"/>).</summary>
    public static IReadOnlyDictionary<Dimension, Status> Dimensions(ScorecardSummary card) =>
        Enum.GetValues<Dimension>()
            .Select(d => (d, Status: DimensionRules.Of(card, d)))
            .Where(x => x.Status.HasValue)
            .ToDictionary(x => x.d, x => x.Status!.Value);

    /// <summary>Competition ranking by ascending score (1, 2, 2, 4); counties without a score get no rank.</summary>
    private static Dictionary<string, (double? Score, int? Rank)> Rank(IReadOnlyList<ScorecardSummary> cards)
    {
        var scored = cards.Select(c => (c.CountyCode, Score: CountyScore(c))).ToArray();
        // Scores equal to 12 decimals are ties: 0.1 + 0.2 and 0.3 must share a rank.
        var order = scored.Where(s => s.Score.HasValue)
            .Select(s => (s.CountyCode, s.Score, Key: Math.Round(s.Score!.Value, 12)))
            .OrderBy(s => s.Key).ThenBy(s => s.CountyCode, StringComparer.Ordinal).ToArray();
        var result = new Dictionary<string, (double?, int?)>(StringComparer.Ordinal);
        for (var i = 0; i < order.Length; i++)
        {
            var rank = i > 0 && order[i].Key == order[i - 1].Key ? result[order[i - 1].CountyCode].Item2 : i + 1;
            result[order[i].CountyCode] = (order[i].Score, rank);
        }

        foreach (var s in scored.Where(s => !s.Score.HasValue))
        {
            result[s.CountyCode] = (null, null);
        }

        return result;
    }

    private static Dictionary<string, double> CvDeltas(ScorecardSummary now, ScorecardSummary before)
    {
        var deltas = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var level in new[] { Level.Primary, Level.Junior })
        {
            var prefix = level == Level.Primary ? "primary:" : "junior:";
            foreach (var (id, cv) in now.At(level).Cvs)
            {
                if (cv is { } c && before.At(level).Cvs.TryGetValue(id, out var b) && b is { } bv)
                {
                    deltas[prefix + id] = c - bv;
                }
            }
        }

        return deltas;
    }
}
