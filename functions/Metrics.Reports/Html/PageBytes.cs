using System.Buffers;
using System.Text;

namespace Metrics.Reports.Html;

/// <summary>
/// A page built in a <see cref="StringBuilder"/> as UTF-8, encoded straight from the builder's
/// chunks: <c>ToString()</c> and encoding that string made two more copies of every page (a
/// scorecard page is a few MB of characters, a national rollup page about 11 MB).
/// </summary>
internal static class PageBytes
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public static ArrayBufferWriter<byte> Encode(StringBuilder page)
    {
        var encoder = Utf8.GetEncoder();
        var bytes = new ArrayBufferWriter<byte>(page.Length + (page.Length / 8) + 16);
        foreach (var chunk in page.GetChunks())
        {
            var chars = chunk.Span;
            while (true)
            {
                var target = bytes.GetSpan(Math.Min(chars.Length, 64 * 1024) * 3 + 4);
                encoder.Convert(chars, target, flush: false, out var used, out var written, out var completed);
                bytes.Advance(written);
                chars = chars[used..];
                if (completed)
                {
                    break;
                }
            }
        }

        encoder.Convert(ReadOnlySpan<char>.Empty, bytes.GetSpan(8), flush: true, out _, out var last, out _);
        bytes.Advance(last);
        return bytes;
    }
}
