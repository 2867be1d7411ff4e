using System.Globalization;
using System.Text.Json;
using Metrics.Core.Model;
using Metrics.Core.Profiles;
using Metrics.Core.Rollup;
using Metrics.Core.Scoring;
using Metrics.Core.Statistics;

namespace Metrics.Core.Json;

/// <summary>
/// Writes the stable JSON scorecard contract (README, "The JSON scorecard"). Deterministic: properties in a fixed
/// order, numbers in shortest round-trip form (full precision, invariant culture), undefined
/// values as <c>null</c>, dictionaries in ordinal key order. The same scorecard always gives the
/// same bytes.
/// </summary>
public static class ScorecardJson
{
    /// <summary>Reads back what a rollup needs from a scorecard written by <see cref="Write"/>.</summary>
    public static ScorecardSummary ReadSummary(JsonElement card)
    {
        var county = card.GetProperty("county");
        var profile = card.GetProperty("profile").GetString()!;
        // "Schools passing" means something only where the profile has a per-school rule.
        var schoolRule = !ProfileCatalog.Default.TryGet(profile, out var p) || p.SchoolRule is not null;
        return new ScorecardSummary(
            county.GetProperty("code").GetString()!,
            county.GetProperty("name").GetString()!,
            card.GetProperty("schoolYear").GetInt32(),
            profile,
            ParseStatus(card.GetProperty("overall").GetProperty("status").GetString()),
            ReadLevel(card.GetProperty("levels").GetProperty("primary"), schoolRule),
            ReadLevel(card.GetProperty("levels").GetProperty("junior"), schoolRule),
            card.GetProperty("checks").EnumerateArray()
                .Select(c => (c.GetProperty("id").GetString()!, ParseStatus(c.GetProperty("status").GetString())))
                .ToArray());
    }

    private static LevelSummary ReadLevel(JsonElement level, bool schoolRule)
    {
        var cvs = new Dictionary<string, double?>(StringComparer.Ordinal);
        var means = new Dictionary<string, double?>(StringComparer.Ordinal);
        var thresholds = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var ind in level.GetProperty("indicators").EnumerateArray())
        {
            var id = ind.GetProperty("id").GetString()!;
            var cv = ind.GetProperty("cv");
            cvs[id] = cv.ValueKind == JsonValueKind.Number ? cv.GetDouble() : null;
            // Summaries written before the published tables carry no mean: unknown, shown empty.
            means[id] = ind.TryGetProperty("mean", out var m) && m.ValueKind == JsonValueKind.Number ? m.GetDouble() : null;
            if (ind.TryGetProperty("threshold", out var t) && t.ValueKind == JsonValueKind.Number)
            {
                thresholds[id] = t.GetDouble();
            }
        }

        double? composite = level.TryGetProperty("compositeCv", out var c) && c.ValueKind == JsonValueKind.Number ? c.GetDouble() : null;
        double? compositeThreshold = level.TryGetProperty("compositeThreshold", out var ct) && ct.ValueKind == JsonValueKind.Number ? ct.GetDouble() : null;
        return new LevelSummary(
            ParseStatus(level.GetProperty("status").GetString()),
            level.GetProperty("units").GetInt32(),
            level.GetProperty("pupils").GetInt64(),
            cvs,
            composite,
            schoolRule ? level.GetProperty("schoolsPassing").GetInt32() : null)
        {
            Thresholds = thresholds,
            CompositeThreshold = compositeThreshold,
            Means = means,
        };
    }

    private static Status ParseStatus(string? s) => s switch
    {
        "pass" => Status.Pass,
        "fail" => Status.Fail,
        "not_assessed" => Status.NotAssessed,
        "not_applicable" => Status.NotApplicable,
        _ => throw new JsonException($"Unknown status '{s}'."),
    };

    /// <summary>
    /// The compact per-county summary a rollup needs: the scorecard's shape with only the fields
    /// <see cref="ReadSummary"/> reads (no schools, findings or signals), so one summary is a few
    /// hundred bytes instead of the whole scorecard and input. Read back with <see cref="ReadSummary"/>.
    /// </summary>
    public static byte[] SerializeSummary(Scorecard card) => JsonOutput.Write(
        w =>
        {
            w.WriteStartObject();
            w.WriteNumber("schemaVersion", Scorecard.SchemaVersion);
            w.WriteStartObject("county");
            w.WriteString("code", card.CountyCode);
            w.WriteString("name", card.CountyName);
            w.WriteEndObject();
            w.WriteNumber("schoolYear", card.SchoolYear);
            w.WriteString("profile", card.Profile);
            WriteString(w, "sha256", card.Submission?.Sha256);
            w.WriteStartObject("levels");
            WriteLevelSummary(w, "primary", card.Primary);
            WriteLevelSummary(w, "junior", card.Junior);
            w.WriteEndObject();
            w.WriteStartArray("checks");
            foreach (var check in card.Checks)
            {
                w.WriteStartObject();
                w.WriteString("id", check.Id);
                w.WriteString("status", Name(check.Status));
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartObject("overall");
            w.WriteString("status", Name(card.Overall.Status));
            w.WriteEndObject();
            w.WriteEndObject();
        },
        indented: false);

    private static void WriteLevelSummary(Utf8JsonWriter w, string name, LevelResult level)
    {
        w.WriteStartObject(name);
        w.WriteNumber("units", level.Units);
        w.WriteNumber("pupils", level.Pupils);
        w.WriteString("status", Name(level.Status));
        w.WriteNumber("schoolsPassing", level.SchoolsPassing);
        w.WriteStartArray("indicators");
        foreach (var ind in level.Indicators)
        {
            w.WriteStartObject();
            w.WriteString("id", ind.Id);
            WriteNumber(w, "mean", ind.Mean);
            WriteNumber(w, "cv", ind.Cv);
            WriteNumber(w, "threshold", ind.Threshold);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        if (level.CompositeThreshold is not null)
        {
            WriteNumber(w, "compositeCv", level.CompositeCv);
            WriteNumber(w, "compositeThreshold", level.CompositeThreshold);
        }

        w.WriteEndObject();
    }

    public static byte[] Serialize(Scorecard card) => JsonOutput.Write(w => Write(w, card));

    public static void Write(Utf8JsonWriter w, Scorecard card)
    {
        w.WriteStartObject();
        w.WriteNumber("schemaVersion", Scorecard.SchemaVersion);
        w.WriteStartObject("county");
        w.WriteString("code", card.CountyCode);
        w.WriteString("name", card.CountyName);
        w.WriteEndObject();
        w.WriteNumber("schoolYear", card.SchoolYear);
        w.WriteString("profile", card.Profile);
        if (card.Submission is { } sub)
        {
            w.WriteStartObject("submission");
            w.WriteString("sha256", sub.Sha256);
            w.WriteString("receivedUtc", sub.ReceivedUtc.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("submission");
        }

        WriteExportSource(w, card.FromExport);
        w.WriteStartObject("levels");
        WriteLevel(w, "primary", card.Primary);
        WriteLevel(w, "junior", card.Junior);
        w.WriteEndObject();

        w.WriteStartArray("checks");
        foreach (var check in card.Checks)
        {
            WriteCheck(w, check);
        }

        w.WriteEndArray();

        w.WriteStartObject("overall");
        w.WriteString("status", Name(card.Overall.Status));
        WriteStrings(w, "failedChecks", card.Overall.FailedChecks);
        WriteStrings(w, "notAssessedChecks", card.Overall.NotAssessedChecks);
        w.WriteEndObject();

        WriteSignals(w, card.Signals);
        WriteExcluded(w, card);
        WriteShortfalls(w, card.Shortfalls);
        if (card.Plan is { } plan)
        {
            PlanJson.Write(w, plan);
        }

        WriteIndoorSports(w, card.IndoorSports);
        HistoryJson.Write(w, card.History);

        w.WriteStartArray("warnings");
        foreach (var issue in card.Warnings)
        {
            WriteIssue(w, issue);
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>Writes one validation issue (also used by validation.json).</summary>
    public static void WriteIssue(Utf8JsonWriter w, ValidationIssue issue)
    {
        w.WriteStartObject();
        w.WriteString("severity", issue.Severity == Severity.Error ? "error" : "warning");
        w.WriteString("code", issue.Code);
        w.WriteString("sheet", issue.Sheet);
        WriteNumber(w, "row", issue.Row);
        WriteString(w, "column", issue.Column);
        WriteString(w, "cell", issue.Cell);
        w.WriteString("messageZh", issue.MessageZh);
        w.WriteString("messageEn", issue.MessageEn);
        w.WriteEndObject();
    }

    public static string Name(Status status) => Names.Statuses.Key(status);

    public static string Name(IndicatorStatus status) => Names.IndicatorStatuses.Key(status);

    /// <summary>
    /// An indicator's status as the contract shows it; null when the profile decides by the
    /// composite, where an indicator alone neither passes nor fails (an undefined CV still shows).
    /// </summary>
    public static string? StatusName(IndicatorResult indicator) =>
        indicator.Status == IndicatorStatus.NotJudged ? null : Name(indicator.Status);

    public static string Name(Level level) => Names.Levels.Key(level);

    public static string Name(Location location) => Names.Locations.Key(location);

    private static void WriteLevel(Utf8JsonWriter w, string name, LevelResult level)
    {
        w.WriteStartObject(name);
        w.WriteNumber("units", level.Units);
        w.WriteNumber("pupils", level.Pupils);
        w.WriteString("status", Name(level.Status));
        w.WriteNumber("schoolsPassing", level.SchoolsPassing);
        w.WriteStartArray("indicators");
        foreach (var ind in level.Indicators)
        {
            w.WriteStartObject();
            w.WriteString("id", ind.Id);
            WriteNumber(w, "mean", ind.Mean);
            WriteNumber(w, "cv", ind.Cv);
            WriteNumber(w, "threshold", ind.Threshold);
            WriteNumber(w, "standard", ind.Standard);
            WriteString(w, "status", StatusName(ind));

            w.WriteBoolean("borderline", ind.Borderline);
            WriteEquity(w, ind.Equity);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        if (level.CompositeThreshold is not null)
        {
            WriteNumber(w, "compositeCv", level.CompositeCv);
            WriteNumber(w, "compositeThreshold", level.CompositeThreshold);
            // An undefined composite (a CV with a county mean of 0) is "undefined", never a pass or a fail.
            WriteString(w, "compositeStatus", level.CompositeStatus is { } cs ? Name(cs) : level.Units > 0 ? "undefined" : null);
            w.WriteBoolean("compositeBorderline", level.CompositeBorderline);
        }

        w.WriteStartArray("schools");
        foreach (var s in level.Schools)
        {
            w.WriteStartObject();
            w.WriteString("code", s.Code);
            w.WriteString("name", s.Name);
            w.WriteString("section", Name(s.Section));
            w.WriteString("location", Name(s.Location));
            w.WriteNumber("pupils", s.Pupils);
            WriteMap(w, "values", s.Values);
            w.WriteNumber("met", s.Met);
            WriteString(w, "status", s.Status is { } st ? Name(st) : null);
            WriteMap(w, "shortfalls", s.Shortfalls);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteEquity(Utf8JsonWriter w, EquityMeasures e)
    {
        w.WriteStartObject("equity");
        WriteNumber(w, "gini", e.Gini);
        WriteNumber(w, "theilT", e.TheilT);
        WriteNumber(w, "theilWithin", e.TheilWithin);
        WriteNumber(w, "theilBetween", e.TheilBetween);
        WriteNumber(w, "mld", e.MeanLogDeviation);
        WriteNumber(w, "mcloone", e.McLoone);
        WriteNumber(w, "verstegen", e.Verstegen);
        WriteNumber(w, "federalRangeRatio", e.FederalRangeRatio);
        WriteNumber(w, "maxMinRatio", e.MaxMinRatio);
        w.WriteEndObject();
    }

    private static void WriteCheck(Utf8JsonWriter w, CheckResult check)
    {
        w.WriteStartObject();
        w.WriteString("id", check.Id);
        WriteNumber(w, "value", check.Value);
        WriteNumber(w, "threshold", check.Threshold);
        w.WriteString("status", Name(check.Status));
        if (check.Parts.Count > 0)
        {
            w.WriteStartArray("parts");
            foreach (var part in check.Parts)
            {
                WriteCheck(w, part);
            }

            w.WriteEndArray();
        }

        if (check.Findings.Count > 0)
        {
            w.WriteStartArray("findings");
            foreach (var f in check.Findings)
            {
                w.WriteStartObject();
                WriteString(w, "schoolCode", f.SchoolCode);
                WriteString(w, "schoolName", f.SchoolName);
                WriteNumber(w, "value", f.Value);
                WriteNumber(w, "limit", f.Limit);
                w.WriteString("messageZh", f.MessageZh);
                w.WriteString("messageEn", f.MessageEn);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        w.WriteEndObject();
    }

    private static void WriteSignals(Utf8JsonWriter w, Signals signals)
    {
        w.WriteStartObject("signals");
        if (signals.EnrollmentWarnings is { } warnings)
        {
            w.WriteStartArray("enrollmentWarnings");
            foreach (var e in warnings)
            {
                w.WriteStartObject();
                w.WriteString("schoolCode", e.SchoolCode);
                w.WriteString("schoolName", e.SchoolName);
                w.WriteNumber("catchmentChildren", e.CatchmentChildren);
                w.WriteNumber("plannedIntake", e.PlannedIntake);
                w.WriteNumber("ratio", e.Ratio);
                w.WriteString("level", e.Level);
                w.WriteString("grade", e.Grade);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        if (signals.Pairing is { } p)
        {
            w.WriteStartObject("pairing");
            w.WriteNumber("ruralSmallSchools", p.RuralSmallSchools);
            w.WriteNumber("paired", p.Paired);
            WriteNumber(w, "coverage", p.Coverage);
            WriteMap(w, "scopeShares", p.ScopeShares);
            WriteMap(w, "scopeTargets", p.ScopeTargets);
            w.WriteString("coverageStatus", Name(p.CoverageStatus));
            WriteStrings(w, "unpaired", p.Unpaired);
            w.WriteNumber("scoped", p.Scoped);
            w.WriteString("scopeStatus", Name(p.ScopeStatus));
            w.WriteEndObject();
        }

        if (signals.AfterSchool is { } a)
        {
            w.WriteStartObject("afterSchool");
            w.WriteNumber("schools", a.Schools);
            w.WriteNumber("offering", a.Offering);
            WriteNumber(w, "coverage", a.Coverage);
            w.WriteNumber("pupils", a.Pupils);
            w.WriteNumber("participating", a.Participating);
            WriteNumber(w, "participationRate", a.ParticipationRate);
            w.WriteNumber("boardingPupils", a.BoardingPupils);
            w.WriteEndObject();
        }

        if (signals.Rotation is { } r)
        {
            w.WriteStartObject("rotation");
            w.WriteNumber("rotatedFromUrbanTown", r.RotatedFromUrbanTown);
            WriteNumber(w, "toRural", r.ToRural);
            WriteNumber(w, "toRuralShare", r.ToRuralShare);
            w.WriteStartArray("schools");
            foreach (var row in r.Schools)
            {
                w.WriteStartObject();
                w.WriteString("code", row.Code);
                w.WriteString("name", row.Name);
                WriteString(w, "location", row.Location is { } loc ? Name(loc) : null);
                w.WriteNumber("eligible", row.Eligible);
                w.WriteNumber("rotated", row.Rotated);
                w.WriteNumber("rotatedKey", row.RotatedKey);
                WriteNumber(w, "toRural", row.ToRural);
                WriteNumber(w, "share", row.Share);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndObject();
    }

    private static void WriteExcluded(Utf8JsonWriter w, Scorecard card)
    {
        w.WriteStartArray("excluded");
        foreach (var e in card.Excluded)
        {
            w.WriteStartObject();
            w.WriteString("code", e.School.Code);
            w.WriteString("name", e.School.Name);
            w.WriteString("reason", e.ReasonId);
            WriteString(w, "mergedInto", e.MergedInto);
            w.WriteString("reasonZh", e.ReasonZh);
            w.WriteString("reasonEn", e.ReasonEn);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static void WriteShortfalls(Utf8JsonWriter w, ShortfallSummary shortfalls)
    {
        w.WriteStartObject("shortfalls");
        w.WriteStartArray("additions");
        foreach (var a in shortfalls.Additions)
        {
            w.WriteStartObject();
            w.WriteString("school", a.SchoolCode);
            w.WriteString("name", a.SchoolName);
            w.WriteString("field", a.Column);
            w.WriteNumber("add", a.Add);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        WriteMap(w, "totals", shortfalls.Totals);
        w.WriteEndObject();
    }

    private static void WriteIndoorSports(Utf8JsonWriter w, IndoorSportsEffect? effect)
    {
        if (effect is null)
        {
            w.WriteNull("indoorSports");
            return;
        }

        w.WriteStartObject("indoorSports");
        w.WriteBoolean("movedToSportsSpace", effect.Applied);
        w.WriteStartArray("changedVerdicts");
        foreach (var c in effect.Changes)
        {
            w.WriteStartObject();
            w.WriteString("level", c.Level);
            w.WriteString("subject", c.Subject);
            WriteString(w, "without", c.Without is { } a ? Name(a) : null);
            WriteString(w, "with", c.With is { } b ? Name(b) : null);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteMap(Utf8JsonWriter w, string name, IReadOnlyDictionary<string, double> map)
    {
        w.WriteStartObject(name);
        foreach (var key in map.Keys.Order(StringComparer.Ordinal))
        {
            w.WriteNumber(key, map[key]);
        }

        w.WriteEndObject();
    }

    private static void WriteStrings(Utf8JsonWriter w, string name, IEnumerable<string> items)
    {
        w.WriteStartArray(name);
        foreach (var s in items)
        {
            w.WriteStringValue(s);
        }

        w.WriteEndArray();
    }

    private static void WriteNumber(Utf8JsonWriter w, string name, double? value)
    {
        if (value is { } v && double.IsFinite(v))
        {
            w.WriteNumber(name, v);
        }
        else
        {
            w.WriteNull(name);
        }
    }

    private static void WriteNumber(Utf8JsonWriter w, string name, int? value)
    {
        if (value is { } v)
        {
            w.WriteNumber(name, v);
        }
        else
        {
            w.WriteNull(name);
        }
    }

    private static void WriteString(Utf8JsonWriter w, string name, string? value)
    {
        if (value is null)
        {
            w.WriteNull(name);
        }
        else
        {
            w.WriteString(name, value);
        }
    }

    /// <summary>Only for a scorecard scored from the statistics export: a template upload's JSON has no <c>source</c>.</summary>
    private static void WriteExportSource(Utf8JsonWriter w, Import.ExportSource? export)
    {
        if (export is null)
        {
            return;
        }

        w.WriteStartObject("source");
        w.WriteString("kind", Import.ExportSource.Kind);
        w.WriteString("mapping", export.Mapping);
        w.WriteNumber("heldBackTeachingPoints", export.HeldBackTeachingPoints);
        w.WriteStartArray("fieldsToComplete");
        foreach (var f in export.FieldsToComplete)
        {
            w.WriteStringValue(f);
        }

        w.WriteEndArray();
        w.WriteStartArray("checksNotAssessed");
        foreach (var c in export.ChecksNotAssessed)
        {
            w.WriteStringValue(c);
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }
}
