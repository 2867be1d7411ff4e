namespace Metrics.Reports.Excel;

/// <summary>The colour pairs the workbooks use: a fill with the font colour that reads on it.</summary>
internal enum Tone
{
    None,
    Fail,
    Pass,
    Amber,
    Grey,
}

/// <summary>
/// Everything one cell's look is made of. Cells that look alike share one entry of the workbook's
/// style table (a record struct compares by value), so a sheet of 30 000 cells needs a handful of styles.
/// </summary>
internal readonly record struct CellStyle(
    string? NumberFormat = null,
    bool Bold = false,
    bool Italic = false,
    double? FontSize = null,
    string? FontColor = null,
    string? FillColor = null,
    bool Wrap = false,
    bool AlignLeft = false,
    bool AlignBottom = false,
    bool BottomBorder = false)
{
    public bool IsDefault => this == default;
}
