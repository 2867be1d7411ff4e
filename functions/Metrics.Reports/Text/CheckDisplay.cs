using Metrics.Core.Catalog;

namespace Metrics.Reports.Text;

/// <summary>How a check's value and threshold are shown, by the <see cref="CheckValueKind"/> the catalog declares.</summary>
internal static class CheckDisplay
{
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
