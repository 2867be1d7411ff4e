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

/// <summary>
/// The ways a cell's look is changed after it is written. A change is a value, not a delegate, so a
/// sheet remembers where each (style, change) pair leads and restyling a cell is one table look-up:
/// no closure per cell and no hashing of a whole <see cref="CellStyle"/>.
/// </summary>
internal enum StyleChange : byte
{
    /// <summary>No change (the colour of <see cref="Tone.None"/>).</summary>
    Keep,
    Wrap,
    AlignLeft,
    Bold,
    Fail,
    Pass,
    Amber,
    Grey,

    /// <summary>Amber and bold: a borderline CV.</summary>
    AmberBold,

    /// <summary>The Chinese header row: bold on the header fill, wrapped, at the bottom.</summary>
    Header,

    /// <summary>The English key row: grey italic on the key fill, with a rule below.</summary>
    Key,

    /// <summary>A section title: bold, 12 pt.</summary>
    Title,
}
