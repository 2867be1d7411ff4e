namespace Metrics.Reports.Excel;

/// <summary>
/// One cell of a <see cref="SheetWriter"/>, returned by its writers so a caller can adjust the cell's
/// look in place (<c>s.Text(r, c, x).Wrap()</c>) without reaching into the spreadsheet library.
/// </summary>
internal readonly struct SheetCell(SheetWriter sheet, int row, int col)
{
    public int Row => row;

    public int Column => col;

    public SheetCell Wrap() => Restyle(StyleChange.Wrap);

    public SheetCell AlignLeft() => Restyle(StyleChange.AlignLeft);

    public SheetCell Bold() => Restyle(StyleChange.Bold);

    public SheetCell Colour(Tone tone) => Restyle(Formats.Change(tone));

    private SheetCell Restyle(StyleChange change)
    {
        sheet.Restyle(row, col, change);
        return this;
    }
}
