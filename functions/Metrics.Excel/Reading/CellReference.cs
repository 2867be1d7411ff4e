namespace Metrics.Excel.Reading;

/// <summary>
/// The parts of an A1 cell reference (<c>r="AB123"</c>), read from the characters without making a string.
/// Lenient as Excel's own files need: letters in either case, and past XFD or a billion rows the number
/// saturates instead of overflowing (the reader's caps then turn the cell away).
/// </summary>
internal static class CellReference
{
    private const int MaxColumnNumber = 1 << 20;
    private const int MaxRowNumber = 1 << 24;

    /// <summary>The 0-based column of the leading letters (<c>A</c> → 0, <c>xfd</c> → 16 383).</summary>
    /// <exception cref="FormatException">The reference does not start with a letter.</exception>
    public static int Column(ReadOnlySpan<char> reference)
    {
        var n = 0;
        var i = 0;
        for (; i < reference.Length; i++)
        {
            var c = reference[i] | 0x20;
            if (c is < 'a' or > 'z')
            {
                break;
            }

            n = Math.Min((n * 26) + (c - 'a' + 1), MaxColumnNumber);
        }

        return i == 0 ? throw new FormatException("cell reference without a column") : n - 1;
    }

    /// <summary>The 1-based row: the reference's digits, or <paramref name="fallback"/> when it has none.</summary>
    public static int Row(ReadOnlySpan<char> reference, int fallback)
    {
        var n = 0;
        var any = false;
        foreach (var ch in reference)
        {
            if (ch is >= '0' and <= '9')
            {
                n = Math.Min((n * 10) + (ch - '0'), MaxRowNumber);
                any = true;
            }
        }

        return any ? n : fallback;
    }
}
