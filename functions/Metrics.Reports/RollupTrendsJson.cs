using System.Text.Json;
using Metrics.Core.Json;
using Metrics.Core.Rollup;

namespace Metrics.Reports;

/// <summary>
/// The rollup JSON's prefecture subtotals and σ-convergence:
/// <code>
/// "prefectures": [ { "code", "counties", "scored", "passing", "failing", "notScored", "pupils" } ],
/// "convergence": [ { "level", "id", "years": [ { "year", "counties", "meanCv", "sigma" } ], "change" } ]
/// </code>
/// Prefectures by code (a county's first four digits + "00"); convergence per level and indicator,
/// years oldest first, σ the population standard deviation of the counties' CVs (every county
/// counts once), "change" this year's σ minus the year before on record (negative = converging).
/// "convergence" is written only when it was computed.
/// </summary>
public static class RollupTrendsJson
{
    public static void Write(Utf8JsonWriter w, RollupResult rollup)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(rollup);
        w.WriteStartArray("prefectures");
        foreach (var p in Prefectures.Of(rollup))
        {
            w.WriteStartObject();
            w.WriteString("code", p.Code);
            w.WriteNumber("counties", p.Counties);
            w.WriteNumber("scored", p.Scored);
            w.WriteNumber("passing", p.Passing);
            w.WriteNumber("failing", p.Failing);
            w.WriteNumber("notScored", p.NotScored);
            w.WriteNumber("pupils", p.Pupils);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        if (rollup.Convergence.Count == 0)
        {
            return;
        }

        w.WriteStartArray("convergence");
        foreach (var c in rollup.Convergence)
        {
            w.WriteStartObject();
            w.WriteString("level", ScorecardJson.Name(c.Level));
            w.WriteString("id", c.IndicatorId);
            w.WriteStartArray("years");
            foreach (var p in c.Points)
            {
                w.WriteStartObject();
                w.WriteNumber("year", p.Year);
                w.WriteNumber("counties", p.Counties);
                w.WriteNumberOrNull("meanCv", p.MeanCv);
                w.WriteNumberOrNull("sigma", p.Sigma);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteNumberOrNull("change", c.Change);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }
}
