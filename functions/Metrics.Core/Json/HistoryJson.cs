using System.Text.Json;
using Metrics.Core.Model;
using Metrics.Core.Rollup;
using Metrics.Core.Scoring;

namespace Metrics.Core.Json;

/// <summary>
/// The scorecard's <c>history</c>: the county's earlier years on record, oldest first, each with its
/// overall status and, per level, its status and every indicator's CV, threshold and status. Written
/// only when there is an earlier year, so a county's first scorecard keeps its exact bytes.
/// </summary>
public static class HistoryJson
{
    public static void Write(Utf8JsonWriter w, IReadOnlyList<ScorecardSummary> history)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(history);
        if (history.Count == 0)
        {
            return;
        }

        w.WriteStartArray("history");
        foreach (var year in history.OrderBy(h => h.SchoolYear))
        {
            w.WriteStartObject();
            w.WriteNumber("schoolYear", year.SchoolYear);
            w.WriteString("profile", year.Profile);
            w.WriteString("overall", ScorecardJson.Name(year.Overall));
            w.WriteStartObject("levels");
            foreach (var level in new[] { Level.Primary, Level.Junior })
            {
                var l = year.At(level);
                w.WriteStartObject(ScorecardJson.Name(level));
                w.WriteString("status", ScorecardJson.Name(l.Status));
                w.WriteStartArray("indicators");
                foreach (var (id, cv) in l.Cvs.OrderBy(kv => kv.Key, StringComparer.Ordinal))
                {
                    w.WriteStartObject();
                    w.WriteString("id", id);
                    w.WriteNumberOrNull("cv", cv);
                    w.WriteNumberOrNull("threshold", l.Thresholds.TryGetValue(id, out var t) ? t : null);
                    var status = Progress.StatusOf(l, id);
                    if (status == IndicatorStatus.NotJudged)
                    {
                        w.WriteNull("status");
                    }
                    else
                    {
                        w.WriteString("status", ScorecardJson.Name(status));
                    }

                    w.WriteEndObject();
                }

                w.WriteEndArray();
                if (l.CompositeThreshold is not null)
                {
                    w.WriteNumberOrNull("compositeCv", l.CompositeCv);
                }

                w.WriteEndObject();
            }

            w.WriteEndObject();
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }
}
