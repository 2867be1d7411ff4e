using Metrics.Core.Model;

namespace Metrics.Core.Rollup;

/// <summary>
/// Builds a year's rollup from the counties' scorecard summaries: dimensions, ranking within each
/// profile by the binding ratio (DOMAIN §10), change against the previous year, and counties that
/// have no scorecard this year listed as processing, rejected or missing.
/// </summary>
public static class RollupBuilder
{
    /// <param name="year">The school year rolled up.</param>
    /// <param name="current">Accepted scorecards of the year (one per county).</param>
    /// <param name="previous">Accepted scorecards of the previous year, if any.</param>
    /// <param name="expected">Counties known to be due this year (code and name), listed as missing when they have no scorecard.</param>
    public static RollupResult Build(
        int year,
        IReadOnlyList<ScorecardSummary> current,
        IReadOnlyList<ScorecardSummary>? previous,
        IEnumerable<(string Code, string Name)>? expected) =>
        Build(year, current, previous, expected?.Select(e => new ExpectedCounty(e.Code, e.Name, CountyState.Missing)));

    /// <param name="year">The school year rolled up.</param>
    /// <param name="current">Accepted scorecards of the year (one per county).</param>
    /// <param name="previous">Accepted scorecards of the previous year, if any.</param>
    /// <param name="expected">Counties known to be due this year even without a scorecard (a rejected or processing upload, the register), with their state; the name may be null when unknown.</param>
    public static RollupResult Build(
        int year,
        IReadOnlyList<ScorecardSummary> current,
        IReadOnlyList<ScorecardSummary>? previous = null,
        IEnumerable<ExpectedCounty>? expected = null)
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
                    rank is { } r && before.Rank is { } br && last.Profile == card.Profile ? br - r : null,
                    last.Overall,
                    CvDeltas(card, last));
            }

            rows.Add(new RollupRow(card.CountyCode, card.CountyName, false, card, Dimensions(card), score, rank, change));
        }

        var present = current.Select(c => c.CountyCode).ToHashSet(StringComparer.Ordinal);
        var absent = new SortedDictionary<string, (string? Name, CountyState State)>(StringComparer.Ordinal);
        foreach (var e in expected ?? [])
        {
            if (!present.Contains(e.Code) && (!absent.TryGetValue(e.Code, out var had) || had.State == CountyState.Missing))
            {
                absent[e.Code] = (string.IsNullOrEmpty(e.Name) || e.Name == e.Code ? had.Name : e.Name, e.State);
            }
        }

        foreach (var p in previous.Where(p => !present.Contains(p.CountyCode)))
        {
            // Last year's name stands in where this year's upload gave none.
            absent[p.CountyCode] = absent.TryGetValue(p.CountyCode, out var a)
                ? (a.Name ?? p.CountyName, a.State)
                : (p.CountyName, CountyState.Missing);
        }

        foreach (var (code, (name, state)) in absent)
        {
            RollupChange? change = rankedBefore.TryGetValue(code, out var before)
                ? new RollupChange(before.Score, before.Rank, null, null, lastByCode[code].Overall, new Dictionary<string, double>())
                : null;
            rows.Add(new RollupRow(code, name ?? string.Empty, true, null, new Dictionary<Dimension, Status>(), null, null, change) { State = state });
        }

        var ordered = rows
            .OrderBy(r => r.Missing)
            .ThenBy(r => r.Card?.Profile, StringComparer.Ordinal)
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
            absent.Values.Count(a => a.State == CountyState.Missing),
            byDimension)
        {
            RejectedCount = absent.Values.Count(a => a.State == CountyState.Rejected),
            ProcessingCount = absent.Values.Count(a => a.State == CountyState.Processing),
        };
    }

    /// <summary>
    /// A level's binding ratio: composite CV / composite threshold where the profile decides by the
    /// composite, otherwise the largest CV / threshold over the indicators that have a threshold.
    /// Null when a CV it needs is undefined or the level has no units.
    /// </summary>
    public static double? LevelScore(LevelSummary level)
    {
        if (level.Units == 0)
        {
            return null;
        }

        if (level.CompositeThreshold is { } ct)
        {
            return level.CompositeCv is { } composite && ct > 0 ? composite / ct : null;
        }

        double? worst = null;
        foreach (var (id, threshold) in level.Thresholds)
        {
            if (threshold <= 0)
            {
                continue;
            }

            if (!level.Cvs.TryGetValue(id, out var cv) || cv is null)
            {
                return null;
            }

            worst = Math.Max(worst ?? double.MinValue, cv.Value / threshold);
        }

        return worst;
    }

    /// <summary>The county's binding ratio: the largest of its levels' (levels without units are left out).</summary>
    public static double? CountyScore(ScorecardSummary card)
    {
        var levels = new[] { card.Primary, card.Junior }.Where(l => l.Units > 0).ToArray();
        if (levels.Length == 0)
        {
            return null;
        }

        var scores = levels.Select(LevelScore).ToArray();
        return scores.All(s => s.HasValue) ? scores.Max(s => s!.Value) : null;
    }

    /// <summary>The status of each dimension the county's profile assesses (see <see cref="DimensionRules"/>).</summary>
    public static IReadOnlyDictionary<Dimension, Status> Dimensions(ScorecardSummary card) =>
        Enum.GetValues<Dimension>()
            .Select(d => (d, Status: DimensionRules.Of(card, d)))
            .Where(x => x.Status.HasValue)
            .ToDictionary(x => x.d, x => x.Status!.Value);

    /// <summary>
    /// Competition ranking (1, 2, 2, 4) within each profile: passing counties before failing ones,
    /// each by ascending binding ratio. Counties without a score get no rank.
    /// </summary>
    private static Dictionary<string, (double? Score, int? Rank)> Rank(IReadOnlyList<ScorecardSummary> cards)
    {
        var result = new Dictionary<string, (double?, int?)>(StringComparer.Ordinal);
        foreach (var profile in cards.GroupBy(c => c.Profile, StringComparer.Ordinal))
        {
            var scored = profile.Select(c => (c.CountyCode, Failing: c.Overall != Status.Pass, Score: CountyScore(c))).ToArray();
            // Scores equal to 12 decimals are ties: 0.1 + 0.2 and 0.3 must share a rank.
            var order = scored.Where(s => s.Score.HasValue)
                .Select(s => (s.CountyCode, s.Failing, s.Score, Key: Math.Round(s.Score!.Value, 12)))
                .OrderBy(s => s.Failing).ThenBy(s => s.Key).ThenBy(s => s.CountyCode, StringComparer.Ordinal).ToArray();
            for (var i = 0; i < order.Length; i++)
            {
                var tie = i > 0 && order[i].Key == order[i - 1].Key && order[i].Failing == order[i - 1].Failing;
                var rank = tie ? result[order[i - 1].CountyCode].Item2 : i + 1;
                result[order[i].CountyCode] = (order[i].Score, rank);
            }

            foreach (var s in scored.Where(s => !s.Score.HasValue))
            {
                result[s.CountyCode] = (null, null);
            }
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
