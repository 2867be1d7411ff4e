using Metrics.Core.Model;
using Metrics.Core.Statistics;

namespace Metrics.Core.Scoring;

/// <summary>Status of an indicator's CV: undefined when the county mean is 0 (never a pass).</summary>
public enum IndicatorStatus
{
    Pass,
    Fail,
    Undefined,
}

/// <summary>One indicator at one level: the official CV and the equity measures beside it.</summary>
/// <param name="Id">Indicator id from <see cref="Catalog.IndicatorCatalog"/>.</param>
/// <param name="Mean">Pupil-weighted mean (= county total resource / county total pupils); null with no units.</param>
/// <param name="Cv">Difference coefficient (pupil-weighted, population SD / mean); null when undefined.</param>
/// <param name="Threshold">CV threshold of the profile, or null when the profile decides by composite.</param>
/// <param name="Standard">Per-school standard, or null when the profile sets none.</param>
/// <param name="Status">Pass/fail against <paramref name="Threshold"/>; with no per-indicator threshold, pass when defined.</param>
/// <param name="Borderline">CV within the profile's margin of the threshold.</param>
/// <param name="Equity">Gini, Theil, McLoone and the other measures of DOMAIN.md §5, pupil-weighted.</param>
/// <param name="UnweightedCv">The plain mean-over-schools CV, shown only to explain a difference from other tools.</param>
public sealed record IndicatorResult(
    string Id,
    double? Mean,
    double? Cv,
    double? Threshold,
    double? Standard,
    IndicatorStatus Status,
    bool Borderline,
    EquityMeasures Equity,
    double? UnweightedCv);

/// <summary>One unit's values, standards met and shortfalls.</summary>
public sealed record SchoolResult(
    string Code,
    string Name,
    Level Section,
    Location Location,
    int Pupils,
    IReadOnlyDictionary<string, double> Values,
    int Met,
    Status? Status,
    IReadOnlyDictionary<string, double> Shortfalls);

/// <summary>
/// The resource part of one level. <c>Status</c> is pass when the level meets its profile's
/// decision rule (and, with a school rule, every unit passes it); not assessed with no units.
/// </summary>
public sealed record LevelResult(
    Level Level,
    int Units,
    long Pupils,
    IReadOnlyList<IndicatorResult> Indicators,
    double? CompositeCv,
    double? CompositeThreshold,
    Status? CompositeStatus,
    bool CompositeBorderline,
    IReadOnlyList<SchoolResult> Schools,
    int SchoolsPassing,
    Status Status);

/// <summary>Something a check found at one school (or the county), for the scorecard's detail.</summary>
public sealed record CheckFinding(string? SchoolCode, string? SchoolName, double? Value, double? Limit, string MessageZh, string MessageEn);

/// <summary>One check of DOMAIN.md §4 (or a veto item): value, threshold and status.</summary>
/// <param name="Id">Stable check id from <see cref="Catalog.CheckCatalog"/>.</param>
/// <param name="Value">The measured value (a ratio as a fraction, a count, 元), null when not assessed.</param>
/// <param name="Threshold">The profile's threshold for <paramref name="Value"/>.</param>
/// <param name="Status">NotAssessed when the data is missing: never a pass.</param>
/// <param name="Parts">Sub-conditions when a check has several (rotation share and key-teacher share).</param>
/// <param name="Findings">Schools (or county items) that fail or lack data.</param>
public sealed record CheckResult(
    string Id,
    double? Value,
    double? Threshold,
    Status Status,
    IReadOnlyList<CheckResult> Parts,
    IReadOnlyList<CheckFinding> Findings)
{
    public bool IsVeto => Id.StartsWith("veto_", StringComparison.Ordinal);
}

public sealed record Overall(Status Status, IReadOnlyList<string> FailedChecks, IReadOnlyList<string> NotAssessedChecks);

public sealed record EnrollmentWarning(string SchoolCode, string SchoolName, int CatchmentChildren, int PlannedIntake, double Ratio, string Level);

public sealed record PairingSummary(int RuralSmallSchools, int Paired, double? Coverage, IReadOnlyDictionary<string, double> ScopeShares, IReadOnlyDictionary<string, double> ScopeTargets);

public sealed record AfterSchoolSummary(int Schools, int Offering, double? Coverage, long Pupils, long Participating, double? ParticipationRate);

/// <summary>Optional signals of DOMAIN.md §7, present only when the workbook carries their columns.</summary>
public sealed record Signals(IReadOnlyList<EnrollmentWarning>? EnrollmentWarnings, PairingSummary? Pairing, AfterSchoolSummary? AfterSchool);

/// <summary>Where the scored bytes came from.</summary>
public sealed record SubmissionRef(string Sha256, DateTimeOffset ReceivedUtc);

/// <summary>A county's complete scorecard: the pure result of scoring one submission.</summary>
public sealed record Scorecard(
    string CountyCode,
    string CountyName,
    int SchoolYear,
    string Profile,
    SubmissionRef? Submission,
    LevelResult Primary,
    LevelResult Junior,
    IReadOnlyList<CheckResult> Checks,
    Overall Overall,
    Signals Signals,
    IReadOnlyList<ValidationIssue> Warnings)
{
    /// <summary>Every shortfall as an addition to the workbook, and the county totals (DOMAIN.md §6).</summary>
    public ShortfallSummary Shortfalls { get; init; } = ShortfallSummary.From([Primary, Junior]);

    public const int SchemaVersion = 1;

    public LevelResult At(Level level) => level == Level.Primary ? Primary : Junior;

    public IEnumerable<LevelResult> Levels => [Primary, Junior];
}
