using Metrics.Core.Catalog;

namespace Metrics.Reports.Text;

/// <summary>
/// A unit's shortfall to a standard phrased in the natural unit of the resource (method §6):
/// "+3 名骨干教师 / +3 key teachers", "+420 m² 体育运动场馆 / +420 m² sports space",
/// "+¥186 000 教学仪器设备 / +¥186 000 equipment". Units and nouns come from <see cref="IndicatorCatalog"/>.
/// </summary>
internal static class Shortfall
{
    /// <summary>The amount as shown: "3", "420 m²" or "¥186 000" (no sign, no noun).</summary>
    public static string Amount(Indicator indicator, double amount) => AmountPrefix(indicator) + Fmt.Integer(amount) + AmountSuffix(indicator);

    /// <summary>What the amount of <see cref="Amount"/> starts with: "¥" for money, else nothing.</summary>
    public static string AmountPrefix(Indicator indicator) => indicator.Resource.En == "yuan" ? "¥" : string.Empty;

    /// <summary>What the amount of <see cref="Amount"/> ends with: " m²" for areas, else nothing.</summary>
    public static string AmountSuffix(Indicator indicator) => indicator.Resource.En == "m²" ? " m²" : string.Empty;

    /// <summary>The English noun after an amount: singular for exactly one.</summary>
    public static string NounEn(Indicator indicator, double amount) => amount == 1 ? Singular(indicator.Resource.NounEn) : indicator.Resource.NounEn;

    /// <summary>Chinese phrase, e.g. "+3 名骨干教师", "+420 m² 体育运动场馆", "+¥186 000 教学仪器设备".</summary>
    public static string Zh(Indicator indicator, double amount)
    {
        var r = indicator.Resource;
        return r.En switch
        {
            "yuan" or "m²" => "+" + Amount(indicator, amount) + " " + r.NounZh,
            _ => "+" + Amount(indicator, amount) + " " + r.Zh + r.NounZh,
        };
    }

    /// <summary>English phrase, e.g. "+3 key teachers", "+1 multimedia classroom", "+¥186 000 equipment".</summary>
    public static string En(Indicator indicator, double amount) =>
        "+" + Amount(indicator, amount) + " " + NounEn(indicator, amount);

    /// <summary>"+3 名骨干教师 / +3 key teachers".</summary>
    public static string Both(Indicator indicator, double amount) => Zh(indicator, amount) + " / " + En(indicator, amount);

    /// <summary>"key teachers" → "key teacher", "teachers with intermediate+ titles" → "teacher with intermediate+ titles".</summary>
    internal static string Singular(string noun)
    {
        var with = noun.IndexOf("s with ", StringComparison.Ordinal);
        if (with > 0)
        {
            return noun.Remove(with, 1);
        }

        return noun.EndsWith("ers", StringComparison.Ordinal) || noun.EndsWith("rooms", StringComparison.Ordinal) || noun.EndsWith("books", StringComparison.Ordinal)
            ? noun[..^1]
            : noun;
    }
}
