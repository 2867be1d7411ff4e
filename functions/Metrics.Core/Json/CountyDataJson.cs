using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Metrics.Core.Model;
using Metrics.Core.Rollup;
using Metrics.Core.Scoring;

namespace Metrics.Core.Json;

/// <summary>A county-data document read back: the normalised input and what rollups need of the results.</summary>
public sealed record CountyData(CountySubmission Input, ScorecardSummary Summary);

/// <summary>
/// The canonical <c>data/{year}/{county}.json</c>: the normalised input and the scorecard in one
/// deterministic document. Rollups read only these files, never the Excel submissions.
/// </summary>
public static class CountyDataJson
{
    public const int SchemaVersion = 1;

    private static readonly JsonSerializerOptions InputOptions = CreateOptions();

    private static readonly JsonTypeInfo<CountySubmission> InputInfo =
        (JsonTypeInfo<CountySubmission>)InputOptions.GetTypeInfo(typeof(CountySubmission));

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            DefaultIgnoreCondition = JsonIgnoreCondition.Never,
            Encoder = JsonOutput.Encoder,
            TypeInfoResolver = CountyDataJsonContext.Default,
        };
        WireEnums.AddTo(options.Converters);
        return options;
    }

    public static byte[] Serialize(CountySubmission input, Scorecard card) => JsonOutput.Write(
        w =>
        {
            w.WriteStartObject();
            w.WriteNumber("schemaVersion", SchemaVersion);
            w.WritePropertyName("scorecard");
            ScorecardJson.Write(w, card);
            w.WritePropertyName("input");
            JsonSerializer.Serialize(w, input, InputInfo);
            w.WriteEndObject();
        },
        indented: false);

    /// <summary>Reads a county-data document; throws <see cref="JsonException"/> when it is not one.</summary>
    public static CountyData Read(ReadOnlyMemory<byte> json)
    {
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        var input = root.GetProperty("input").Deserialize(InputInfo)
            ?? throw new JsonException("County data has no input.");
        return new CountyData(input, SummaryJson.Read(root.GetProperty("scorecard")));
    }

    /// <summary>
    /// Reads the summary of a county data file (cheaper than <see cref="Read"/>: the input is not
    /// materialised) or a stored summary document (<see cref="SummaryJson"/>), whichever it is given.
    /// </summary>
    public static ScorecardSummary ReadSummary(ReadOnlyMemory<byte> json)
    {
        // Stored summaries, what a rollup reads thousands of, take the one-pass reader; anything else the general one.
        if (SummaryJson.TryReadFast(json.Span) is { } summary)
        {
            return summary;
        }

        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        return SummaryJson.Read(root.TryGetProperty("scorecard", out var card) ? card : root);
    }
}

/// <summary>Compile-time JSON metadata of the county data's input (no reflection at start-up; usable natively compiled).</summary>
[JsonSerializable(typeof(CountySubmission))]
internal sealed partial class CountyDataJsonContext : JsonSerializerContext;
