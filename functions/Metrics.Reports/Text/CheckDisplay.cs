using Metrics.Core.Catalog;

namespace Metrics.Reports.Text;

/// <summary>How the value and threshold of a check (or a part of one) read: a percentage, 元, or yes/no.</summary>
internal enum CheckValueKind
{
    /// <summary>A fraction shown as a percentage (rates, shares of compliant schools, pay ratio).</summary>
    Percent,

    /// <summary>An amount in 元 (special-education funds per pupil).</summary>
    Yuan,

    /// <summary>A veto item: 1 = the practice was found, 0 = not found.</summary>
    YesNo,
}

internal static class CheckDisplay
{
    public static CheckValueKind KindOf(string checkId) =>
        CheckCatalog.Vetoes.Contains(checkId) ? CheckValueKind.YesNo
        : checkId == "special_ed_funding" ? CheckValueKind.Yuan
        : CheckValueKind.Percent;

    /// <summary>Part names of composite checks (teacher rotation, catchment enrolment).</summary>
    public static (string Zh, string En) PartName(string partId) => partId switch
    {
        "rotated_share" => ("交流轮岗教师比例", "rotated / eligible teachers"),
        "key_share" => ("骨干教师占交流轮岗比例", "key teachers among rotated"),
        "primary" => ("小学", "primary"),
        "junior" => ("初中", "junior"),
        _ => (partId, partId),
    };

    /// <summary>The value as shown; "—" when not assessed.</summary>
    public static string Value(CheckValueKind kind, double? value) => kind switch
    {
        _ when value is null => Fmt.Undefined,
        CheckValueKind.YesNo => value > 0 ? "是 yes" : "否 no",
        CheckValueKind.Yuan => Fmt.Integer(value.Value) + " 元",
        _ => Fmt.Percent(value),
    };

    /// <summary>The requirement as shown: "≥ 95.0%", "≥ 6 000 元", "否 no".</summary>
    public static string Threshold(CheckValueKind kind, double? threshold) => kind switch
    {
        _ when threshold is null => Fmt.Undefined,
        CheckValueKind.YesNo => "否 no",
        CheckValueKind.Yuan => "≥ " + Fmt.Integer(threshold.Value) + " 元",
        _ => "≥ " + Fmt.Percent(threshold),
    };

    /// <summary>Excel number format of the kind.</summary>
    public static string ExcelFormat(CheckValueKind kind) => kind switch
    {
        CheckValueKind.Percent => "0.0%",
        CheckValueKind.Yuan => "#,##0",
        _ => "0",
    };
}
