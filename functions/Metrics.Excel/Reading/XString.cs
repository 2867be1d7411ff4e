using System.Globalization;

namespace Metrics.Excel.Reading;

/// <summary>
/// The escaping of OOXML string content (ST_Xstring): a character XML cannot carry, such as a control
/// character or half of a surrogate pair, is written as <c>_xHHHH_</c>, and a literal <c>_x</c> that would
/// read as an escape is itself written as <c>_x005F_x</c>. Excel, LibreOffice and openpyxl all write it,
/// so text must be unescaped to be what the county typed (an emoji, or the control character that
/// validation must then reject at its cell).
/// </summary>
internal static class XString
{
    public static string Unescape(string s)
    {
        var at = s.IndexOf("_x", StringComparison.Ordinal);
        if (at < 0)
        {
            return s;
        }

        var sb = new System.Text.StringBuilder(s.Length);
        var from = 0;
        while (at >= 0)
        {
            if (at + 7 <= s.Length && s[at + 6] == '_'
                && ushort.TryParse(s.AsSpan(at + 2, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
            {
                sb.Append(s, from, at - from).Append((char)code);
                from = at + 7;
                at = s.IndexOf("_x", from, StringComparison.Ordinal);
            }
            else
            {
                at = s.IndexOf("_x", at + 1, StringComparison.Ordinal);
            }
        }

        return sb.Append(s, from, s.Length - from).ToString();
    }
}
