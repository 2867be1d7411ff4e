using System.Globalization;
using System.Text.RegularExpressions;
using Metrics.Excel.Schema;

namespace Metrics.Excel.Reading;

/// <summary>
/// Turns what a county typed into numbers and text: numbers stored as text, full-width digits
/// (NFKC), thousands separators (<c>1,234</c>, <c>1 234</c>), a trailing unit matching the field, and
/// <c>%</c> on percent fields. Never uses the server's culture.
/// </summary>
internal static partial class CellValues
{
    /// <summary>Outcome of parsing a number.</summary>
    public enum NumberStatus
    {
        Ok,
        NotANumber,
        LooksLikeDate,
    }

    /// <summary>Text of a cell as typed: strings trimmed (NFKC), numbers in invariant shortest form.</summary>
    public static string AsText(object value) => value switch
    {
        string s => s.Trim(),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "TRUE" : "FALSE",
        DateTime dt => dt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    /// <summary>Whether the value is empty (absent or blank text).</summary>
    public static bool IsEmpty(object? value) => value is null || (value is string s && TextNormalizer.Clean(s).Length == 0);

    /// <summary>Parses a number; <paramref name="hadPercentSign"/> tells whether text ended in %.</summary>
    public static NumberStatus TryNumber(object value, string? unit, out double number, out bool hadPercentSign)
    {
        number = 0;
        hadPercentSign = false;
        switch (value)
        {
            case double d:
                number = d;
                return double.IsFinite(d) ? NumberStatus.Ok : NumberStatus.NotANumber;
            case DateTime:
                return NumberStatus.LooksLikeDate;
            case bool:
                return NumberStatus.NotANumber;
            case string s:
                return ParseText(s, unit, out number, out hadPercentSign);
            default:
                return ParseText(AsText(value), unit, out number, out hadPercentSign);
        }
    }

    private static NumberStatus ParseText(string raw, string? unit, out double number, out bool hadPercentSign)
    {
        number = 0;
        hadPercentSign = false;
        var s = TextNormalizer.Clean(raw).Replace('\u2212', '-').Replace('\u2013', '-');
        if (unit is not null)
        {
            var u = TextNormalizer.Clean(unit);
            if (u != "%" && s.EndsWith(u, StringComparison.OrdinalIgnoreCase) && u.Length < s.Length)
            {
                s = s[..^u.Length].TrimEnd();
            }
        }

        if (s.EndsWith('%'))
        {
            hadPercentSign = true;
            s = s[..^1].TrimEnd();
        }

        if (GroupedComma().IsMatch(s))
        {
            s = s.Replace(",", string.Empty, StringComparison.Ordinal);
        }
        else if (GroupedSpace().IsMatch(s))
        {
            s = s.Replace(" ", string.Empty, StringComparison.Ordinal);
        }

        if (!PlainNumber().IsMatch(s))
        {
            return NumberStatus.NotANumber;
        }

        if (!double.TryParse(s, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out number)
            || !double.IsFinite(number))
        {
            return NumberStatus.NotANumber;
        }

        return NumberStatus.Ok;
    }

    [GeneratedRegex(@"^[+-]?[0-9]{1,3}(,[0-9]{3})+(\.[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex GroupedComma();

    [GeneratedRegex(@"^[+-]?[0-9]{1,3}( [0-9]{3})+(\.[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex GroupedSpace();

    [GeneratedRegex(@"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex PlainNumber();

    /// <summary>Shows a value in a message: numbers invariant, text quoted and cut to 40 characters.</summary>
    public static string Show(object? value)
    {
        if (value is null)
        {
            return "(空)";
        }

        var t = AsText(value);
        if (t.Length > 40)
        {
            t = t[..40] + "…";
        }

        return value is string ? $"“{t}”" : t;
    }

    public static string Num(double d) => d.ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>
    /// The error values Excel and WPS store in a cell (<c>t="e"</c>) or show for a failed formula. A value
    /// like this in a name or number cell is never what the county meant.
    /// </summary>
    private static readonly HashSet<string> ErrorValues = new(StringComparer.OrdinalIgnoreCase)
    {
        "#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA",
        "#SPILL!", "#CALC!", "#FIELD!", "#BLOCKED!", "#CONNECT!", "#BUSY!", "#UNKNOWN!",
    };

    /// <summary>Whether the text is an Excel error value such as <c>#REF!</c> or <c>#N/A</c>.</summary>
    public static bool IsErrorValue(string text)
    {
        var t = text.Trim();
        return t.Length is > 1 and < 16 && t[0] == '#' && ErrorValues.Contains(t);
    }

    /// <summary>
    /// The first character a name or code must not hold, with its 1-based position (in code points):
    /// control characters (NUL, ESC, line breaks, C1), bidirectional marks, embeddings, overrides and
    /// isolates (U+200E/F, U+202A–E, U+2066–9, U+061C: they reorder how text is displayed, e.g. a
    /// right-to-left override makes “exe.txt” show as “txt.exe”), noncharacters and lone surrogates.
    /// Emoji and other printable characters, including the zero-width joiner inside emoji, are fine.
    /// </summary>
    public static (int Position, int Value)? FirstForbidden(string text)
    {
        var position = 0;
        for (var i = 0; i < text.Length; i++)
        {
            position++;
            int value = text[i];
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                value = char.ConvertToUtf32(text[i], text[i + 1]);
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return (position, value);
            }

            var forbidden = value < 0x20 || value is >= 0x7F and <= 0x9F
                || value is 0x061C or 0x200E or 0x200F or (>= 0x202A and <= 0x202E) or (>= 0x2066 and <= 0x2069)
                || (value & 0xFFFE) == 0xFFFE;
            if (forbidden)
            {
                return (position, value);
            }
        }

        return null;
    }

    /// <summary>Length in Unicode code points (an emoji counts as one character, as people count).</summary>
    public static int Characters(string text)
    {
        var n = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (!(char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])))
            {
                n++;
            }
        }

        return n;
    }
}
