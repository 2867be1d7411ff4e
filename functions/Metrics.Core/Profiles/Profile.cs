using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Serialization;
using Metrics.Core.Catalog;
using Metrics.Core.Model;

namespace Metrics.Core.Profiles;

/// <summary>How the resource part of a level is decided.</summary>
public enum Decision
{
    /// <summary>quality-2017: every indicator's CV ≤ its threshold and every unit meets the school rule.</summary>
    PerIndicatorCv,

    /// <summary>basic-2012: the composite CV (plain mean of the indicators' unrounded CVs) ≤ its threshold.</summary>
    CompositeCv,
}

/// <summary>
/// A scoring profile: every threshold, standard, weight and flag of one framework, loaded from a
/// JSON data file. Profiles are data; the scoring code has no per-framework branches.
/// </summary>
public sealed record Profile
{
    public required string Id { get; init; }
    public required string NameZh { get; init; }
    public required string NameEn { get; init; }
    public string? Document { get; init; }
    public int Year { get; init; }

    /// <summary>Id of the profile this one overrides (province files); resolved at load time.</summary>
    public string? Extends { get; init; }

    public required Decision Decision { get; init; }

    /// <summary>A CV within this distance of its threshold (either side) is flagged borderline.</summary>
    public double BorderlineMargin { get; init; } = 0.005;

    public required SectionWeights SectionWeights { get; init; }
    public required Exclusions Exclusions { get; init; }

    /// <summary>Indicator ids evaluated, in display order.</summary>
    public required IReadOnlyList<string> Indicators { get; init; }

    public required LevelRulesByLevel Levels { get; init; }

    /// <summary>Per-school rule; null when the framework has none (basic-2012).</summary>
    public SchoolRule? SchoolRule { get; init; }

    public required CheckRules Checks { get; init; }

    /// <summary>Veto item ids (一票否决) assessed from county inputs.</summary>
    public IReadOnlyList<string> Vetoes { get; init; } = [];

    public SignalRules Signals { get; init; } = new();

    /// <summary>
    /// What one more of each resource costs, in 元, keyed by the workbook column stem an indicator
    /// reads (<c>sports_space_m2</c>: per m²; <c>key_teachers</c>: per teacher-year; <c>multimedia_rooms</c>:
    /// per room; <c>equipment_value_yuan</c>: per 元 of equipment; <c>books</c>, <c>computers</c>: each).
    /// The remediation planner prices its additions and chooses each school's exemption with them.
    /// </summary>
    public IReadOnlyDictionary<string, double> UnitCosts { get; init; } = new Dictionary<string, double>();

    /// <summary>
    /// Whether the gym (<c>indoor_sports_m2</c>, counted in teaching space by the statistics) is moved
    /// from teaching space to sports space so it is not counted twice (method §2). Without the
    /// column nothing moves; when the flag changes a verdict the scorecard says so.
    /// </summary>
    public bool IndoorSportsAsSportsSpace { get; init; }

    public LevelRules RulesFor(Level level) => level == Level.Primary ? Levels.Primary : Levels.Junior;
}

/// <summary>
/// Weights of the weighted enrolment that splits whole-school facilities across sections
/// (method §1): a section gets facility × wᵢPᵢ / Σ wⱼPⱼ.
/// </summary>
public sealed record SectionWeights
{
    public double Primary { get; init; } = 1.0;
    public double Junior { get; init; } = 1.1;
    public double Senior { get; init; } = 1.32;

    /// <summary>完全中学 junior weight (junior : senior = 1 : 1.2).</summary>
    public double CompleteJunior { get; init; } = 1.0;

    public double CompleteSenior { get; init; } = 1.2;
}

/// <summary>What happens to teaching points (教学点) when the units are built (method §1).</summary>
public enum TeachingPointPolicy
{
    /// <summary>Points with fewer pupils than <see cref="Exclusions.TeachingPointMinPupils"/> are excluded (national default, Hebei: 50).</summary>
    ExcludeUnder,

    /// <summary>Every point is excluded (the 2012 basic-balance forms: 不包括小学教学点).</summary>
    ExcludeAll,

    /// <summary>A point's pupils, teachers and facilities join its parent school's (<c>parent_school_code</c>) primary unit.</summary>
    MergeIntoParent,
}

/// <summary>
/// Which schools are left out of the CV units (true = excluded). Exclusion from the units is not
/// exclusion from the checks and signals, which look at every compulsory school they are about.
/// </summary>
public sealed record Exclusions
{
    public bool SpecialEducation { get; init; } = true;
    public bool Vocational { get; init; } = true;

    /// <summary>Older spelling of <see cref="TeachingPointPolicy.ExcludeAll"/>; true overrides <see cref="TeachingPoints"/>.</summary>
    public bool AllTeachingPoints { get; init; }

    /// <summary>The teaching-point policy.</summary>
    public TeachingPointPolicy TeachingPoints { get; init; } = TeachingPointPolicy.ExcludeUnder;

    /// <summary>Under <see cref="TeachingPointPolicy.ExcludeUnder"/>: points with fewer pupils than this are excluded.</summary>
    public int TeachingPointMinPupils { get; init; } = 50;

    /// <summary>The policy in force, with <see cref="AllTeachingPoints"/> taken into account.</summary>
    public TeachingPointPolicy EffectiveTeachingPoints => AllTeachingPoints ? TeachingPointPolicy.ExcludeAll : TeachingPoints;

    /// <summary>Private (民办) schools are included unless this is true.</summary>
    public bool Private { get; init; }
}

public sealed record LevelRulesByLevel(LevelRules Primary, LevelRules Junior);

/// <summary>Thresholds and standards of one level.</summary>
public sealed record LevelRules
{
    /// <summary>Per-indicator CV threshold (quality-2017: 0.50 primary, 0.45 junior); null when not used.</summary>
    public double? CvThreshold { get; init; }

    /// <summary>Composite CV threshold (basic-2012: 0.65 primary, 0.55 junior); null when not used.</summary>
    public double? CompositeCvThreshold { get; init; }

    /// <summary>Standard value per indicator id; indicators without a standard have no shortfall.</summary>
    public IReadOnlyDictionary<string, double> Standards { get; init; } = new Dictionary<string, double>();
}

/// <summary>A unit passes when it misses at most <see cref="MaxMissed"/> standards and each missed value is ≥ FloorRatio × standard.</summary>
public sealed record SchoolRule
{
    public int MaxMissed { get; init; } = 1;
    public double FloorRatio { get; init; } = 0.85;
}

public sealed record SignalRules
{
    public double EnrollmentYellow { get; init; } = 0.90;
    public double EnrollmentRed { get; init; } = 1.00;
    public int SmallSchoolPupils { get; init; } = 100;
    public ScopeTargets PairingScopeTargets { get; init; } = new();

    /// <summary>
    /// How far a scope share may sit from an "around" target and still meet it (0.05: "around 80 %"
    /// is met by 75–85 %); the within-province target is a minimum.
    /// </summary>
    public double PairingAroundTolerance { get; init; } = 0.05;
}

public sealed record ScopeTargets
{
    public double WithinCounty { get; init; } = 0.80;
    public double WithinCity { get; init; } = 0.15;
    public double WithinProvince { get; init; } = 0.05;
}

/// <summary>
/// Parameters of every check, keyed by check id as in <see cref="CheckCatalog"/>; each entry has the
/// check's declared <see cref="CheckDefinition.RuleType"/>. A disabled check is not reported.
/// </summary>
[JsonConverter(typeof(CheckRulesJsonConverter))]
public sealed class CheckRules
{
    private readonly FrozenDictionary<string, CheckRule> rules;

    /// <summary>The rules by id; every check of the catalog must have one, of its declared type.</summary>
    public CheckRules(IReadOnlyDictionary<string, CheckRule> rules)
    {
        var problems = new List<string>();
        foreach (var def in CheckCatalog.Checks)
        {
            if (!rules.TryGetValue(def.Id, out var rule))
            {
                problems.Add($"checks.{def.Id} is missing");
            }
            else if (rule.GetType() != def.RuleType)
            {
                problems.Add($"checks.{def.Id} must be a {def.RuleType!.Name}");
            }
        }

        problems.AddRange(rules.Keys.Where(id => !CheckCatalog.TryGet(id, out var d) || d.IsVeto).Select(id => $"unknown check '{id}'"));
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", problems), nameof(rules));
        }

        this.rules = rules.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>The parameters of check <paramref name="id"/>.</summary>
    public CheckRule this[string id] =>
        rules.TryGetValue(id, out var r) ? r : throw new KeyNotFoundException($"Unknown check id '{id}'.");

    /// <summary>The parameters of check <paramref name="id"/>, as its declared rule type.</summary>
    public T Get<T>(string id)
        where T : CheckRule => (T)this[id];

    /// <summary>A copy with the parameters of one check replaced (province variants, tests).</summary>
    public CheckRules With(string id, CheckRule rule)
    {
        var copy = rules.ToDictionary(StringComparer.Ordinal);
        copy[id] = rule;
        return new CheckRules(copy);
    }

    /// <summary>The entries in catalog order.</summary>
    public IEnumerable<KeyValuePair<string, CheckRule>> InCatalogOrder() =>
        CheckCatalog.Checks.Select(c => new KeyValuePair<string, CheckRule>(c.Id, rules[c.Id]));
}

/// <summary>Reads and writes <see cref="CheckRules"/> as one JSON object keyed by check id.</summary>
internal sealed class CheckRulesJsonConverter : JsonConverter<CheckRules>
{
    public override CheckRules Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("checks must be an object keyed by check id.");
        }

        var rules = new Dictionary<string, CheckRule>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var id = reader.GetString()!;
            if (!CheckCatalog.TryGet(id, out var def) || def.RuleType is null)
            {
                throw new JsonException($"unknown check '{id}'.");
            }

            reader.Read();
            rules[id] = (CheckRule)(JsonSerializer.Deserialize(ref reader, options.GetTypeInfo(def.RuleType))
                ?? throw new JsonException($"checks.{id} is null."));
        }

        try
        {
            return new CheckRules(rules);
        }
        catch (ArgumentException e)
        {
            throw new JsonException(e.Message.Split(" (Parameter", 2)[0], e);
        }
    }

    public override void Write(Utf8JsonWriter writer, CheckRules value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        foreach (var (id, rule) in value.InCatalogOrder())
        {
            writer.WritePropertyName(id);
            JsonSerializer.Serialize(writer, rule, options.GetTypeInfo(rule.GetType()));
        }

        writer.WriteEndObject();
    }
}

public record CheckRule
{
    public bool Enabled { get; init; } = true;
}

/// <summary>value ≥ Min passes.</summary>
public sealed record MinimumRule : CheckRule
{
    public double Min { get; init; }
}

public sealed record MusicArtRoomsRule : CheckRule
{
    public int ClassesPerRoom { get; init; } = 12;
    public double MusicRoomMinM2 { get; init; } = 96;
    public double ArtRoomMinM2 { get; init; } = 90;
}

public sealed record SchoolSizeRule : CheckRule
{
    public int MaxPupils { get; init; } = 2000;
    public int MaxPupilsThroughTrain { get; init; } = 2500;
}

public sealed record ClassSizeRule : CheckRule
{
    public int MaxPrimary { get; init; } = 45;
    public int MaxJunior { get; init; } = 50;
}

/// <summary>
/// Small rural schools and teaching points under <see cref="PupilsBelow"/> pupils receive public funds
/// of at least <see cref="FundedAsPupils"/> pupils' worth at the per-pupil base of their level.
/// </summary>
public sealed record SmallSchoolFundingRule : CheckRule
{
    public int PupilsBelow { get; init; } = 100;
    public int FundedAsPupils { get; init; } = 100;

    /// <summary>The guarantee is written for 村小 and 教学点: only rural schools and teaching points are held to it.</summary>
    public bool RuralAndTeachingPointsOnly { get; init; } = true;

    /// <summary>Per-pupil base of primary pupils (元); null: the county's <c>public_funds_base_per_pupil_yuan</c>.</summary>
    public double? BasePrimaryYuan { get; init; }

    /// <summary>Per-pupil base of junior pupils (元); null: the county's <c>public_funds_base_per_pupil_yuan</c>.</summary>
    public double? BaseJuniorYuan { get; init; }
}

/// <summary>What rotated key teachers are measured against.</summary>
public enum KeyShareBase
{
    Rotated,
    Eligible,
}

public sealed record RotationRule : CheckRule
{
    public double MinRotatedShare { get; init; } = 0.10;
    public double MinKeyShare { get; init; } = 0.20;
    public KeyShareBase KeyShareBase { get; init; } = KeyShareBase.Rotated;
}

public sealed record NearbyEnrollmentRule : CheckRule
{
    public double MinPrimary { get; init; } = 1.0;
    public double MinJunior { get; init; } = 0.95;
}
