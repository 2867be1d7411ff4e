using System.Buffers;
using System.Text;
using Metrics.Reports.Text;

namespace Metrics.Reports.Html;

/// <summary>
/// The one escaping rule of the HTML reports and a few element helpers built on it. Every string
/// that is not a literal of this assembly goes through <see cref="Escape"/>: county and school
/// names, codes, messages, and catalog names alike.
/// </summary>
internal static class Markup
{
    /// <summary>
    /// Escapes text for element content and quoted attribute values: &amp; &lt; &gt; &quot; &#39;.
    /// C0 control characters other than tab, line feed and carriage return become U+FFFD.
    /// </summary>
    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        if (text.AsSpan().IndexOfAny(ToEscape) < 0)
        {
            return text;
        }

        return AppendEscapedChars(new StringBuilder(text.Length + 16), text).ToString();
    }

    /// <summary>Appends <paramref name="text"/> escaped as <see cref="Escape"/> does, without an intermediate string.</summary>
    public static PageWriter AppendEscaped(PageWriter page, string? text) => AppendEscaped(page, text.AsSpan());

    /// <summary>Appends <paramref name="text"/> escaped: the runs between characters to escape are written whole.</summary>
    public static PageWriter AppendEscaped(PageWriter page, ReadOnlySpan<char> text)
    {
        while (true)
        {
            var i = text.IndexOfAny(ToEscape);
            if (i < 0)
            {
                return page.Append(text);
            }

            page.Append(text[..i]);
            page.Append(text[i] switch
            {
                '&' => "&amp;"u8,
                '<' => "&lt;"u8,
                '>' => "&gt;"u8,
                '"' => "&quot;"u8,
                '\'' => "&#39;"u8,
                _ => "\uFFFD"u8,
            });
            text = text[(i + 1)..];
        }
    }

    /// <summary>
    /// Appends what <see cref="Keyed"/> returns, for a key given in parts (escaping is per character, so the
    /// parts escaped one after another equal the joined key escaped): the school table holds thousands of these.
    /// </summary>
    public static PageWriter AppendKeyed(PageWriter sb, string keyHead, string keyMiddle, string keyTail, string dataValue, string shown, string cssClass)
    {
        AppendKeyedOpen(sb, cssClass, keyHead, keyMiddle, keyTail, dataValue);
        AppendEscaped(sb, shown);
        return sb.Append("</span>"u8);
    }

    /// <summary>
    /// The opening tag of a keyed span, <c>&lt;span class="…" data-key="…" data-value="…"&gt;</c>, for a key
    /// given in parts; the class is <paramref name="classPrefix"/> followed by <paramref name="cssClass"/>.
    /// </summary>
    public static PageWriter AppendKeyedOpen(PageWriter sb, string cssClass, string keyHead, string keyMiddle, string keyTail, string dataValue, string classPrefix = "")
    {
        sb.Append("<span class=\""u8).Append(classPrefix).Append(cssClass).Append("\" data-key=\""u8);
        AppendEscaped(sb, keyHead);
        AppendEscaped(sb, keyMiddle);
        AppendEscaped(sb, keyTail);
        sb.Append("\" data-value=\""u8);
        AppendEscaped(sb, dataValue);
        return sb.Append("\">"u8);
    }

    /// <summary>Appends what <see cref="Num"/> returns for the key <paramref name="keyHead"/> + <paramref name="keyMiddle"/> + <paramref name="keyTail"/>.</summary>
    public static PageWriter AppendNum(PageWriter sb, string keyHead, string keyMiddle, string keyTail, double? value, int decimals) =>
        // Neither form of a number has a character to escape.
        AppendNumKey(sb, keyHead, keyMiddle, keyTail).AppendFull(value).Append("\">"u8).AppendNumber(value, decimals).Append("</span>"u8);

    /// <summary>A number's span up to its data-value: <c>&lt;span class="num" data-key="…" data-value="</c>; the caller writes the value and closes the tag.</summary>
    public static PageWriter AppendNumKey(PageWriter sb, string keyHead, string keyMiddle, string keyTail)
    {
        sb.Append("<span class=\"num\" data-key=\""u8);
        AppendEscaped(sb, keyHead);
        AppendEscaped(sb, keyMiddle);
        AppendEscaped(sb, keyTail);
        return sb.Append("\" data-value=\""u8);
    }

    /// <summary>Appends what <see cref="Pct"/> returns for the key <paramref name="keyHead"/> + <paramref name="keyMiddle"/> + <paramref name="keyTail"/>.</summary>
    public static PageWriter AppendPct(PageWriter sb, string keyHead, string keyMiddle, string keyTail, double? value) =>
        AppendNumKey(sb, keyHead, keyMiddle, keyTail).AppendFull(value).Append("\">"u8).AppendPercent(value).Append("</span>"u8);

    /// <summary>Appends what <see cref="Int"/> returns for the key <paramref name="keyHead"/> + <paramref name="keyTail"/>.</summary>
    public static PageWriter AppendInt(PageWriter sb, string keyHead, string keyTail, long value)
    {
        sb.Append("<span class=\"num\" data-key=\""u8);
        AppendEscaped(sb, keyHead);
        AppendEscaped(sb, keyTail);
        // Digits, a sign and the group separator: nothing to escape.
        return sb.Append("\" data-value=\""u8).Append(value).Append("\">"u8).AppendInteger(value).Append("</span>"u8);
    }

    /// <summary>Appends what <see cref="Badge"/> returns for the key <paramref name="keyHead"/> + <paramref name="keyTail"/>.</summary>
    public static PageWriter AppendBadge(PageWriter sb, string keyHead, string keyTail, string jsonValue, string cssClass, (string Zh, string En) label) =>
        AppendBadge(sb, keyHead, string.Empty, keyTail, jsonValue, cssClass, label);

    /// <summary>Appends what <see cref="Badge"/> returns for the key <paramref name="keyHead"/> + <paramref name="keyMiddle"/> + <paramref name="keyTail"/>.</summary>
    public static PageWriter AppendBadge(PageWriter sb, string keyHead, string keyMiddle, string keyTail, string jsonValue, string cssClass, (string Zh, string En) label)
    {
        sb.Append("<span class=\"st "u8).Append(cssClass).Append("\" data-key=\""u8);
        AppendEscaped(sb, keyHead);
        AppendEscaped(sb, keyMiddle);
        AppendEscaped(sb, keyTail);
        sb.Append("\" data-value=\""u8);
        AppendEscaped(sb, jsonValue);
        return AppendBi(sb.Append("\">"u8), label.Zh, label.En).Append("</span>"u8);
    }

    /// <summary>Appends what <see cref="Bi(string, string)"/> returns.</summary>
    public static PageWriter AppendBi(PageWriter sb, string zh, string en)
    {
        AppendEscaped(sb, zh).Append(" <span class=\"en\" lang=\"en\">"u8);
        return AppendEscaped(sb, en).Append("</span>"u8);
    }

    private static StringBuilder AppendEscapedChars(StringBuilder sb, string text)
    {
        foreach (var c in text)
        {
            switch (c)
            {
                case '&': sb.Append("&amp;"); break;
                case '<': sb.Append("&lt;"); break;
                case '>': sb.Append("&gt;"); break;
                case '"': sb.Append("&quot;"); break;
                case '\'': sb.Append("&#39;"); break;
                case < ' ' and not ('\t' or '\n' or '\r'):
                case '\u007F':
                    sb.Append('\uFFFD');
                    break;
                default: sb.Append(c); break;
            }
        }

        return sb;
    }

    /// <summary>Chinese text with its English beside it: <c>小学 &lt;span class="en"&gt;Primary&lt;/span&gt;</c>.</summary>
    public static string Bi(string zh, string en) => Escape(zh) + " <span class=\"en\" lang=\"en\">" + Escape(en) + "</span>";

    /// <summary>Bilingual pair as a tuple.</summary>
    public static string Bi((string Zh, string En) pair) => Bi(pair.Zh, pair.En);

    /// <summary>
    /// A displayed number: <c>&lt;span class="num" data-key="…" data-value="full precision"&gt;rounded&lt;/span&gt;</c>.
    /// An undefined number has an empty data-value and shows "—".
    /// </summary>
    public static string Num(string key, double? value, int decimals) =>
        Keyed(key, Fmt.Full(value), Fmt.Number(value, decimals), "num");

    /// <summary>A displayed integer with digit grouping.</summary>
    public static string Int(string key, long value) =>
        Keyed(key, value.ToString(System.Globalization.CultureInfo.InvariantCulture), Fmt.Integer(value), "num");

    /// <summary>A number shown as a percentage; data-value keeps the fraction.</summary>
    public static string Pct(string key, double? value) => Keyed(key, Fmt.Full(value), Fmt.Percent(value), "num");

    /// <summary>A status badge whose data-value is the JSON contract's status name (empty when the JSON has null).</summary>
    public static string Badge(string? key, string jsonValue, string cssClass, (string Zh, string En) label)
    {
        var attrs = key is null ? string.Empty : " data-key=\"" + Escape(key) + "\" data-value=\"" + Escape(jsonValue) + "\"";
        return "<span class=\"st " + cssClass + "\"" + attrs + ">" + Bi(label) + "</span>";
    }

    /// <summary>An element carrying a data-key and a data-value around already formatted (unescaped) text.</summary>
    public static string Keyed(string key, string dataValue, string shown, string cssClass) =>
        "<span class=\"" + cssClass + "\" data-key=\"" + Escape(key) + "\" data-value=\"" + Escape(dataValue) + "\">" + Escape(shown) + "</span>";

    /// <summary>The characters <see cref="Escape"/> replaces: the five markup characters and the C0 controls but tab, LF, CR, and DEL.</summary>
    private static readonly SearchValues<char> ToEscape = SearchValues.Create(
        "&<>\"'\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u000B\u000C\u000E\u000F\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001A\u001B\u001C\u001D\u001E\u001F\u007F");
}
