using System.Buffers;
using System.Globalization;
using System.Text;
using Metrics.Reports.Text;

namespace Metrics.Reports.Html;

/// <summary>
/// An HTML page written straight as UTF-8 (what is stored) into one pooled buffer. Building the page
/// in a StringBuilder and encoding it afterwards held every page three times over (UTF-16 chunks, the
/// encoded bytes and their copy); numbers are formatted into the buffer without a string each.
/// </summary>
/// <remarks>
/// Text is appended as whole strings or spans, never char by char across a surrogate pair, so a
/// lone surrogate becomes U+FFFD as the UTF-8 encoder of the builder made it.
/// Dispose returns the buffer to the pool; a writer that is not disposed only costs the pool one array.
/// </remarks>
internal sealed class PageWriter : IDisposable
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    private byte[] buffer;
    private int length;

    public PageWriter(int capacity) => buffer = ArrayPool<byte>.Shared.Rent(Math.Max(capacity, 256));

    /// <summary>Bytes written so far.</summary>
    public int Length => length;

    /// <summary>The bytes written so far (valid until the next append).</summary>
    public ReadOnlySpan<byte> WrittenSpan => buffer.AsSpan(0, length);

    public PageWriter Append(string? text) => text is null ? this : Append(text.AsSpan());

    public PageWriter Append(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty)
        {
            return this;
        }

        // Up to 3 bytes a UTF-16 unit (a surrogate pair is 4 bytes for 2 units).
        Ensure(text.Length * 3);
        length += Utf8.GetBytes(text, buffer.AsSpan(length));
        return this;
    }

    /// <summary>Bytes already UTF-8, e.g. a <c>"…"u8</c> literal.</summary>
    public PageWriter Append(ReadOnlySpan<byte> utf8)
    {
        Ensure(utf8.Length);
        utf8.CopyTo(buffer.AsSpan(length));
        length += utf8.Length;
        return this;
    }

    public PageWriter Append(char c)
    {
        if (c < 0x80)
        {
            Ensure(1);
            buffer[length++] = (byte)c;
            return this;
        }

        return Append(new ReadOnlySpan<char>(in c));
    }

    /// <summary>An integer, invariant, no grouping.</summary>
    public PageWriter Append(long value) => AppendFormatted(value, default, CultureInfo.InvariantCulture);

    /// <summary>A value formatted straight into the page as UTF-8.</summary>
    public PageWriter AppendFormatted<T>(T value, ReadOnlySpan<char> format, IFormatProvider provider)
        where T : IUtf8SpanFormattable
    {
        var room = 64;
        while (true)
        {
            Ensure(room);
            if (value.TryFormat(buffer.AsSpan(length), out var written, format, provider))
            {
                length += written;
                return this;
            }

            room = buffer.Length - length + 1;
        }
    }

    /// <summary>What <see cref="Fmt.Number"/> returns, without the string.</summary>
    public PageWriter AppendNumber(double? value, int decimals)
    {
        if (value is not { } v || !double.IsFinite(v))
        {
            return Append(Fmt.Undefined);
        }

        Ensure(Fmt.MaxNumberBytes);
        length += Fmt.FormatNumber(v, decimals, buffer.AsSpan(length));
        return this;
    }

    /// <summary>What <see cref="Fmt.Percent"/> returns (one decimal and "%", or the dash), without the string.</summary>
    public PageWriter AppendPercent(double? fraction) =>
        fraction is { } v && double.IsFinite(v) ? AppendNumber(v * 100, 1).Append('%') : Append(Fmt.Undefined);

    /// <summary>What <see cref="Fmt.Full"/> returns (the round-trip form; nothing for null), without the string.</summary>
    public PageWriter AppendFull(double? value)
    {
        if (value is { } v && double.IsFinite(v))
        {
            Ensure(Fmt.MaxNumberBytes);
            length += Fmt.FormatFull(v, buffer.AsSpan(length));
        }

        return this;
    }

    /// <summary>What <see cref="Fmt.Integer"/> returns, without the string.</summary>
    public PageWriter AppendInteger(double value)
    {
        Ensure(Fmt.MaxNumberBytes);
        length += Fmt.FormatInteger(value, buffer.AsSpan(length));
        return this;
    }

    /// <summary>An SVG coordinate (<see cref="Svg.FormatCoordinate"/>).</summary>
    public PageWriter AppendCoordinate(double value)
    {
        Ensure(Svg.MaxCoordinateBytes);
        length += Svg.FormatCoordinate(value, buffer.AsSpan(length));
        return this;
    }

    /// <summary>The page as an array of its exact length.</summary>
    public byte[] ToArray()
    {
        // Every byte is copied over: no need to clear the (large object heap) array first.
        var page = GC.AllocateUninitializedArray<byte>(length);
        buffer.AsSpan(0, length).CopyTo(page);
        return page;
    }

    /// <summary>The page in the writer's own buffer, which goes with it: the writer is empty afterwards.</summary>
    public PooledBytes Detach()
    {
        var page = new PooledBytes(buffer, length);
        buffer = [];
        length = 0;
        return page;
    }

    /// <summary>The page as text (for callers that want a string, e.g. tests and plan.html).</summary>
    public override string ToString() => Utf8.GetString(buffer, 0, length);

    public void Dispose()
    {
        var b = buffer;
        buffer = [];
        length = 0;
        if (b.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(b);
        }
    }

    private void Ensure(int count)
    {
        if (buffer.Length - length >= count)
        {
            return;
        }

        var grown = ArrayPool<byte>.Shared.Rent(Math.Max(buffer.Length * 2, length + count));
        buffer.AsSpan(0, length).CopyTo(grown);
        var old = buffer;
        buffer = grown;
        if (old.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(old);
        }
    }
}
