using System.Text;

namespace Metrics.Excel.Schema;

/// <summary>
/// Units written in a column header, e.g. <c>教学仪器设备值(万元)</c>, <c>面积(平方米)</c>, <c>图书（册）</c>
/// (method §8). A unit is honoured when it is the field's own unit or a decimal multiple of it
/// (万元 = 10 000 元), and the column is rejected when it names a unit the field cannot be converted
/// from (亩 for an area, 美元 for money): never read as if the unit were not there.
/// </summary>
/// <remarks>
/// Only numeric fields (counts, areas, money) are converted; text, choice, yes/no and percent
/// headers keep whatever they carry in parentheses. Text in parentheses that is not a unit
/// (<c>(全校)</c>, <c>(含教学点)</c>) is ignored.
/// </remarks>
public static class HeaderUnits
{
    /// <summary>Result of reading the units in a header.</summary>
    public enum Outcome
    {
        /// <summary>No unit, or the field's own unit: values are read as they are.</summary>
        AsIs,

        /// <summary>A multiple of the field's unit: values are multiplied by the scale.</summary>
        Converted,

        /// <summary>A unit the field cannot be read in: the column is rejected.</summary>
        Rejected,
    }

    // Units the template uses, by family, with their factor to the family's base (元, m², pieces).
    private static readonly Dictionary<string, (string Family, decimal Factor)> Known = new(StringComparer.Ordinal)
    {
        ["元"] = ("money", 1m),
        ["人民币元"] = ("money", 1m),
        ["rmb"] = ("money", 1m),
        ["yuan"] = ("money", 1m),
        ["¥"] = ("money", 1m),
        ["千元"] = ("money", 1_000m),
        ["万元"] = ("money", 10_000m),
        ["百万元"] = ("money", 1_000_000m),
        ["亿元"] = ("money", 100_000_000m),
        ["m2"] = ("area", 1m),
        ["平方米"] = ("area", 1m),
        ["平米"] = ("area", 1m),
        ["万平方米"] = ("area", 10_000m),
        ["册"] = ("books", 1m),
        ["本"] = ("books", 1m),
        ["万册"] = ("books", 10_000m),
        ["人"] = ("persons", 1m),
        ["名"] = ("persons", 1m),
        ["个"] = ("items", 1m),
        ["间"] = ("items", 1m),
        ["台"] = ("machines", 1m),
    };

    // Units that are units, but of nothing the workbook holds in a numeric field.
    private static readonly string[] Foreign = ["亩", "公顷", "平方公里", "km2", "美元", "usd", "$", "千册", "ha", "%", "‰", "万人", "千人"];

    /// <summary>
    /// Reads the units in the trailing parentheses of <paramref name="header"/> for <paramref name="field"/>.
    /// </summary>
    /// <param name="field">The field the header matched.</param>
    /// <param name="header">The header text as typed.</param>
    /// <param name="scale">Factor from the header's unit to the field's unit (1 when as is).</param>
    /// <param name="unit">The unit found, as normalised (for messages).</param>
    public static Outcome Read(FieldSpec field, string? header, out decimal scale, out string? unit)
    {
        scale = 1m;
        unit = null;
        if (field.Kind is not (FieldKind.Count or FieldKind.NonNegativeNumber) || string.IsNullOrEmpty(header))
        {
            return Outcome.AsIs;
        }

        // ASCII is its own NFKC form, so ASCII without ')' has no trailing group (the English key row: students_primary).
        if (System.Text.Ascii.IsValid(header) && !header.Contains(')', StringComparison.Ordinal))
        {
            return Outcome.AsIs;
        }

        var family = field.Unit switch
        {
            Units.Yuan => "money",
            Units.SquareMetres => "area",
            Units.Volumes => "books",
            Units.Persons => "persons",
            Units.Items => "items",
            Units.Machines => "machines",
            _ => null,
        };
        foreach (var group in TrailingGroups(header))
        {
            var key = Normalize(group);
            if (Known.TryGetValue(key, out var k))
            {
                unit = group;
                if (k.Family == family || (family is "items" or "machines" or "persons" && k.Family is "items" or "machines" or "persons" && k.Factor == 1m))
                {
                    scale = k.Factor;
                    return k.Factor == 1m ? Outcome.AsIs : Outcome.Converted;
                }

                return Outcome.Rejected;
            }

            if (Foreign.Contains(key, StringComparer.Ordinal))
            {
                unit = group;
                return Outcome.Rejected;
            }
        }

        return Outcome.AsIs;
    }

    /// <summary>The texts inside the trailing parentheses, innermost-last: <c>a(万元)(全校)</c> → 全校, 万元.</summary>
    internal static IEnumerable<string> TrailingGroups(string header)
    {
        var s = header.Normalize(NormalizationForm.FormKC).Trim();
        while (s.EndsWith(')'))
        {
            var open = s.LastIndexOf('(');
            if (open < 0)
            {
                yield break;
            }

            yield return s[(open + 1)..^1].Trim();
            s = s[..open].TrimEnd();
        }
    }

    private static string Normalize(string unit)
    {
        var sb = new StringBuilder(unit.Length);
        foreach (var ch in unit.Normalize(NormalizationForm.FormKC))
        {
            if (!char.IsWhiteSpace(ch))
            {
                sb.Append(char.ToLowerInvariant(ch));
            }
        }

        // "单位：万元" / "单位:万元" → 万元.
        var s = sb.ToString();
        var colon = s.IndexOf(':');
        if (s.StartsWith("单位", StringComparison.Ordinal) && colon > 0)
        {
            s = s[(colon + 1)..];
        }

        return s;
    }
}
