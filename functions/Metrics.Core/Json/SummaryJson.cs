using System.Text.Json;
using System.Text.Json.Serialization;
using Metrics.Core.Model;
using Metrics.Core.Profiles;
using Metrics.Core.Rollup;

namespace Metrics.Core.Json;

/// <summary>
/// The stored form of a <see cref="ScorecardSummary"/> (<c>data/summaries/{year}/{county}.json</c>),
/// written and read by System.Text.Json from one set of wire records. Its shape is the scorecard
/// contract's with only what a rollup reads, so the scorecard inside a county data file reads with
/// the same records (the rollup's fallback for counties ingested before summaries existed).
/// </summary>
/// <remarks>
/// <code>
/// { "schemaVersion": 2, "county": { "code", "name" }, "schoolYear", "profile",
///   "levels": { "primary": LEVEL, "junior": LEVEL }, "checks": [ { "id", "status" } ], "overall": { "status" }, "sha256" }
/// LEVEL = { "units", "pupils", "status", "schoolsPassing": n|null, "indicators": [ { "id", "cv", "threshold", "mean" } ],
///           "compositeCv", "compositeThreshold" (both only where the profile decides by the composite) }
/// </code>
/// Version 2 writes <c>schoolsPassing</c> as null where the profile has no per-school rule. A version-1
/// document (a summary written before, or a scorecard) always holds a count; reading one, the
/// count is dropped where the profile, looked up by its id, has no per-school rule.
/// </remarks>
public static partial class SummaryJson
{
    /// <summary>The version this code writes.</summary>
    public const int SchemaVersion = 2;

    /// <summary>The compact summary document (a few hundred bytes).</summary>
    public static byte[] Serialize(ScorecardSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var doc = new SummaryDocument(
            SchemaVersion,
            new SummaryCounty(summary.CountyCode, summary.CountyName),
            summary.SchoolYear,
            summary.Profile,
            new SummaryLevels(Level(summary.Primary), Level(summary.Junior)),
            summary.Checks.Select(c => new SummaryCheck(c.Id, c.Status)).ToArray(),
            new SummaryOverall(summary.Overall))
        {
            Sha256 = summary.Sha256,
        };
        return JsonOutput.Write(w => JsonSerializer.Serialize(w, doc, SummaryContext.Default.SummaryDocument), indented: false);
    }

    /// <summary>
    /// Reads a summary document, or the scorecard of a county data file (the scorecard contract is a
    /// superset of the summary's shape). Throws <see cref="JsonException"/> when it is neither.
    /// </summary>
    public static ScorecardSummary Read(JsonElement document)
    {
        var doc = document.Deserialize(SummaryContext.Default.SummaryDocument) ?? throw new JsonException("Not a scorecard summary.");
        // Before version 2 the count was written for every profile; it means nothing without a school rule.
        var schoolRule = doc.SchemaVersion >= SchemaVersion || !ProfileCatalog.Default.TryGet(doc.Profile, out var p) || p.SchoolRule is not null;
        return new ScorecardSummary(
            doc.County.Code,
            doc.County.Name,
            doc.SchoolYear,
            doc.Profile,
            doc.Overall.Status,
            Level(doc.Levels.Primary, schoolRule),
            Level(doc.Levels.Junior, schoolRule),
            doc.Checks.Select(c => (c.Id, c.Status)).ToArray())
        {
            Sha256 = doc.Sha256 ?? doc.Submission?.Sha256,
        };
    }

    private static SummaryLevel Level(LevelSummary level) => new(
        level.Units,
        level.Pupils,
        level.Status,
        level.SchoolsPassing,
        level.Cvs.Select(kv => new SummaryIndicator(kv.Key, kv.Value, level.Thresholds.TryGetValue(kv.Key, out var t) ? t : null) { Mean = level.Means.GetValueOrDefault(kv.Key) }).ToArray(),
        level.CompositeThreshold is null ? null : level.CompositeCv,
        level.CompositeThreshold);

    private static LevelSummary Level(SummaryLevel level, bool schoolRule)
    {
        var cvs = new Dictionary<string, double?>(StringComparer.Ordinal);
        var thresholds = new Dictionary<string, double>(StringComparer.Ordinal);
        var means = new Dictionary<string, double?>(StringComparer.Ordinal);
        foreach (var ind in level.Indicators)
        {
            cvs[ind.Id] = ind.Cv;
            means[ind.Id] = ind.Mean;
            if (ind.Threshold is { } t)
            {
                thresholds[ind.Id] = t;
            }
        }

        return new LevelSummary(level.Status, level.Units, level.Pupils, cvs, level.CompositeCv, schoolRule ? level.SchoolsPassing : null)
        {
            Thresholds = thresholds,
            CompositeThreshold = level.CompositeThreshold,
            Means = means,
        };
    }
}

/// <summary>The wire records of <see cref="SummaryJson"/>; property names are the contract's camelCase.</summary>
internal sealed record SummaryDocument(
    int SchemaVersion,
    SummaryCounty County,
    int SchoolYear,
    string Profile,
    SummaryLevels Levels,
    IReadOnlyList<SummaryCheck> Checks,
    SummaryOverall Overall)
{
    /// <summary>SHA-256 of the scored workbook (optional: a scorecard keeps it under <see cref="Submission"/>).</summary>
    public string? Sha256 { get; init; }

    /// <summary>Where a scorecard (version 1, inside a data file) keeps the hash; never written.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public SummarySubmission? Submission { get; init; }
}

internal sealed record SummaryCounty(string Code, string Name);

internal sealed record SummarySubmission(string? Sha256);

internal sealed record SummaryLevels(SummaryLevel Primary, SummaryLevel Junior);

internal sealed record SummaryLevel(
    int Units,
    long Pupils,
    Status Status,
    int? SchoolsPassing,
    IReadOnlyList<SummaryIndicator> Indicators,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? CompositeCv = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? CompositeThreshold = null);

internal sealed record SummaryIndicator(string Id, double? Cv, double? Threshold)
{
    /// <summary>Pupil-weighted mean (the published tables' 均值 row); absent from summaries written before them.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? Mean { get; init; }
}

internal sealed record SummaryCheck(string Id, Status Status);

internal sealed record SummaryOverall(Status Status);

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true,
    Converters = [typeof(StatusKeyConverter)])]
[JsonSerializable(typeof(SummaryDocument))]
internal sealed partial class SummaryContext : JsonSerializerContext;
