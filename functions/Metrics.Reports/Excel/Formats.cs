using ClosedXML.Excel;

namespace Metrics.Reports.Excel;

/// <summary>Conditional formats and fills shared by the workbooks: fail red, pass green, borderline amber.</summary>
internal static class Formats
{
    public static readonly XLColor FailFill = XLColor.FromHtml("#FDE4E2");
    public static readonly XLColor FailFont = XLColor.FromHtml("#B42318");
    public static readonly XLColor PassFill = XLColor.FromHtml("#DCF1E2");
    public static readonly XLColor PassFont = XLColor.FromHtml("#1A7F37");
    public static readonly XLColor AmberFill = XLColor.FromHtml("#FFF0CC");
    public static readonly XLColor AmberFont = XLColor.FromHtml("#9A5B00");
    public static readonly XLColor GreyFill = XLColor.FromHtml("#ECEFF1");
    public static readonly XLColor GreyFont = XLColor.FromHtml("#8A9199");

    /// <summary>Status cells written by <see cref="Text.Fmt.StatusText(Core.Model.Status?)"/>: "… fail" red, "… pass" green.</summary>
    public static void Statuses(IXLRange range)
    {
        range.AddConditionalFormat().WhenContains("fail").Fill.SetBackgroundColor(FailFill).Font.SetFontColor(FailFont);
        range.AddConditionalFormat().WhenContains("pass").Fill.SetBackgroundColor(PassFill).Font.SetFontColor(PassFont);
        range.AddConditionalFormat().WhenContains("not_assessed").Fill.SetBackgroundColor(GreyFill).Font.SetFontColor(GreyFont);
    }

    /// <summary>Boolean cells that are TRUE in amber (the borderline flag).</summary>
    public static void AmberWhenTrue(IXLRange range)
    {
        var first = range.FirstCell().Address.ToStringRelative(false);
        range.AddConditionalFormat().WhenIsTrue("=" + first + "=TRUE").Fill.SetBackgroundColor(AmberFill).Font.SetFontColor(AmberFont);
    }

    /// <summary>Numbers below <paramref name="floor"/> in red (values that miss their standard).</summary>
    public static void BelowInRed(IXLRange range, double floor) =>
        range.AddConditionalFormat().WhenLessThan(floor).Fill.SetBackgroundColor(FailFill).Font.SetFontColor(FailFont);

    /// <summary>
    /// CV cells against the threshold in another column of the same row: amber when the flag
    /// column is TRUE, red above the threshold, green at or below it.
    /// </summary>
    public static void CvAgainstThreshold(IXLRange cvs, int thresholdColumn, int borderlineColumn)
    {
        var cv = cvs.FirstCell().Address;
        var row = cv.RowNumber.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var c = cv.ToStringRelative(false);
        var t = XLHelper.GetColumnLetterFromNumber(thresholdColumn) + row;
        var b = XLHelper.GetColumnLetterFromNumber(borderlineColumn) + row;
        cvs.AddConditionalFormat().WhenIsTrue("=" + b + "=TRUE").Fill.SetBackgroundColor(AmberFill).Font.SetFontColor(AmberFont).Font.SetBold(true);
        cvs.AddConditionalFormat().WhenIsTrue("=AND(ISNUMBER(" + c + "),ISNUMBER(" + t + ")," + c + ">" + t + ")").Fill.SetBackgroundColor(FailFill).Font.SetFontColor(FailFont);
        cvs.AddConditionalFormat().WhenIsTrue("=AND(ISNUMBER(" + c + "),ISNUMBER(" + t + ")," + c + "<=" + t + ")").Fill.SetBackgroundColor(PassFill).Font.SetFontColor(PassFont);
    }
}
