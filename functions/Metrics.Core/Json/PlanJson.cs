using System.Text.Json;
using Metrics.Core.Planning;
using Metrics.Core.Scoring;

namespace Metrics.Core.Json;

/// <summary>
/// The remediation plan as JSON (method §9): the scorecard's <c>plan</c> property (written only for a
/// county whose resource part fails) and the document <c>metrics plan</c> writes as <c>plan.json</c>.
/// Each action is <c>{ "school", "field", "add" }</c> in the county workbook's own columns, so that adding
/// every action to the workbook and scoring it again is how the plan is checked.
/// </summary>
public static class PlanJson
{
    /// <summary>plan.json: the county, its year and profile, then the plan.</summary>
    public static byte[] Serialize(Scorecard card, RemediationPlan plan) => JsonOutput.Write(w =>
    {
        w.WriteStartObject();
        w.WriteNumber("schemaVersion", Scorecard.SchemaVersion);
        w.WriteStartObject("county");
        w.WriteString("code", card.CountyCode);
        w.WriteString("name", card.CountyName);
        w.WriteEndObject();
        w.WriteNumber("schoolYear", card.SchoolYear);
        w.WriteString("profile", card.Profile);
        WriteBody(w, plan);
        w.WriteEndObject();
    });

    /// <summary>The scorecard's <c>plan</c> property.</summary>
    public static void Write(Utf8JsonWriter w, RemediationPlan plan)
    {
        w.WriteStartObject("plan");
        WriteBody(w, plan);
        w.WriteEndObject();
    }

    private static void WriteBody(Utf8JsonWriter w, RemediationPlan plan)
    {
        w.WriteBoolean("passes", plan.Passes);
        w.WriteNumber("totalCost", plan.TotalCost);
        w.WriteMap("totals", plan.Totals);
        w.WriteMap("costs", plan.Costs);
        WriteActions(w, "actions", plan.Actions);
        w.WriteStartArray("exemptions");
        foreach (var e in plan.Exemptions)
        {
            w.WriteStartObject();
            w.WriteString("school", e.School);
            w.WriteString("name", e.SchoolName);
            w.WriteString("level", ScorecardJson.Name(e.Level));
            w.WriteString("indicator", e.Indicator);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        WriteLevels(w, plan.Levels);
        w.WriteStartObject("transfers");
        w.WriteNumber("quota", plan.Transfers.Quota);
        w.WriteNumber("moved", plan.Transfers.Moved);
        WriteActions(w, "actions", plan.Transfers.Actions);
        WriteLevels(w, plan.Transfers.Levels);
        w.WriteEndObject();
        w.WriteStartArray("curve");
        foreach (var p in plan.Curve)
        {
            w.WriteStartObject();
            w.WriteNumber("ratio", p.Ratio);
            w.WriteNumber("cost", p.CostYuan);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteMap("unitCosts", plan.UnitCosts);
        if (plan.Budget is { } b)
        {
            w.WriteStartObject("budget");
            w.WriteNumber("yuan", b.Yuan);
            w.WriteBoolean("sufficient", b.Sufficient);
            w.WriteNumber("ratio", b.Ratio);
            w.WriteEndObject();
        }
    }

    private static void WriteActions(Utf8JsonWriter w, string name, IReadOnlyList<PlanAction> actions)
    {
        w.WriteStartArray(name);
        foreach (var a in actions)
        {
            w.WriteStartObject();
            w.WriteString("school", a.School);
            w.WriteString("name", a.SchoolName);
            w.WriteString("field", a.Field);
            w.WriteNumber("add", a.Add);
            w.WriteNumber("cost", a.CostYuan);
            w.WriteString("reason", a.Reason);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static void WriteLevels(Utf8JsonWriter w, IReadOnlyList<PlanLevel> levels)
    {
        w.WriteStartObject("levels");
        foreach (var l in levels)
        {
            w.WriteStartObject(ScorecardJson.Name(l.Level));
            w.WriteNumber("units", l.Units);
            w.WriteString("statusBefore", ScorecardJson.Name(l.Before));
            w.WriteString("statusAfter", ScorecardJson.Name(l.After));
            w.WriteNumber("schoolsPassingBefore", l.SchoolsPassingBefore);
            w.WriteNumber("schoolsPassingAfter", l.SchoolsPassingAfter);
            w.WriteNumberOrNull("compositeCvBefore", l.CompositeBefore);
            w.WriteNumberOrNull("compositeCvAfter", l.CompositeAfter);
            w.WriteNumberOrNull("compositeThreshold", l.CompositeThreshold);
            w.WriteStartArray("indicators");
            foreach (var i in l.Indicators)
            {
                w.WriteStartObject();
                w.WriteString("id", i.Id);
                w.WriteNumberOrNull("cvBefore", i.CvBefore);
                w.WriteNumberOrNull("cvAfter", i.CvAfter);
                w.WriteNumberOrNull("threshold", i.Threshold);
                w.WriteString("statusBefore", ScorecardJson.Name(i.Before));
                w.WriteString("statusAfter", ScorecardJson.Name(i.After));
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndObject();
    }
}
