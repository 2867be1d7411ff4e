using System.Globalization;
using System.Text;
using Metrics.Core.Model;

namespace Metrics.Excel.Schema;

/// <summary>
/// Normalization used to match what counties type against the catalog: NFKC (full-width → ASCII,
/// <c>m²</c> → <c>m2</c>), lower case, no spaces, underscores, hyphens or middle dots, and no trailing
/// unit in parentheses. <c>"在校生数·小学（人）"</c>, <c>"Students Primary"</c> and <c>"students_primary"</c>
/// normalize to the keys of their field.
/// </summary>
public static class TextNormalizer
{
    /// <summary>Matching key of a header, sheet name, enum label or key.</summary>
    public static string Key(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var s = Nfkc(text).Trim();
        s = StripTrailingParentheses(s);
        // Most text is its own key already (a Chinese label or value, a lower-case key): it is then returned
        // as it is rather than rebuilt, which the reader did for every header, choice and example-row cell.
        var kept = 0;
        while (kept < s.Length && !Dropped(s[kept]) && char.ToLowerInvariant(s[kept]) == s[kept])
        {
            kept++;
        }

        if (kept == s.Length)
        {
            return s;
        }

        var sb = new StringBuilder(s.Length);
        foreach (var ch in s)
        {
            if (Dropped(ch))
            {
                continue;
            }

            sb.Append(char.ToLowerInvariant(ch));
        }

        return sb.ToString();
    }

    /// <summary>NFKC plus trim: the form in which a county's text value is parsed.</summary>
    public static string Clean(string? text) =>
        string.IsNullOrEmpty(text) ? string.Empty : Nfkc(text).Trim().Trim('\u200B', '\uFEFF').Trim();

    private static bool Dropped(char ch) =>
        char.IsWhiteSpace(ch) || ch is '_' or '-' or '·' or '・' or '•' or '.' or '*' or '\u00A0' or '\u200B' or '\uFEFF';

    /// <summary>The NFKC form; the text itself when it is plainly in that form already (Normalize would copy it).</summary>
    private static string Nfkc(string text) => IsPlainlyNfkc(text) ? text : text.Normalize(NormalizationForm.FormKC);

    /// <summary>
    /// Whether every character is ASCII or a CJK unified ideograph (U+3400–4DBF, U+4E00–9FFF): none of them has a
    /// compatibility or canonical decomposition and none combines, so such text is its own NFKC form. Anything
    /// else (full-width forms, punctuation, combining marks) goes through Normalize.
    /// </summary>
    private static bool IsPlainlyNfkc(string text)
    {
        foreach (var ch in text)
        {
            if (ch >= 0x80 && ch is not ((>= '\u3400' and <= '\u4DBF') or (>= '\u4E00' and <= '\u9FFF')))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Display width in Excel character units (<see cref="TextWidth"/>: CJK and other wide characters count double).</summary>
    public static int DisplayWidth(string text) => TextWidth.Columns(text);

    private static string StripTrailingParentheses(string s)
    {
        while (s.EndsWith(')'))
        {
            var open = s.LastIndexOf('(');
            if (open <= 0)
            {
                break;
            }

            s = s[..open].TrimEnd();
        }

        return s;
    }

    /// <summary>Converts a 0-based column index to its letters (0 → A, 26 → AA).</summary>
    public static string ColumnLetters(int index)
    {
        var n = index + 1;
        var sb = new StringBuilder();
        while (n > 0)
        {
            var rem = (n - 1) % 26;
            sb.Insert(0, (char)('A' + rem));
            n = (n - 1) / 26;
        }

        return sb.ToString();
    }

    /// <summary>Converts column letters to a 0-based index (A → 0), or -1 when not letters.</summary>
    public static int ColumnIndex(string letters)
    {
        var n = 0;
        foreach (var ch in letters)
        {
            var c = char.ToUpperInvariant(ch);
            if (c is < 'A' or > 'Z')
            {
                return -1;
            }

            n = checked((n * 26) + (c - 'A' + 1));
        }

        return n - 1;
    }

    /// <summary>A1 reference from a 0-based column index and a 1-based row.</summary>
    public static string A1(int columnIndex, int row) =>
        ColumnLetters(columnIndex) + row.ToString(CultureInfo.InvariantCulture);
}
