using Metrics.Core.Model;
using Metrics.Core.Statistics;

namespace Metrics.Core.Scoring;

/// <summary>Status of an indicator's CV: undefined when the county mean is 0 (never a pass).</summary>
public enum IndicatorStatus
{
    Pass,
    Fail,
    Undefined,

    /// <summary>
    /// The profile decides by the composite CV: a defined indicator CV alone neither passes nor
    /// fails (the JSON contract writes null).
    /// </summary>
    NotJudged,
}

/// <summary>One indicator at one level: the official CV and the equity measures beside it.</summary>
/// <param name="Id">Indicator id from <see cref="Catalog.IndicatorCatalog"/>.</param>
/// <param name="Mean">Pupil-weighted mean (= county total resource / county total pupils); null with no units.</param>
/// <param name="Cv">Difference coefficient (pupil-weighted, population SD / mean); null when undefined.</param>
/// <param name="Threshold">CV threshold of the profile, or null when the profile decides by composite.</param>
/// <param name="Standard">Per-school standard, or null when the profile sets none.</param>
/// <param name="Status">Pass/fail against <paramref name="Threshold"/>; with no per-indicator threshold, pass when defined.</param>
/// <param name="Borderline">CV within the profile's margin of the threshold.</param>
/// <param name="Equity">Gini, Theil, McLoone and the other measures of method §5, pupil-weighted.</param>
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

/// <summary>One check of method §4 (or a veto item): value, threshold and status.</summary>
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
    public bool IsVeto => Catalog.CheckCatalog.IsVeto(Id);
}

public sealed record Overall(Status Status, IReadOnlyList<string> FailedChecks, IReadOnlyList<string> NotAssessedChecks);

/// <summary>One 入学预警: <paramref name="Level"/> is the colour, <c>yellow</c> or <c>red</c>.</summary>
public sealed record EnrollmentWarning(string SchoolCode, string SchoolName, int CatchmentChildren, int PlannedIntake, double Ratio, string Level)
{
    public const string PrimaryFirstGrade = "primary_1";
    public const string JuniorFirstGrade = "junior_1";

    /// <summary>The entry grade warned about: <c>primary_1</c> (小一) or <c>junior_1</c> (初一).</summary>
    public string Grade { get; init; } = PrimaryFirstGrade;
}

/// <summary>结对帮扶 (method §7): coverage of 乡村小规模学校 and the scope mix, each with a verdict.</summary>
public sealed record PairingSummary(int RuralSmallSchools, int Paired, double? Coverage, IReadOnlyDictionary<string, double> ScopeShares, IReadOnlyDictionary<string, double> ScopeTargets)
{
    /// <summary>Pass when every 乡村小规模学校 is paired; not applicable when the county has none.</summary>
    public Status CoverageStatus { get; init; } = Status.NotApplicable;

    /// <summary>Codes of the 乡村小规模学校 without a paired school.</summary>
    public IReadOnlyList<string> Unpaired { get; init; } = [];

    /// <summary>Schools whose pairing scope is given (the base of <see cref="ScopeShares"/>).</summary>
    public int Scoped { get; init; }

    /// <summary>Whether the scope mix meets "around" the county and city targets and at least the province one.</summary>
    public Status ScopeStatus { get; init; } = Status.NotAssessed;
}

/// <summary>课后服务 of primary schools: coverage of schools, participation over non-boarding primary pupils.</summary>
public sealed record AfterSchoolSummary(int Schools, int Offering, double? Coverage, long Pupils, long Participating, double? ParticipationRate)
{
    /// <summary>Boarding primary pupils left out of <see cref="AfterSchoolSummary.Pupils"/>.</summary>
    public long BoardingPupils { get; init; }
}

/// <summary>One school's rotation: share of its eligible teachers rotated, and how many went to rural schools.</summary>
public sealed record RotationSchool(string Code, string Name, Location? Location, int Eligible, int Rotated, int RotatedKey, int? ToRural, double? Share);

/// <summary>Rotation per school and by direction, beside the county total of the teacher_rotation check.</summary>
/// <param name="Schools">Every row of the rotation sheet.</param>
/// <param name="RotatedFromUrbanTown">Teachers rotated out of urban and town schools.</param>
/// <param name="ToRural">Of those, sent to rural schools; null when a row lacks <c>rotated_to_rural</c>.</param>
/// <param name="ToRuralShare">ToRural / RotatedFromUrbanTown.</param>
public sealed record RotationSummary(IReadOnlyList<RotationSchool> Schools, long RotatedFromUrbanTown, long? ToRural, double? ToRuralShare);

/// <summary>Optional signals of method §7, present only when the workbook carries their columns.</summary>
public sealed record Signals(IReadOnlyList<EnrollmentWarning>? EnrollmentWarnings, PairingSummary? Pairing, AfterSchoolSummary? AfterSchool)
{
    /// <summary>Rotation per school and by direction; null without a rotation sheet.</summary>
    public RotationSummary? Rotation { get; init; }
}

/// <summary>
/// What the gym option (moving <c>indoor_sports_m2</c> from teaching to sports space) changed: the
/// verdicts that differ from scoring without the move. Empty when it changed none.
/// </summary>
/// <param name="Applied">Whether the profile moves the gym.</param>
/// <param name="Changes">One line per changed verdict: level status, indicator status or a school's status.</param>
public sealed record IndoorSportsEffect(bool Applied, IReadOnlyList<VerdictChange> Changes);

/// <summary>A verdict that the gym option changed: <paramref name="Subject"/> is <c>primary</c>/<c>junior</c>, an indicator id or a school code.</summary>
public sealed record VerdictChange(string Level, string Subject, Status? Without, Status? With);

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
    /// <summary>Schools left out of the units and why (method §1), in workbook order.</summary>
    public IReadOnlyList<ExcludedSchool> Excluded { get; init; } = [];

    /// <summary>What the gym option changed; null when no school reports <c>indoor_sports_m2</c>.</summary>
    public IndoorSportsEffect? IndoorSports { get; init; }

    /// <summary>Every shortfall as an addition to the workbook, and the county totals (method §6).</summary>
    public ShortfallSummary Shortfalls { get; init; } = ShortfallSummary.From([Primary, Junior]);

    /// <summary>Set when the data came from the statistics export rather than the county workbook; null otherwise.</summary>
    public Import.ExportSource? FromExport { get; init; }

    /// <summary>What it takes to pass (method §9); null when the resource part fails at no level.</summary>
    public Planning.RemediationPlan? Plan { get; init; }

    /// <summary>The county's scorecards of earlier years on record, oldest first; empty when there are none.</summary>
    public IReadOnlyList<Rollup.ScorecardSummary> History { get; init; } = [];
    /// <summary>
    /// The profile that scored this card (its names, document and rules), so renderers show the
    /// profile the county was really scored with, a province's own included, without looking its
    /// id up in a catalog. Null only for a card built by hand without one.
    /// </summary>
    public Profiles.Profile? ProfileDefinition { get; init; }

    public const int SchemaVersion = 1;

    public LevelResult At(Level level) => level == Level.Primary ? Primary : Junior;

    public IEnumerable<LevelResult> Levels => [Primary, Junior];
}
