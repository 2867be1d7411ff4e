using System.Text.Json;
using Metrics.Core.Model;
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
            w.WriteTimestamp("receivedUtc", sub.ReceivedUtc);
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
        w.WriteStrings("failedChecks", card.Overall.FailedChecks);
        w.WriteStrings("notAssessedChecks", card.Overall.NotAssessedChecks);
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
        w.WriteNumberOrNull("row", issue.Row);
        w.WriteStringOrNull("column", issue.Column);
        w.WriteStringOrNull("cell", issue.Cell);
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
            w.WriteNumberOrNull("mean", ind.Mean);
            w.WriteNumberOrNull("cv", ind.Cv);
            w.WriteNumberOrNull("threshold", ind.Threshold);
            w.WriteNumberOrNull("standard", ind.Standard);
            w.WriteStringOrNull("status", StatusName(ind));

            w.WriteBoolean("borderline", ind.Borderline);
            WriteEquity(w, ind.Equity);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        if (level.CompositeThreshold is not null)
        {
            w.WriteNumberOrNull("compositeCv", level.CompositeCv);
            w.WriteNumberOrNull("compositeThreshold", level.CompositeThreshold);
            // An undefined composite (a CV with a county mean of 0) is "undefined", never a pass or a fail.
            w.WriteStringOrNull("compositeStatus", level.CompositeStatus is { } cs ? Name(cs) : level.Units > 0 ? "undefined" : null);
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
            w.WriteMap("values", s.Values);
            w.WriteNumber("met", s.Met);
            w.WriteStringOrNull("status", s.Status is { } st ? Name(st) : null);
            w.WriteMap("shortfalls", s.Shortfalls);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteEquity(Utf8JsonWriter w, EquityMeasures e)
    {
        w.WriteStartObject("equity");
        w.WriteNumberOrNull("gini", e.Gini);
        w.WriteNumberOrNull("theilT", e.TheilT);
        w.WriteNumberOrNull("theilWithin", e.TheilWithin);
        w.WriteNumberOrNull("theilBetween", e.TheilBetween);
        w.WriteNumberOrNull("mld", e.MeanLogDeviation);
        w.WriteNumberOrNull("mcloone", e.McLoone);
        w.WriteNumberOrNull("verstegen", e.Verstegen);
        w.WriteNumberOrNull("federalRangeRatio", e.FederalRangeRatio);
        w.WriteNumberOrNull("maxMinRatio", e.MaxMinRatio);
        w.WriteEndObject();
    }

    private static void WriteCheck(Utf8JsonWriter w, CheckResult check)
    {
        w.WriteStartObject();
        w.WriteString("id", check.Id);
        w.WriteNumberOrNull("value", check.Value);
        w.WriteNumberOrNull("threshold", check.Threshold);
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
                w.WriteStringOrNull("schoolCode", f.SchoolCode);
                w.WriteStringOrNull("schoolName", f.SchoolName);
                w.WriteNumberOrNull("value", f.Value);
                w.WriteNumberOrNull("limit", f.Limit);
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
            w.WriteNumberOrNull("coverage", p.Coverage);
            w.WriteMap("scopeShares", p.ScopeShares);
            w.WriteMap("scopeTargets", p.ScopeTargets);
            w.WriteString("coverageStatus", Name(p.CoverageStatus));
            w.WriteStrings("unpaired", p.Unpaired);
            w.WriteNumber("scoped", p.Scoped);
            w.WriteString("scopeStatus", Name(p.ScopeStatus));
            w.WriteEndObject();
        }

        if (signals.AfterSchool is { } a)
        {
            w.WriteStartObject("afterSchool");
            w.WriteNumber("schools", a.Schools);
            w.WriteNumber("offering", a.Offering);
            w.WriteNumberOrNull("coverage", a.Coverage);
            w.WriteNumber("pupils", a.Pupils);
            w.WriteNumber("participating", a.Participating);
            w.WriteNumberOrNull("participationRate", a.ParticipationRate);
            w.WriteNumber("boardingPupils", a.BoardingPupils);
            w.WriteEndObject();
        }

        if (signals.Rotation is { } r)
        {
            w.WriteStartObject("rotation");
            w.WriteNumber("rotatedFromUrbanTown", r.RotatedFromUrbanTown);
            w.WriteNumberOrNull("toRural", r.ToRural);
            w.WriteNumberOrNull("toRuralShare", r.ToRuralShare);
            w.WriteStartArray("schools");
            foreach (var row in r.Schools)
            {
                w.WriteStartObject();
                w.WriteString("code", row.Code);
                w.WriteString("name", row.Name);
                w.WriteStringOrNull("location", row.Location is { } loc ? Name(loc) : null);
                w.WriteNumber("eligible", row.Eligible);
                w.WriteNumber("rotated", row.Rotated);
                w.WriteNumber("rotatedKey", row.RotatedKey);
                w.WriteNumberOrNull("toRural", row.ToRural);
                w.WriteNumberOrNull("share", row.Share);
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
            w.WriteStringOrNull("mergedInto", e.MergedInto);
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
        w.WriteMap("totals", shortfalls.Totals);
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
            w.WriteStringOrNull("without", c.Without is { } a ? Name(a) : null);
            w.WriteStringOrNull("with", c.With is { } b ? Name(b) : null);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
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
