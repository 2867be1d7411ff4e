namespace Metrics.Core.Model;

/// <summary>
/// How many columns a text takes in a grid of fixed-width cells (a spreadsheet column, a terminal):
/// East Asian wide and full-width characters (Chinese, Japanese, Hangul, full-width forms) and
/// characters outside the Basic Multilingual Plane (emoji, rare Han) take two, everything else one.
/// A text of several lines is as wide as its widest line. The one rule for every column width the
/// product sets.
/// </summary>
public static class TextWidth
{
    public static int Columns(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var widest = 0;
        var line = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\n')
            {
                widest = Math.Max(widest, line);
                line = 0;
            }
            else if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                line += 2;
                i++;
            }
            else
            {
                line += IsWide(c) ? 2 : 1;
            }
        }

        return Math.Max(widest, line);
    }

    private static bool IsWide(char c) =>
        c is (>= '\u1100' and <= '\u115F') or (>= '\u2E80' and <= '\uA4CF') or (>= '\uAC00' and <= '\uD7A3')
            or (>= '\uF900' and <= '\uFAFF') or (>= '\uFE30' and <= '\uFE4F') or (>= '\uFF00' and <= '\uFF60')
            or (>= '\uFFE0' and <= '\uFFE6');
}
