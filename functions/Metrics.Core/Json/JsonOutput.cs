using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;

namespace Metrics.Core.Json;

/// <summary>
/// How every JSON document of the product is written: Chinese stays readable, HTML-sensitive
/// characters (&lt; &gt; &amp; ') are still escaped, numbers are shortest round-trip, a value that
/// is absent or not finite is <c>null</c>, and every timestamp has one format (<see cref="TimestampFormat"/>).
/// Every writer of the product uses these helpers, so two documents never disagree on any of that.
/// </summary>
public static class JsonOutput
{
    /// <summary>
    /// The one timestamp format of every document: UTC to the millisecond with a <c>Z</c>
    /// (<c>2025-03-01T08:30:00.000Z</c>), the format the scorecard contract has always used.
    /// Sorts as text in time order, and parses back with <see cref="ParseTimestamp"/>.
    /// </summary>
    public const string TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    /// <summary>The encoder: all Unicode ranges unescaped except what is unsafe in HTML.</summary>
    public static JavaScriptEncoder Encoder { get; } = JavaScriptEncoder.Create(UnicodeRanges.All);

    private static readonly JsonWriterOptions Indented = new() { Indented = true, Encoder = Encoder };
    private static readonly JsonWriterOptions Compact = new() { Encoder = Encoder };

    /// <summary>The bytes of the document <paramref name="write"/> writes.</summary>
    public static byte[] Write(Action<Utf8JsonWriter> write, bool indented = true)
    {
        ArgumentNullException.ThrowIfNull(write);

        // One buffer kept per thread: a county's documents are written one after another, and a fresh
        // MemoryStream regrew and copied each of them (the bytes are copied once, into the result).
        // Taken out while in use, so a document written from inside another gets its own.
        var buffer = t_buffer ?? new ArrayBufferWriter<byte>(InitialBuffer);
        t_buffer = null;
        try
        {
            using (var w = new Utf8JsonWriter(buffer, indented ? Indented : Compact))
            {
                write(w);
            }

            return buffer.WrittenSpan.ToArray();
        }
        finally
        {
            // A buffer grown for a very large document (a national rollup) is let go rather than held.
            if (buffer.Capacity <= MaxKeptBuffer)
            {
                buffer.ResetWrittenCount();
                t_buffer = buffer;
            }
        }
    }

    /// <summary>
    /// The compact form of a document this class wrote indented: the bytes its compact writer writes for the same
    /// document. The indented writer only adds line breaks and spaces between tokens (a string's own line breaks
    /// and quotes are escaped), so dropping whitespace outside strings is exact. Returns the length written to
    /// <paramref name="into"/>, which must be at least as long as <paramref name="indented"/>.
    /// </summary>
    public static int Unindent(ReadOnlySpan<byte> indented, Span<byte> into)
    {
        if (into.Length < indented.Length)
        {
            throw new ArgumentException("The target is shorter than the document.", nameof(into));
        }

        // Runs are found with vectorised searches and copied whole: a byte at a time, this was 1 % of an ingest's CPU.
        var n = 0;
        var i = 0;
        while (i < indented.Length)
        {
            var rest = indented[i..];
            var stop = rest.IndexOfAny(QuoteOrSpace);
            if (stop < 0)
            {
                rest.CopyTo(into[n..]);
                n += rest.Length;
                break;
            }

            rest[..stop].CopyTo(into[n..]);
            n += stop;
            i += stop;
            if (indented[i] != (byte)'"')
            {
                var text = indented[i..].IndexOfAnyExcept(Space);
                i = text < 0 ? indented.Length : i + text;
                continue;
            }

            // A string, quotes included, copied as it is; an escaped character never ends it.
            var end = i + 1;
            while (end < indented.Length)
            {
                var k = indented[end..].IndexOfAny((byte)'"', (byte)'\\');
                if (k < 0)
                {
                    end = indented.Length;
                    break;
                }

                end += k;
                if (indented[end] == (byte)'"')
                {
                    end++;
                    break;
                }

                end = Math.Min(end + 2, indented.Length);
            }

            indented[i..end].CopyTo(into[n..]);
            n += end - i;
            i = end;
        }

        return n;
    }

    private static readonly SearchValues<byte> QuoteOrSpace = SearchValues.Create("\" \n\r\t"u8);

    private static readonly SearchValues<byte> Space = SearchValues.Create(" \n\r\t"u8);

    private const int InitialBuffer = 64 * 1024;

    private const int MaxKeptBuffer = 4 * 1024 * 1024;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    /// <summary><paramref name="instant"/> in <see cref="TimestampFormat"/>.</summary>
    public static string Timestamp(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString(TimestampFormat, CultureInfo.InvariantCulture);

    /// <summary>
    /// Reads a timestamp back. Also accepts the other ISO 8601 forms older documents hold (no
    /// fraction, seven digits, an offset); a time without an offset is taken as UTC.
    /// </summary>
    public static DateTimeOffset ParseTimestamp(string text) =>
        DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    /// <summary>Writes <paramref name="instant"/> in <see cref="TimestampFormat"/>.</summary>
    public static void WriteTimestamp(this Utf8JsonWriter w, string name, DateTimeOffset instant) =>
        w.WriteString(name, Timestamp(instant));

    /// <summary>A number, or null when absent or not finite (JSON has no NaN or infinity).</summary>
    public static void WriteNumberOrNull(this Utf8JsonWriter w, string name, double? value)
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

    /// <summary>A whole number, or null when absent.</summary>
    public static void WriteNumberOrNull(this Utf8JsonWriter w, string name, long? value)
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

    /// <summary>A string, or null when absent.</summary>
    public static void WriteStringOrNull(this Utf8JsonWriter w, string name, string? value)
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

    /// <summary>An array of strings in the given order.</summary>
    public static void WriteStrings(this Utf8JsonWriter w, string name, IEnumerable<string> items)
    {
        w.WriteStartArray(name);
        foreach (var s in items)
        {
            w.WriteStringValue(s);
        }

        w.WriteEndArray();
    }

    /// <summary>An object of numbers in ordinal key order, so the same map always gives the same bytes.</summary>
    public static void WriteMap(this Utf8JsonWriter w, string name, IReadOnlyDictionary<string, double> map)
    {
        w.WriteStartObject(name);
        foreach (var key in map.Keys.Order(StringComparer.Ordinal))
        {
            w.WriteNumber(key, map[key]);
        }

        w.WriteEndObject();
    }

    /// <summary>An object of numbers or nulls in ordinal key order.</summary>
    public static void WriteMap(this Utf8JsonWriter w, string name, IReadOnlyDictionary<string, double?> map)
    {
        w.WriteStartObject(name);
        foreach (var key in map.Keys.Order(StringComparer.Ordinal))
        {
            w.WriteNumberOrNull(key, map[key]);
        }

        w.WriteEndObject();
    }
}
