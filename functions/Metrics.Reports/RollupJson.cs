using System.Buffers;
using System.Text.Json;
using Metrics.Core.Json;
using Metrics.Core.Model;
using Metrics.Core.Rollup;
using Metrics.Reports.Text;

namespace Metrics.Reports;

/// <summary>
/// Writes the yearly rollup as JSON (rollup.json). Deterministic like <see cref="ScorecardJson"/>:
/// properties in a fixed order, rows in ordinal order of county code, dictionaries in ordinal key
/// order, numbers in shortest round-trip form, undefined values as <c>null</c>. The same rollup
/// always gives the same bytes, whatever order the rows were collected in.
/// </summary>
/// <remarks>
/// <code>
/// { "schemaVersion": 1, "year", "previousYear", "counties", "passing", "failing", "missing", "rejected", "processing",
///   "passingByDimension": { "resourcesPrimary", "resourcesJunior", "checks", "vetoes" },
///   "rows": [ { "code", "name", "missing", "state": "scored|processing|rejected|missing", "profile", "overall",
///               "dimensions": { "resourcesPrimary": "pass|fail|not_assessed"|null, … },
///               "levels": { "primary": LEVEL|null, "junior": LEVEL|null },
///               "score", "rank",
///               "previous": { "score", "rank", "scoreDelta", "rankDelta", "overall", "cvDeltas": { "primary:id": x } } | null,
///               "checks": [ { "id", "status" } ] } ],
///   "prefectures": [ … ], "convergence": [ … ] (see <see cref="RollupTrendsJson"/>) }
/// LEVEL = { "status", "units", "pupils", "cvs": { id: x|null }, "compositeCv", "schoolsPassing": n|null (n/a without a per-school rule) }
/// </code>
/// A county with no accepted scorecard this year has <c>"missing": true</c>, its state (processing,
/// rejected or missing: nothing submitted), null profile/overall/levels/score/rank, and is never
/// dropped. "missing" at the top counts only counties that submitted nothing. "score" is the
/// binding ratio and "rank" the rank within the county's profile (<see cref="RollupBuilder"/>).
/// </remarks>
public static class RollupJson
{
    public const int SchemaVersion = 1;

    /// <summary>About what one row takes (a national rollup: 12.3 MB for 2 900 rows), to size the buffer once.</summary>
    private const int BytesPerRow = 4_600;

    private static readonly JsonWriterOptions Options = new() { Indented = true, Encoder = JsonOutput.Encoder };

    public static byte[] Serialize(RollupResult rollup) => SerializeToMemory(rollup).ToArray();

    /// <summary>
    /// The same bytes as <see cref="Serialize"/> (the writer options of <see cref="JsonOutput.Write"/>),
    /// in a buffer sized for the rollup up front: a national rollup regrew the shared buffer from
    /// 64 KiB to 16 MiB and then copied it, about four times the document in allocations.
    /// </summary>
    public static ReadOnlyMemory<byte> SerializeToMemory(RollupResult rollup)
    {
        ArgumentNullException.ThrowIfNull(rollup);
        var buffer = new ArrayBufferWriter<byte>(16 * 1024 + (rollup.Rows.Count * BytesPerRow));
        using (var w = new Utf8JsonWriter(buffer, Options))
        {
            Write(w, rollup);
        }

        return buffer.WrittenMemory;
    }

    public static void Write(Utf8JsonWriter w, RollupResult rollup)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(rollup);
        w.WriteStartObject();
        w.WriteNumber("schemaVersion", SchemaVersion);
        w.WriteNumber("year", rollup.Year);
        w.WriteNumberOrNull("previousYear", rollup.PreviousYear);
        w.WriteNumber("counties", rollup.Counties);
        w.WriteNumber("passing", rollup.Passing);
        w.WriteNumber("failing", rollup.Failing);
        w.WriteNumber("missing", rollup.MissingCount);
        w.WriteNumber("rejected", rollup.RejectedCount);
        w.WriteNumber("processing", rollup.ProcessingCount);
        w.WriteStartObject("passingByDimension");
        foreach (var dim in Fmt.Dimensions)
        {
            w.WriteNumber(Fmt.DimensionKey(dim), rollup.PassingByDimension.TryGetValue(dim, out var n) ? n : 0);
        }

        w.WriteEndObject();
        w.WriteStartArray("rows");
        foreach (var row in rollup.Rows.OrderBy(r => r.Code, StringComparer.Ordinal).ThenBy(r => r.Name, StringComparer.Ordinal))
        {
            WriteRow(w, row);
        }

        w.WriteEndArray();
        RollupTrendsJson.Write(w, rollup);
        w.WriteEndObject();
    }

    private static void WriteRow(Utf8JsonWriter w, RollupRow row)
    {
        var card = row.Card;
        w.WriteStartObject();
        w.WriteString("code", row.Code);
        w.WriteString("name", row.Name);
        w.WriteBoolean("missing", row.Missing);
        w.WriteString("state", StateName(row.State));
        w.WriteStringOrNull("profile", card?.Profile);
        w.WriteStringOrNull("overall", card is null ? null : ScorecardJson.Name(card.Overall));
        w.WriteStartObject("dimensions");
        foreach (var dim in Fmt.Dimensions)
        {
            w.WriteStringOrNull(Fmt.DimensionKey(dim), row.Dimensions.TryGetValue(dim, out var s) ? ScorecardJson.Name(s) : null);
        }

        w.WriteEndObject();
        w.WriteStartObject("levels");
        foreach (var level in new[] { Level.Primary, Level.Junior })
        {
            var name = ScorecardJson.Name(level);
            if (card is null)
            {
                w.WriteNull(name);
                continue;
            }

            var l = card.At(level);
            w.WriteStartObject(name);
            w.WriteString("status", ScorecardJson.Name(l.Status));
            w.WriteNumber("units", l.Units);
            w.WriteNumber("pupils", l.Pupils);
            w.WriteStartObject("cvs");
            foreach (var id in l.Cvs.Keys.Order(StringComparer.Ordinal))
            {
                w.WriteNumberOrNull(id, l.Cvs[id]);
            }

            w.WriteEndObject();
            w.WriteNumberOrNull("compositeCv", l.CompositeCv);
            w.WriteNumberOrNull("schoolsPassing", l.SchoolsPassing);
            w.WriteEndObject();
        }

        w.WriteEndObject();
        w.WriteNumberOrNull("score", row.Score);
        w.WriteNumberOrNull("rank", row.Rank);
        if (row.Previous is { } p)
        {
            w.WriteStartObject("previous");
            w.WriteNumberOrNull("score", p.Score);
            w.WriteNumberOrNull("rank", p.Rank);
            w.WriteNumberOrNull("scoreDelta", p.ScoreDelta);
            w.WriteNumberOrNull("rankDelta", p.RankDelta);
            w.WriteString("overall", ScorecardJson.Name(p.Overall));
            w.WriteStartObject("cvDeltas");
            foreach (var key in p.CvDeltas.Keys.Order(StringComparer.Ordinal))
            {
                w.WriteNumberOrNull(key, p.CvDeltas[key]);
            }

            w.WriteEndObject();
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("previous");
        }

        w.WriteStartArray("checks");
        foreach (var (id, status) in card?.Checks ?? [])
        {
            w.WriteStartObject();
            w.WriteString("id", id);
            w.WriteString("status", ScorecardJson.Name(status));
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>The contract's name of a county's state in the rollup.</summary>
    public static string StateName(CountyState state) => Names.CountyStates.Key(state);
}
