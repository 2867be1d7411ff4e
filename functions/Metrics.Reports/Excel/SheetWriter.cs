using System.Globalization;
using System.Text;
using ClosedXML.Excel;

namespace Metrics.Reports.Excel;

/// <summary>
/// Writes cells of one worksheet with the report conventions and keeps track of column widths.
/// Text is always written as a literal string (never parsed as a formula, number or date);
/// numbers are numbers with a number format; widths are set by hand from the longest content,
/// counting CJK and full-width characters double (ClosedXML's AdjustToContents needs GDI+, which
/// Linux lacks).
/// </summary>
internal sealed class SheetWriter
{
    /// <summary>Excel's limit on the characters of one cell.</summary>
    private const int MaxCellLength = 32_767;

    private static readonly XLColor HeaderFill = XLColor.FromHtml("#DCE6F1");
    private static readonly XLColor KeyFill = XLColor.FromHtml("#EEF3F8");
    private static readonly XLColor KeyFont = XLColor.FromHtml("#5B636D");

    private readonly Dictionary<int, double> widths = [];
    private readonly HashSet<int> fixedWidths = [];

    public SheetWriter(XLWorkbook workbook, string name)
    {
        Sheet = workbook.Worksheets.Add(name);
        Sheet.Style.Font.FontName = "Microsoft YaHei";
        Sheet.Style.Font.FontSize = 10;
    }

    public IXLWorksheet Sheet { get; }

    /// <summary>Largest column width allowed (characters).</summary>
    public double MaxWidth { get; set; } = 60;

    /// <summary>
    /// Writes text as a literal string. <c>SetValue&lt;string&gt;</c> stores the string as it is:
    /// unlike assigning <c>Value</c>, it does not turn "=…" into a formula nor "0012" into a number.
    /// Characters XML cannot carry become U+FFFD; over-long text is cut at Excel's limit.
    /// </summary>
    public IXLCell Text(int row, int col, string? text)
    {
        var cell = Sheet.Cell(row, col);
        var clean = Clean(text ?? string.Empty);
        cell.SetValue(clean);
        Track(col, clean);
        return cell;
    }

    /// <summary>
    /// Writes a number with a format; an undefined value leaves the cell empty. With
    /// <paramref name="styleCell"/> false the format only sizes the column: the caller formats the
    /// whole column at once with <see cref="ColumnFormat"/> (much faster on large sheets).
    /// </summary>
    public IXLCell Number(int row, int col, double? value, string format, bool styleCell = true)
    {
        var cell = Sheet.Cell(row, col);
        if (value is { } v && double.IsFinite(v))
        {
            cell.SetValue(v);
            if (styleCell)
            {
                cell.Style.NumberFormat.Format = format;
            }

            Track(col, FormatForWidth(v, format));
        }

        return cell;
    }

    /// <summary>Sets the number format of one column over rows <paramref name="fromRow"/>..<paramref name="toRow"/>.</summary>
    public void ColumnFormat(int col, int fromRow, int toRow, string format)
    {
        if (toRow >= fromRow)
        {
            Sheet.Range(fromRow, col, toRow, col).Style.NumberFormat.Format = format;
        }
    }

    public IXLCell Integer(int row, int col, long value) => Number(row, col, value, "#,##0");

    public IXLCell Bool(int row, int col, bool value)
    {
        var cell = Sheet.Cell(row, col);
        cell.SetValue(value);
        Track(col, "FALSE");
        return cell;
    }

    /// <summary>
    /// Two header rows at <paramref name="row"/>: Chinese labels, then English keys (the keys of
    /// the JSON contract where there is one).
    /// </summary>
    public void Headers(int row, int firstCol, IReadOnlyList<(string Zh, string Key)> columns)
    {
        for (var i = 0; i < columns.Count; i++)
        {
            var col = firstCol + i;
            var zh = Text(row, col, columns[i].Zh);
            var key = Text(row + 1, col, columns[i].Key);
            zh.Style.Font.Bold = true;
            zh.Style.Fill.BackgroundColor = HeaderFill;
            zh.Style.Alignment.WrapText = true;
            zh.Style.Alignment.Vertical = XLAlignmentVerticalValues.Bottom;
            key.Style.Font.FontColor = KeyFont;
            key.Style.Font.Italic = true;
            key.Style.Fill.BackgroundColor = KeyFill;
            key.Style.Border.BottomBorder = XLBorderStyleValues.Thin;
        }
    }

    /// <summary>A bold section title in one cell.</summary>
    public void Title(int row, int col, string text)
    {
        var cell = Sheet.Cell(row, col);
        cell.SetValue(Clean(text));
        cell.DataType = XLDataType.Text;
        cell.Style.Font.Bold = true;
        cell.Style.Font.FontSize = 12;
    }

    /// <summary>Fixes a column's width (for wrapped long headers or message columns).</summary>
    public void Width(int col, double width)
    {
        Sheet.Column(col).Width = width;
        fixedWidths.Add(col);
    }

    /// <summary>
    /// Sets every tracked column's width, freezes the header rows and leading columns, and sets up
    /// printing on A4 landscape with the header rows (and frozen columns) repeated on every page;
    /// <paramref name="fitWidth"/> shrinks the columns onto one page width (not for very wide sheets).
    /// </summary>
    public void Finish(int freezeRows, int freezeColumns, bool fitWidth = true)
    {
        foreach (var (col, w) in widths)
        {
            if (!fixedWidths.Contains(col))
            {
                Sheet.Column(col).Width = Math.Clamp(w + 2, 6, MaxWidth);
            }
        }

        if (freezeRows > 0 || freezeColumns > 0)
        {
            Sheet.SheetView.Freeze(freezeRows, freezeColumns);
        }

        Sheet.PageSetup.PaperSize = XLPaperSize.A4Paper;
        Sheet.PageSetup.PageOrientation = XLPageOrientation.Landscape;
        Sheet.PageSetup.Margins.SetLeft(0.4).SetRight(0.4).SetTop(0.5).SetBottom(0.5);
        if (fitWidth)
        {
            Sheet.PageSetup.FitToPages(1, 0);
        }

        if (freezeRows > 0)
        {
            Sheet.PageSetup.SetRowsToRepeatAtTop(1, freezeRows);
        }

        if (freezeColumns > 0)
        {
            Sheet.PageSetup.SetColumnsToRepeatAtLeft(1, freezeColumns);
        }
    }

    /// <summary>Display width in Excel character units: CJK, Hangul and full-width forms count 2.</summary>
    public static double DisplayWidth(string text)
    {
        double w = 0;
        foreach (var line in text.Split('\n'))
        {
            double lw = 0;
            foreach (var c in line)
            {
                lw += IsWide(c) ? 2 : 1;
            }

            w = Math.Max(w, lw);
        }

        return w;
    }

    private static bool IsWide(char c) =>
        c is (>= '\u1100' and <= '\u115F') or (>= '\u2E80' and <= '\uA4CF') or (>= '\uAC00' and <= '\uD7A3')
            or (>= '\uF900' and <= '\uFAFF') or (>= '\uFE30' and <= '\uFE4F') or (>= '\uFF00' and <= '\uFF60')
            or (>= '\uFFE0' and <= '\uFFE6') or (>= '\uD800' and <= '\uDFFF');

    private void Track(int col, string shown)
    {
        var w = DisplayWidth(shown);
        widths[col] = widths.TryGetValue(col, out var old) ? Math.Max(old, w) : w;
    }

    private static string FormatForWidth(double v, string format)
    {
        var decimals = format.Contains('.', StringComparison.Ordinal) ? format.Length - format.IndexOf('.', StringComparison.Ordinal) - 1 : 0;
        var s = v.ToString(format.Contains(',', StringComparison.Ordinal) ? "#,0" : "F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        return format.EndsWith('%') ? s + "00%" : s;
    }

    /// <summary>Removes what an XML part cannot hold (C0 controls other than tab/LF/CR, lone surrogates).</summary>
    internal static string Clean(string text)
    {
        var ok = true;
        for (var i = 0; i < text.Length && ok; i++)
        {
            ok = IsXmlChar(text, i);
        }

        if (ok && text.Length <= MaxCellLength)
        {
            return text;
        }

        var sb = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                sb.Append(text[i]).Append(text[i + 1]);
                i++;
            }
            else
            {
                sb.Append(IsXmlChar(text, i) ? text[i] : '\uFFFD');
            }
        }

        return sb.Length <= MaxCellLength ? sb.ToString() : sb.ToString(0, MaxCellLength - 1) + "…";
    }

    private static bool IsXmlChar(string text, int i)
    {
        var c = text[i];
        if (char.IsHighSurrogate(c))
        {
            return i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]);
        }

        if (char.IsLowSurrogate(c))
        {
            return i > 0 && char.IsHighSurrogate(text[i - 1]);
        }

        return c is '\t' or '\n' or '\r' or (>= ' ' and not ('\uFFFE' or '\uFFFF'));
    }
}
