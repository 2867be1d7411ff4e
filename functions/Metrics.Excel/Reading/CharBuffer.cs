namespace Metrics.Excel.Reading;

/// <summary>
/// A growable character buffer that <see cref="SheetXml"/> decodes attribute values and element text into,
/// so that short values parsed on the spot (cell references, style indexes, numbers) cost no string.
/// </summary>
internal sealed class CharBuffer
{
    private char[] _chars = new char[64];
    private int _length;

    /// <summary>The characters held.</summary>
    public ReadOnlySpan<char> Span => _chars.AsSpan(0, _length);

    public int Length => _length;

    public void Clear() => _length = 0;

    /// <summary>Drops the characters from <paramref name="length"/> on.</summary>
    public void Truncate(int length) => _length = Math.Min(_length, length);

    public void Append(char c)
    {
        if (_length == _chars.Length)
        {
            Array.Resize(ref _chars, _chars.Length * 2);
        }

        _chars[_length++] = c;
    }

    public void Append(ReadOnlySpan<char> chars)
    {
        chars.CopyTo(Reserve(chars.Length));
        _length += chars.Length;
    }

    /// <summary>Room for at least <paramref name="count"/> more characters, to be committed with <see cref="Advance"/>.</summary>
    public Span<char> Reserve(int count)
    {
        if (_chars.Length - _length < count)
        {
            Array.Resize(ref _chars, Math.Max(_chars.Length * 2, _length + count));
        }

        return _chars.AsSpan(_length);
    }

    public void Advance(int count) => _length += count;

    public override string ToString() => new(Span);
}
