using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;

namespace Metrics.Core.Json;

/// <summary>
/// How every JSON document of the product is written: Chinese stays readable, HTML-sensitive
/// characters (&lt; &gt; &amp; ') are still escaped, numbers are shortest round-trip.
/// </summary>
public static class JsonOutput
{
    /// <summary>The encoder: all Unicode ranges unescaped except what is unsafe in HTML.</summary>
    public static JavaScriptEncoder Encoder { get; } = JavaScriptEncoder.Create(UnicodeRanges.All);

    private static readonly JsonWriterOptions Indented = new() { Indented = true, Encoder = Encoder };
    private static readonly JsonWriterOptions Compact = new() { Encoder = Encoder };

    /// <summary>The bytes of the document <paramref name="write"/> writes.</summary>
    public static byte[] Write(Action<Utf8JsonWriter> write, bool indented = true)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, indented ? Indented : Compact))
        {
            write(w);
        }

        return buffer.ToArray();
    }
}
