using Metrics.Core.Model;
using Metrics.Core.Scoring;

namespace Metrics.Core.Rollup;

/// <summary>What a rollup needs of one county's scorecard: built from the scorecard at ingest, stored, and read back by the rollup.</summary>
public sealed record ScorecardSummary(
    string CountyCode,
    string CountyName,
    int SchoolYear,
    string Profile,
    Status Overall,
    LevelSummary Primary,
    LevelSummary Junior,
    IReadOnlyList<(string Id, Status Status)> Checks)
{
    /// <summary>SHA-256 of the scored workbook, to trace a summary back to its upload; null when unknown.</summary>
    public string? Sha256 { get; init; }

    public LevelSummary At(Level level) => level == Level.Primary ? Primary : Junior;

    /// <summary>
    /// The summary of a scorecard, built once at ingest from the record itself (then stored, see
    /// <see cref="Json.SummaryJson"/>). "Schools passing" is null where the card's profile has no
    /// per-school rule, since a count of schools meeting no rule means nothing.
    /// </summary>
    public static ScorecardSummary From(Scorecard card)
    {
        ArgumentNullException.ThrowIfNull(card);
        var schoolRule = card.ProfileDefinition is not { SchoolRule: null };
        return new ScorecardSummary(
            card.CountyCode,
            card.CountyName,
            card.SchoolYear,
            card.Profile,
            card.Overall.Status,
            LevelSummary.From(card.Primary, schoolRule),
            LevelSummary.From(card.Junior, schoolRule),
            card.Checks.Select(c => (c.Id, c.Status)).ToArray())
        {
            Sha256 = card.Submission?.Sha256,
        };
    }
}

/// <summary>One level of a <see cref="ScorecardSummary"/>.</summary>
/// <param name="SchoolsPassing">Schools meeting the per-school rule; null (n/a) when the profile has none (basic-2012).</param>
public sealed record LevelSummary(
    Status Status,
    int Units,
    long Pupils,
    IReadOnlyDictionary<string, double?> Cvs,
    double? CompositeCv,
    int? SchoolsPassing)
{
    /// <summary>CV threshold per indicator, where the profile decides by indicator (quality-2017).</summary>
    public IReadOnlyDictionary<string, double> Thresholds { get; init; } = new Dictionary<string, double>();

    /// <summary>Composite CV threshold, where the profile decides by the composite (basic-2012).</summary>
    public double? CompositeThreshold { get; init; }

    /// <summary>Pupil-weighted mean per indicator (the published tables' 均值 row); null where unknown.</summary>
    public IReadOnlyDictionary<string, double?> Means { get; init; } = new Dictionary<string, double?>();
    /// <summary>
    /// The summary of one scored level: CVs in indicator order (a CV that is not a finite number is
    /// null, as the JSON writes it), thresholds where the profile sets one, the composite only where
    /// the profile decides by it.
    /// </summary>
    public static LevelSummary From(LevelResult level, bool schoolRule)
    {
        ArgumentNullException.ThrowIfNull(level);
        var cvs = new Dictionary<string, double?>(StringComparer.Ordinal);
        var thresholds = new Dictionary<string, double>(StringComparer.Ordinal);
        var means = new Dictionary<string, double?>(StringComparer.Ordinal);
        foreach (var ind in level.Indicators)
        {
            cvs[ind.Id] = Finite(ind.Cv);
            means[ind.Id] = Finite(ind.Mean);
            if (Finite(ind.Threshold) is { } t)
            {
                thresholds[ind.Id] = t;
            }
        }

        var composite = level.CompositeThreshold is not null;
        return new LevelSummary(level.Status, level.Units, level.Pupils, cvs, composite ? Finite(level.CompositeCv) : null, schoolRule ? level.SchoolsPassing : null)
        {
            Thresholds = thresholds,
            CompositeThreshold = Finite(level.CompositeThreshold),
            Means = means,
        };
    }

    private static double? Finite(double? value) => value is { } v && double.IsFinite(v) ? v : null;
}

/// <summary>Where a county stands in a year's rollup.</summary>
public enum CountyState
{
    /// <summary>An accepted scorecard this year.</summary>
    Scored,

    /// <summary>No accepted scorecard; an upload is still being processed.</summary>
    Processing,

    /// <summary>No accepted scorecard; the latest upload was rejected by validation.</summary>
    Rejected,

    /// <summary>Nothing submitted this year (known from last year or the register of counties).</summary>
    Missing,
}

/// <summary>A county due this year that may have no scorecard: its code, its name where known, and its state.</summary>
public sealed record ExpectedCounty(string Code, string? Name, CountyState State);

/// <summary>The dimensions a county is judged on in the rollup.</summary>
public enum Dimension
{
    /// <summary>Resource allocation, primary level.</summary>
    ResourcesPrimary,

    /// <summary>Resource allocation, junior level.</summary>
    ResourcesJunior,

    /// <summary>Government guarantee, quality and recognition checks (method §4).</summary>
    Checks,

    /// <summary>Veto items.</summary>
    Vetoes,
}

/// <summary>One row of the yearly rollup.</summary>
/// <param name="Code">County code.</param>
/// <param name="Name">County name (from the latest scorecard, the rejected workbook, or the previous year's; empty when unknown).</param>
/// <param name="Missing">True when the county has no accepted scorecard this year (whatever its <see cref="State"/>).</param>
/// <param name="Score">The binding ratio (DOMAIN §10): the largest, over levels and indicators, of CV / threshold (composite CV / composite threshold under basic-2012). At most 1 where every CV meets its threshold; lower is more balanced. Null when undefined.</param>
/// <param name="Rank">Rank within the county's profile: passing counties first, then failing ones, each by ascending score; ties share a rank.</param>
/// <param name="Previous">Last year's row for this county, when there is one.</param>
public sealed record RollupRow(
    string Code,
    string Name,
    bool Missing,
    ScorecardSummary? Card,
    IReadOnlyDictionary<Dimension, Status> Dimensions,
    double? Score,
    int? Rank,
    RollupChange? Previous)
{
    /// <summary>Scored, or why not: processing, rejected or missing.</summary>
    public CountyState State { get; init; } = Missing ? CountyState.Missing : CountyState.Scored;
}

/// <summary>Change against the previous year.</summary>
/// <param name="Score">Last year's score.</param>
/// <param name="Rank">Last year's rank.</param>
/// <param name="ScoreDelta">This year's score minus last year's (negative = more balanced).</param>
/// <param name="RankDelta">Last year's rank minus this year's (positive = moved up); null when the county changed profile, since ranks of different profiles do not compare.</param>
/// <param name="Overall">Last year's overall status.</param>
/// <param name="CvDeltas">Per level and indicator: this year's CV minus last year's, where both exist (keys "primary:id").</param>
public sealed record RollupChange(double? Score, int? Rank, double? ScoreDelta, int? RankDelta, Status Overall, IReadOnlyDictionary<string, double> CvDeltas);

/// <summary>A year's rollup over every county.</summary>
public sealed record RollupResult(
    int Year,
    int? PreviousYear,
    IReadOnlyList<RollupRow> Rows,
    int Counties,
    int Passing,
    int Failing,
    int MissingCount,
    IReadOnlyDictionary<Dimension, int> PassingByDimension)
{
    /// <summary>Counties whose latest upload was rejected and that have no accepted scorecard this year.</summary>
    public int RejectedCount { get; init; }

    /// <summary>Counties with an upload still being processed and no accepted scorecard this year.</summary>
    public int ProcessingCount { get; init; }

    /// <summary>σ-convergence of the CVs, this year and each earlier year on record (<see cref="Rollup.Convergence"/>); empty when not computed.</summary>
    public IReadOnlyList<ConvergenceRow> Convergence { get; init; } = [];
}
