using System.Text.Json;
using Metrics.Core.Json;
using Metrics.Core.Profiles;
using Metrics.Core.Scoring;
using Metrics.TestSupport;

namespace Metrics.Core.Tests.Json;

/// <summary>
/// Ingest builds the county data file's compact scorecard from the scorecard.json it has just written
/// (<see cref="JsonOutput.Unindent"/>) instead of writing the scorecard twice; the file must stay byte for
/// byte what writing it again gives, whatever the strings hold.
/// </summary>
public class CountyDataFromScorecardJsonTests
{
    // Strings where a naive whitespace stripper goes wrong: spaces, colons and commas inside strings,
    // escaped quotes and backslashes (one right before the closing quote), line breaks and tabs (escaped by
    // the writer), control characters, HTML-sensitive characters, full-width punctuation.
    private static readonly string[] Awkward =
    [
        "", " ", "  two  spaces  ", "a \"quoted\" : value, next", "back\\slash\\", "ends with \\", "\\\"",
        "line\nbreak\r\nand\ttab", "\u0001\u001f", "<script>alert('x')</script> & more", "中文 ： 全角，标点", "😀 {[ ]}",
    ];

    [Fact]
    public void Unindent_GivesTheCompactWritersBytes()
    {
        void Document(Utf8JsonWriter w)
        {
            w.WriteStartObject();
            w.WriteStartArray("empty");
            w.WriteEndArray();
            w.WriteStartObject("nothing");
            w.WriteEndObject();
            w.WriteStartArray("strings");
            foreach (var s in Awkward)
            {
                w.WriteStringValue(s);
            }

            w.WriteEndArray();
            foreach (var s in Awkward)
            {
                w.WriteString(s + " key", s);
            }

            w.WriteNumber("tiny", 1e-9);
            w.WriteNumber("negative", -0.5);
            w.WriteNumber("huge", double.MaxValue);
            w.WriteNull("none");
            w.WriteBoolean("yes", true);
            w.WriteStartArray("nested");
            w.WriteStartArray();
            w.WriteNumberValue(1);
            w.WriteStartObject();
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndArray();
            w.WriteEndObject();
        }

        var indented = JsonOutput.Write(Document, indented: true);
        var compact = JsonOutput.Write(Document, indented: false);
        var into = new byte[indented.Length];

        var n = JsonOutput.Unindent(indented, into);

        Assert.True(indented.Length > compact.Length); // there was indentation to take out
        Assert.Equal(compact, into.AsSpan(0, n).ToArray());
    }

    // The product's encoder writes a quote inside a string as \u0022, but a plain \" must not end the string either.
    [Theory]
    [InlineData("{\n  \"a\": \"x\\\" : y, z\"\n}", "{\"a\":\"x\\\" : y, z\"}")]
    [InlineData("[\n  \"\\\\\",\n  \" \"\n]", "[\"\\\\\",\" \"]")]
    [InlineData("{\r\n  \"k\": [\r\n    1,\r\n    2\r\n  ]\r\n}", "{\"k\":[1,2]}")]
    public void Unindent_HandWritten(string indented, string compact)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(indented);
        var into = new byte[bytes.Length];

        var n = JsonOutput.Unindent(bytes, into);

        Assert.Equal(compact, System.Text.Encoding.UTF8.GetString(into, 0, n));
    }

    // The search-and-copy version against the byte-at-a-time loop it replaced, on inputs of the bytes that matter
    // (quotes, backslashes, every kind of white space, CJK) in every order, malformed ones included: an unclosed
    // string, a backslash as the last byte, runs longer than a vector. Both must give the same bytes.
    [Fact]
    public void Unindent_SameBytesAsTheByteLoop_OnRandomInput()
    {
        byte[] alphabet = [(byte)'"', (byte)'\\', (byte)' ', (byte)'\n', (byte)'\r', (byte)'\t', (byte)'a', (byte)':', (byte)'{', 0xE4, 0xB8, 0xAD];
        var random = new Random(20261202);
        for (var round = 0; round < 5000; round++)
        {
            var input = new byte[random.Next(0, round % 50 == 0 ? 600 : 90)];
            var symbols = random.Next(2, alphabet.Length + 1); // sometimes only the first few, so long runs of one kind occur
            for (var i = 0; i < input.Length; i++)
            {
                input[i] = alphabet[random.Next(symbols)];
            }

            var expected = new byte[input.Length];
            var m = ByteLoop(input, expected);
            var actual = new byte[input.Length];
            var n = JsonOutput.Unindent(input, actual);

            Assert.Equal(expected.AsSpan(0, m).ToArray(), actual.AsSpan(0, n).ToArray());
        }
    }

    private static int ByteLoop(ReadOnlySpan<byte> indented, Span<byte> into)
    {
        var n = 0;
        var inString = false;
        for (var i = 0; i < indented.Length; i++)
        {
            var b = indented[i];
            if (inString)
            {
                into[n++] = b;
                if (b == (byte)'\\' && i + 1 < indented.Length)
                {
                    into[n++] = indented[++i];
                }
                else if (b == (byte)'"')
                {
                    inString = false;
                }
            }
            else if (b == (byte)'"')
            {
                inString = true;
                into[n++] = b;
            }
            else if (b is not ((byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t'))
            {
                into[n++] = b;
            }
        }

        return n;
    }

    [Theory]
    [InlineData("quality-2017")]
    [InlineData("basic-2012")]
    public void CountyData_FromScorecardJson_SameBytesAsWritingTheScorecardAgain(string profile)
    {
        var schools = Awkward.Select((name, i) => Schools.Primary("P" + i, 100 + (37 * i)) with { Name = "小学" + name })
            .Append(Schools.Junior("J", 400) with { Name = "中学 \"一\" \\ 二" })
            .ToArray();
        var submission = Schools.Submission(schools) with { County = Schools.County(profile) with { Name = "长安 \"区\"\\" } };
        var card = CountyScorer.Score(submission, ProfileCatalog.Default.Get(profile));
        var scorecardJson = ScorecardJson.Serialize(card);

        var fromJson = CountyDataJson.Serialize(submission, card, scorecardJson);

        Assert.Equal(CountyDataJson.Serialize(submission, card), fromJson);
        using var doc = JsonDocument.Parse(fromJson);
        Assert.Equal("长安 \"区\"\\", doc.RootElement.GetProperty("scorecard").GetProperty("county").GetProperty("name").GetString());
    }
}
