using System.Buffers;
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

    public static byte[] Serialize(CountySubmission input, Scorecard card) => Serialize(input, card, default);

    /// <param name="scorecardJson">
    /// The card's scorecard.json as <see cref="ScorecardJson.Serialize"/> wrote it, when the caller has it (ingest
    /// does): its indentation is taken out instead of writing the scorecard a second time, which was half the
    /// cost of this document. Empty: the scorecard is written here.
    /// </param>
    public static byte[] Serialize(CountySubmission input, Scorecard card, ReadOnlySpan<byte> scorecardJson)
    {
        byte[]? compact = null;
        var length = 0;
        if (!scorecardJson.IsEmpty)
        {
            compact = ArrayPool<byte>.Shared.Rent(scorecardJson.Length);
            length = JsonOutput.Unindent(scorecardJson, compact);
        }

        try
        {
            return JsonOutput.Write(
                w =>
                {
                    w.WriteStartObject();
                    w.WriteNumber("schemaVersion", SchemaVersion);
                    w.WritePropertyName("scorecard");
                    if (compact is null)
                    {
                        ScorecardJson.Write(w, card);
                    }
                    else
                    {
                        // Our own writer's bytes, valid by construction: not parsed again.
                        w.WriteRawValue(compact.AsSpan(0, length), skipInputValidation: true);
                    }

                    w.WritePropertyName("input");
                    JsonSerializer.Serialize(w, input, InputInfo);
                    w.WriteEndObject();
                },
                indented: false);
        }
        finally
        {
            if (compact is not null)
            {
                ArrayPool<byte>.Shared.Return(compact);
            }
        }
    }

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
