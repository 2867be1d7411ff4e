namespace Metrics.Reports.Excel;

/// <summary>
/// One cell of a <see cref="SheetWriter"/>, returned by its writers so a caller can adjust the cell's
/// look in place (<c>s.Text(r, c, x).Wrap()</c>) without reaching into the spreadsheet library.
/// </summary>
internal readonly struct SheetCell(SheetWriter sheet, int row, int col)
{
    public int Row => row;

    public int Column => col;

    public SheetCell Wrap() => Restyle(st => st with { Wrap = true });

    public SheetCell AlignLeft() => Restyle(st => st with { AlignLeft = true });

    public SheetCell Bold() => Restyle(st => st with { Bold = true });

    public SheetCell Colour(Tone tone) => Restyle(st => Formats.With(st, tone));

    private SheetCell Restyle(Func<CellStyle, CellStyle> change)
    {
        sheet.Restyle(row, col, change);
        return this;
    }
}
