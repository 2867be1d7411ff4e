using Metrics.Core.Model;

namespace Metrics.Reports.Excel;

/// <summary>
/// Status colours shared by the workbooks: fail red, pass green, borderline amber, missing grey.
/// The streaming writer has no conditional formats, so each cell is coloured from the value written
/// into it; call these after a block's values are written.
/// </summary>
internal static class Formats
{
    public const string FailFill = "#FDE4E2";
    public const string FailFont = "#B42318";
    public const string PassFill = "#DCF1E2";
    public const string PassFont = "#1A7F37";
    public const string AmberFill = "#FFF0CC";
    public const string AmberFont = "#9A5B00";
    public const string GreyFill = "#ECEFF1";
    public const string GreyFont = "#8A9199";

    // The formats "0", "0.0" … "0.0000000000", made once: the tables ask for one per number cell.
    private static readonly string[] DecimalFormats = [.. Enumerable.Range(0, 11).Select(Text.Fmt.DecimalsFormat)];

    /// <summary><see cref="Text.Fmt.DecimalsFormat"/>, the same string each time.</summary>
    public static string Decimals(int decimals) =>
        (uint)decimals < (uint)DecimalFormats.Length ? DecimalFormats[decimals] : Text.Fmt.DecimalsFormat(decimals);

    /// <summary><see cref="Text.Fmt.ValueFormat"/>, the same string each time.</summary>
    public static string ValueFormat(string indicatorId) => Decimals(Text.Fmt.ValueDecimals(indicatorId));

    // Each status's text, made once instead of once per row.
    private static readonly Dictionary<Status, string> StatusTexts = Enum.GetValues<Status>().ToDictionary(s => s, s => Text.Fmt.StatusText(s));

    /// <summary><see cref="Text.Fmt.StatusText(Status?)"/>, the same string for each status.</summary>
    public static string StatusText(Status? status) =>
        status is not { } s ? string.Empty : StatusTexts.TryGetValue(s, out var text) ? text : Text.Fmt.StatusText(s);

    /// <summary>The style with the fill and font colour of <paramref name="tone"/>.</summary>
    public static CellStyle With(CellStyle style, Tone tone) => tone switch
    {
        Tone.Fail => style with { FillColor = FailFill, FontColor = FailFont },
        Tone.Pass => style with { FillColor = PassFill, FontColor = PassFont },
        Tone.Amber => style with { FillColor = AmberFill, FontColor = AmberFont },
        Tone.Grey => style with { FillColor = GreyFill, FontColor = GreyFont },
        _ => style,
    };

    /// <summary>The <see cref="StyleChange"/> that colours a cell in <paramref name="tone"/>.</summary>
    public static StyleChange Change(Tone tone) => tone switch
    {
        Tone.Fail => StyleChange.Fail,
        Tone.Pass => StyleChange.Pass,
        Tone.Amber => StyleChange.Amber,
        Tone.Grey => StyleChange.Grey,
        _ => StyleChange.Keep,
    };

    /// <summary>
    /// Status cells written by <see cref="Text.Fmt.StatusText(Core.Model.Status?)"/> over rows
    /// <paramref name="fromRow"/>..<paramref name="toRow"/> of one column: "… fail" red, "… pass" green,
    /// "… not_assessed" grey (the English word is the last one of the text).
    /// </summary>
    public static void Statuses(SheetWriter s, int fromRow, int toRow, int col)
    {
        for (var row = fromRow; row <= toRow; row++)
        {
            var tone = StatusTone(s.TextAt(row, col));
            if (tone != Tone.None)
            {
                s.Restyle(row, col, Change(tone));
            }
        }
    }

    /// <summary>Which colour a status text gets (the same containment tests the old conditional formats made).</summary>
    public static Tone StatusTone(string? text) =>
        text is null ? Tone.None
        : text.Contains("fail", StringComparison.Ordinal) ? Tone.Fail
        : text.Contains("pass", StringComparison.Ordinal) ? Tone.Pass
        : text.Contains("not_assessed", StringComparison.Ordinal) ? Tone.Grey
        : Tone.None;

    /// <summary>Boolean cells that are TRUE in amber (the borderline flag).</summary>
    public static void AmberWhenTrue(SheetWriter s, int fromRow, int toRow, int col)
    {
        for (var row = fromRow; row <= toRow; row++)
        {
            if (s.BoolAt(row, col) == true)
            {
                s.Restyle(row, col, StyleChange.Amber);
            }
        }
    }

    /// <summary>Numbers below <paramref name="floor"/> in red (values that miss their standard); empty cells stay plain.</summary>
    public static void BelowInRed(SheetWriter s, int fromRow, int toRow, int col, double floor)
    {
        for (var row = fromRow; row <= toRow; row++)
        {
            if (s.NumberAt(row, col) is { } v && v < floor)
            {
                s.Restyle(row, col, StyleChange.Fail);
            }
        }
    }

    /// <summary>
    /// CV cells against the threshold in another column of the same row: amber and bold when the
    /// flag column is TRUE, else red above the threshold, green at or below it (both numbers).
    /// </summary>
    public static void CvAgainstThreshold(SheetWriter s, int fromRow, int toRow, int cvCol, int thresholdColumn, int borderlineColumn)
    {
        for (var row = fromRow; row <= toRow; row++)
        {
            if (s.BoolAt(row, borderlineColumn) == true)
            {
                s.Restyle(row, cvCol, StyleChange.AmberBold);
            }
            else if (s.NumberAt(row, cvCol) is { } cv && s.NumberAt(row, thresholdColumn) is { } t)
            {
                var tone = cv > t ? Tone.Fail : Tone.Pass;
                s.Restyle(row, cvCol, Change(tone));
            }
        }
    }
}
