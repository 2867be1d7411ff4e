using Metrics.Core.Model;

namespace Metrics.Core.Rollup;

/// <summary>What a rollup needs of one county's scorecard, read back from its canonical JSON.</summary>
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
    public LevelSummary At(Level level) => level == Level.Primary ? Primary : Junior;
}

/// <summary>One level of a <see cref="ScorecardSummary"/>.</summary>
public sealed record LevelSummary(
    Status Status,
    int Units,
    long Pupils,
    IReadOnlyDictionary<string, double?> Cvs,
    double? CompositeCv,
    int SchoolsPassing);

/// <summary>The dimensions a county is judged on in the rollup.</summary>
public enum Dimension
{
    /// <summary>Resource allocation, primary level.</summary>
    ResourcesPrimary,

    /// <summary>Resource allocation, junior level.</summary>
    ResourcesJunior,

    /// <summary>Government guarantee, quality and recognition checks (DOMAIN.md §4).</summary>
    Checks,

    /// <summary>Veto items.</summary>
    Vetoes,
}

/// <summary>One row of the yearly rollup.</summary>
/// <param name="Code">County code.</param>
/// <param name="Name">County name (from the latest scorecard, or the previous year's for a missing county).</param>
/// <param name="Missing">True when the county has no accepted scorecard this year.</param>
/// <param name="Score">Ranking score: mean of the level scores, where a level score is its composite CV (basic-2012) or the mean of its indicator CVs (quality-2017). Lower is more balanced. Null when undefined.</param>
/// <param name="Rank">1 = most balanced among counties with a score; ties share a rank.</param>
/// <param name="Previous">Last year's row for this county, when there is one.</param>
public sealed record RollupRow(
    string Code,
    string Name,
    bool Missing,
    ScorecardSummary? Card,
    IReadOnlyDictionary<Dimension, Status> Dimensions,
    double? Score,
    int? Rank,
    RollupChange? Previous);

/// <summary>Change against the previous year.</summary>
/// <param name="Score">Last year's score.</param>
/// <param name="Rank">Last year's rank.</param>
/// <param name="ScoreDelta">This year's score minus last year's (negative = more balanced).</param>
/// <param name="RankDelta">Last year's rank minus this year's (positive = moved up).</param>
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
    IReadOnlyDictionary<Dimension, int> PassingByDimension);
