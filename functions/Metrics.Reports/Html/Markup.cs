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

        if (text.AsSpan().IndexOfAny("&<>\"'") < 0 && !HasControl(text))
        {
            return text;
        }

        return AppendEscapedChars(new StringBuilder(text.Length + 16), text).ToString();
    }

    /// <summary>Appends <paramref name="text"/> escaped as <see cref="Escape"/> does, without an intermediate string.</summary>
    public static StringBuilder AppendEscaped(StringBuilder sb, string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return sb;
        }

        return text.AsSpan().IndexOfAny("&<>\"'") < 0 && !HasControl(text) ? sb.Append(text) : AppendEscapedChars(sb, text);
    }

    /// <summary>
    /// Appends what <see cref="Keyed"/> returns, for a key given in parts (escaping is per character, so the
    /// parts escaped one after another equal the joined key escaped): the school table holds thousands of these.
    /// </summary>
    public static StringBuilder AppendKeyed(StringBuilder sb, string keyHead, string keyMiddle, string keyTail, string dataValue, string shown, string cssClass)
    {
        AppendKeyedOpen(sb, cssClass, keyHead, keyMiddle, keyTail, dataValue);
        AppendEscaped(sb, shown);
        return sb.Append("</span>");
    }

    /// <summary>
    /// The opening tag of a keyed span, <c>&lt;span class="…" data-key="…" data-value="…"&gt;</c>, for a key
    /// given in parts; the class is <paramref name="classPrefix"/> followed by <paramref name="cssClass"/>.
    /// </summary>
    public static StringBuilder AppendKeyedOpen(StringBuilder sb, string cssClass, string keyHead, string keyMiddle, string keyTail, string dataValue, string classPrefix = "")
    {
        sb.Append("<span class=\"").Append(classPrefix).Append(cssClass).Append("\" data-key=\"");
        AppendEscaped(sb, keyHead);
        AppendEscaped(sb, keyMiddle);
        AppendEscaped(sb, keyTail);
        sb.Append("\" data-value=\"");
        AppendEscaped(sb, dataValue);
        return sb.Append("\">");
    }

    /// <summary>Appends what <see cref="Num"/> returns for the key <paramref name="keyHead"/> + <paramref name="keyMiddle"/> + <paramref name="keyTail"/>.</summary>
    public static StringBuilder AppendNum(StringBuilder sb, string keyHead, string keyMiddle, string keyTail, double? value, int decimals) =>
        AppendKeyed(sb, keyHead, keyMiddle, keyTail, Fmt.Full(value), Fmt.Number(value, decimals), "num");

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

    private static bool HasControl(string text)
    {
        foreach (var c in text)
        {
            if ((c < ' ' && c is not ('\t' or '\n' or '\r')) || c == '\u007F')
            {
                return true;
            }
        }

        return false;
    }
}
