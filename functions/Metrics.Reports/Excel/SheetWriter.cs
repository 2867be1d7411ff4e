using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Metrics.Core.Model;
using SpreadCheetah;
using SpreadCheetah.Styling;
using SpreadCheetah.Worksheets;

namespace Metrics.Reports.Excel;

/// <summary>
/// Writes cells of one worksheet with the report conventions and keeps track of column widths.
/// Text is always written as a literal string (never parsed as a formula, number or date);
/// numbers are numbers with a number format; widths are set by hand from the longest content,
/// counting CJK and full-width characters double.
/// </summary>
/// <remarks>
/// Cells may be written in any order: they are kept in a small grid (value + <see cref="CellStyle"/>)
/// and streamed in row order by <see cref="XlsxWorkbook.ToBytes"/>. Styling goes through the small
/// methods here and on <see cref="SheetCell"/> (wrap, left, bold, <see cref="Tone"/> fills); there is
/// no conditional formatting, so status colours are decided from the values when they are written
/// (<see cref="Formats"/>).
/// </remarks>
internal sealed class SheetWriter
{
    /// <summary>Excel's limit on the characters of one cell.</summary>
    private const int MaxCellLength = 32_767;

    /// <summary>
    /// The width attribute of a column includes the cell padding (5 px of a 7 px character); the
    /// widths here are in characters shown, as ClosedXML, which wrote these workbooks first, counted them.
    /// </summary>
    private const double ColumnPadding = 0.7109375;

    private const string HeaderFill = "#DCE6F1";
    private const string KeyFill = "#EEF3F8";
    private const string KeyFont = "#5B636D";

    private readonly Dictionary<int, double> widths = [];
    private readonly Dictionary<int, double> fixedWidths = [];
    private readonly Dictionary<int, double> rowHeights = [];
    private readonly Dictionary<int, List<(int From, int To, string Format)>> columnFormats = [];

    // Cells refer to their look by index into this table (0 is the default look), so a sheet of
    // 170 000 cells hashes a style only when one is made or changed, not per cell when streamed.
    private readonly List<CellStyle> styles = [default];
    private readonly Dictionary<CellStyle, int> styleIndex = new() { [default] = 0 };
    private readonly Dictionary<(int Style, int Col, int Format), int> withColumnFormat = [];

    // The style of a number cell with only a format, by format: most cells of a sheet are numbers
    // in a handful of formats, and hashing a whole CellStyle per cell was a visible cost.
    private readonly Dictionary<string, int> numberStyles = new(StringComparer.Ordinal);

    // Row r's cells by column (index 0 unused); a row is an array grown as columns are written.
    private readonly List<Entry[]?> rows = [];
    private int freezeRows;
    private int freezeColumns;

    public SheetWriter(XlsxWorkbook workbook, string name)
    {
        ArgumentNullException.ThrowIfNull(workbook);
        Name = name;
        workbook.Add(this);
    }

    public string Name { get; }

    /// <summary>Largest column width allowed (characters).</summary>
    public double MaxWidth { get; set; } = 60;

    /// <summary>
    /// Writes text as a literal string (an inline string cell: "=…" stays text, "0012" stays "0012").
    /// Characters XML cannot carry become U+FFFD; over-long text is cut at Excel's limit.
    /// </summary>
    public SheetCell Text(int row, int col, string? text)
    {
        var clean = Clean(text ?? string.Empty);
        Put(row, col, new Entry(EntryKind.Text, clean, 0, 0));
        Track(col, clean);
        return new SheetCell(this, row, col);
    }

    /// <summary>
    /// Writes a number with a format; an undefined value leaves the cell empty. With
    /// <paramref name="styleCell"/> false the format only sizes the column: the caller formats the
    /// whole column at once with <see cref="ColumnFormat"/>.
    /// </summary>
    public SheetCell Number(int row, int col, double? value, string format, bool styleCell = true)
    {
        if (value is { } v && double.IsFinite(v))
        {
            Put(row, col, new Entry(EntryKind.Number, null, v, styleCell ? NumberStyle(format) : 0));
            Track(col, NumberWidth(v, format));
        }

        return new SheetCell(this, row, col);
    }

    /// <summary>Sets the number format of one column over rows <paramref name="fromRow"/>..<paramref name="toRow"/>.</summary>
    public void ColumnFormat(int col, int fromRow, int toRow, string format)
    {
        if (toRow >= fromRow)
        {
            if (!columnFormats.TryGetValue(col, out var list))
            {
                columnFormats[col] = list = [];
            }

            list.Add((fromRow, toRow, format));
        }
    }

    public SheetCell Integer(int row, int col, long value) => Number(row, col, value, "#,##0");

    public SheetCell Bool(int row, int col, bool value)
    {
        Put(row, col, new Entry(EntryKind.Bool, null, value ? 1 : 0, 0));
        Track(col, 5); // "FALSE"
        return new SheetCell(this, row, col);
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
            Text(row, col, columns[i].Zh);
            Text(row + 1, col, columns[i].Key);
            Restyle(row, col, st => st with { Bold = true, FillColor = HeaderFill, Wrap = true, AlignBottom = true });
            Restyle(row + 1, col, st => st with { FontColor = KeyFont, Italic = true, FillColor = KeyFill, BottomBorder = true });
        }
    }

    /// <summary>A bold section title in one cell.</summary>
    public void Title(int row, int col, string text)
    {
        Text(row, col, text);
        Restyle(row, col, st => st with { Bold = true, FontSize = 12 });
    }

    /// <summary>Fixes a column's width (for wrapped long headers or message columns).</summary>
    public void Width(int col, double width) => fixedWidths[col] = width;

    /// <summary>Sets the height of one row (points), e.g. for a header row of long wrapped names.</summary>
    public void RowHeight(int row, double height) => rowHeights[row] = height;

    /// <summary>Bold text over columns <paramref name="fromCol"/>..<paramref name="toCol"/> of one row (cells without a value included).</summary>
    public void Bold(int row, int fromCol, int toCol) => Span(row, fromCol, row, toCol, st => st with { Bold = true });

    /// <summary>Wraps text over a block of cells.</summary>
    public void Wrap(int fromRow, int fromCol, int toRow, int toCol) => Span(fromRow, fromCol, toRow, toCol, st => st with { Wrap = true });

    /// <summary>Colours a block of cells (cells without a value included), e.g. a greyed row.</summary>
    public void Colour(int fromRow, int fromCol, int toRow, int toCol, Tone tone) => Span(fromRow, fromCol, toRow, toCol, st => Formats.With(st, tone));

    /// <summary>The text written at a cell, or null (for value-driven colouring).</summary>
    public string? TextAt(int row, int col) => Get(row, col) is { Kind: EntryKind.Text } e ? e.Text : null;

    /// <summary>The number written at a cell, or null.</summary>
    public double? NumberAt(int row, int col) => Get(row, col) is { Kind: EntryKind.Number } e ? e.Value : null;

    /// <summary>The boolean written at a cell, or null.</summary>
    public bool? BoolAt(int row, int col) => Get(row, col) is { Kind: EntryKind.Bool } e ? e.Value != 0 : null;

    /// <summary>
    /// Freezes the header rows and leading columns and settles the column widths: every tracked
    /// column gets its content's width (within 6..<see cref="MaxWidth"/>) unless fixed by <see cref="Width"/>.
    /// </summary>
    /// <remarks>
    /// <paramref name="fitWidth"/> was the print setting "fit to one page wide"; the streaming writer
    /// writes no page setup, so it is accepted and ignored (Excel prints with its defaults).
    /// </remarks>
    public void Finish(int freezeRows, int freezeColumns, bool fitWidth = true)
    {
        _ = fitWidth;
        this.freezeRows = freezeRows;
        this.freezeColumns = freezeColumns;
    }

    /// <summary>Display width in Excel character units (<see cref="TextWidth"/>: CJK, Hangul and full-width forms count 2).</summary>
    public static double DisplayWidth(string text) => TextWidth.Columns(text);

    internal void Restyle(int row, int col, Func<CellStyle, CellStyle> change)
    {
        ref var e = ref Slot(row, col);
        e = e.Kind == EntryKind.Absent
            ? new Entry(EntryKind.Empty, null, 0, Intern(change(styles[0])))
            : e with { Style = Intern(change(styles[e.Style])) };
    }

    internal async ValueTask StreamAsync(Spreadsheet spreadsheet, Func<CellStyle, StyleId?> styleOf)
    {
        var ids = new Dictionary<int, StyleId?>();
        StyleId? IdOf(int index)
        {
            if (!ids.TryGetValue(index, out var id))
            {
                ids[index] = id = styleOf(styles[index]);
            }

            return id;
        }

        var options = new WorksheetOptions();
        if (freezeRows > 0)
        {
            options.FrozenRows = freezeRows;
        }

        if (freezeColumns > 0)
        {
            options.FrozenColumns = freezeColumns;
        }

        foreach (var col in widths.Keys.Union(fixedWidths.Keys).Order())
        {
            options.Column(col).Width = ColumnPadding + (fixedWidths.TryGetValue(col, out var fixedWidth)
                ? fixedWidth
                : Math.Clamp(widths[col] + 2, 6, MaxWidth));
        }

        await spreadsheet.StartWorksheetAsync(Name, options).ConfigureAwait(false);
        var buffer = new List<Cell>();
        for (var r = 1; r < rows.Count; r++)
        {
            buffer.Clear();
            if (rows[r] is { } cells)
            {
                var last = cells.Length - 1;
                while (last > 0 && cells[last].Kind == EntryKind.Absent)
                {
                    last--;
                }

                for (var c = 1; c <= last; c++)
                {
                    var e = cells[c];
                    buffer.Add(e.Kind == EntryKind.Absent ? default : ToCell(e, IdOf(ResolvedStyle(r, c, e))));
                }
            }

            var rowOptions = rowHeights.TryGetValue(r, out var h) ? new RowOptions { Height = h } : null;
            await (rowOptions is null ? spreadsheet.AddRowAsync(buffer) : spreadsheet.AddRowAsync(buffer, rowOptions)).ConfigureAwait(false);
        }
    }

    /// <summary>The cell's style index, with its column's number format where the cell has none of its own.</summary>
    private int ResolvedStyle(int row, int col, Entry e)
    {
        if (e.Kind != EntryKind.Number || !columnFormats.TryGetValue(col, out var list) || styles[e.Style].NumberFormat is not null)
        {
            return e.Style;
        }

        for (var i = 0; i < list.Count; i++)
        {
            var (from, to, format) = list[i];
            if (row >= from && row <= to)
            {
                if (!withColumnFormat.TryGetValue((e.Style, col, i), out var index))
                {
                    withColumnFormat[(e.Style, col, i)] = index = Intern(styles[e.Style] with { NumberFormat = format });
                }

                return index;
            }
        }

        return e.Style;
    }

    private int Intern(CellStyle style)
    {
        if (!styleIndex.TryGetValue(style, out var index))
        {
            index = styles.Count;
            styles.Add(style);
            styleIndex.Add(style, index);
        }

        return index;
    }

    private static Cell ToCell(Entry e, StyleId? id)
    {
        var data = e.Kind switch
        {
            EntryKind.Text => new DataCell(e.Text),
            EntryKind.Number => new DataCell(e.Value),
            EntryKind.Bool => new DataCell(e.Value != 0),
            _ => new DataCell((string?)null),
        };
        return id is { } styleId ? new Cell(data, styleId) : new Cell(data);
    }

    private void Span(int fromRow, int fromCol, int toRow, int toCol, Func<CellStyle, CellStyle> change)
    {
        for (var r = fromRow; r <= toRow; r++)
        {
            for (var c = fromCol; c <= toCol; c++)
            {
                Restyle(r, c, change);
            }
        }
    }

    private void Put(int row, int col, Entry entry)
    {
        ref var slot = ref Slot(row, col);
        slot = slot.Kind == EntryKind.Absent ? entry : entry with { Style = Merge(slot.Style, entry.Style) };
    }

    private int NumberStyle(string format)
    {
        if (!numberStyles.TryGetValue(format, out var index))
        {
            numberStyles[format] = index = Intern(new CellStyle(NumberFormat: format));
        }

        return index;
    }

    /// <summary>A value written over a styled cell keeps the style; its own number format wins.</summary>
    private int Merge(int old, int now) =>
        styles[now].NumberFormat is not { } format ? old : Intern(styles[old] with { NumberFormat = format });

    private Entry? Get(int row, int col) =>
        row < rows.Count && rows[row] is { } cells && col < cells.Length && cells[col].Kind != EntryKind.Absent ? cells[col] : null;

    private ref Entry Slot(int row, int col)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(row, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(col, 1);
        while (rows.Count <= row)
        {
            rows.Add(null);
        }

        var cells = rows[row];
        if (cells is null || cells.Length <= col)
        {
            Array.Resize(ref cells, Math.Max(col + 1, cells is null ? 8 : cells.Length * 2));
            rows[row] = cells;
        }

        return ref cells[col];
    }

    private void Track(int col, string shown) => Track(col, DisplayWidth(shown));

    private void Track(int col, double w)
    {
        ref var old = ref CollectionsMarshal.GetValueRefOrAddDefault(widths, col, out var exists);
        old = exists ? Math.Max(old, w) : w;
    }

    /// <summary>
    /// How many characters the number takes as shown: its digits in the format's decimals (with group
    /// separators for "#,##0"), "00%" more for a percentage. Counted from the digits where that is
    /// certain, formatted otherwise: every number cell is measured, and formatting each one was a
    /// twentieth of a whole `metrics score` batch.
    /// </summary>
    internal static int NumberWidth(double v, string format)
    {
        var dot = format.IndexOf('.', StringComparison.Ordinal);
        var decimals = dot >= 0 ? format.Length - dot - 1 : 0;
        var grouped = format.Contains(',', StringComparison.Ordinal);
        var width = CountedWidth(v, grouped ? 0 : decimals, grouped) ?? FormattedWidth(v, decimals, grouped);
        return format.EndsWith('%') ? width + 3 : width;
    }

    /// <summary>The width as formatted ("#,0", or fixed-point with <paramref name="decimals"/> places), into a stack buffer.</summary>
    internal static int FormattedWidth(double v, int decimals, bool grouped)
    {
        Span<char> shown = stackalloc char[64];
        var shownFormat = grouped ? "#,0"
            : decimals < FixedFormats.Length ? FixedFormats[decimals] : "F" + decimals.ToString(CultureInfo.InvariantCulture);
        return v.TryFormat(shown, out var written, shownFormat, CultureInfo.InvariantCulture)
            ? written
            : v.ToString(shownFormat, CultureInfo.InvariantCulture).Length;
    }

    /// <summary>
    /// The width <see cref="FormattedWidth"/> gives, counted: whole digits, group separators, the
    /// point and decimals, a minus sign. Null where counting could be wrong, which is then formatted:
    /// a value so close below a power of ten that rounding may carry into one more digit, a negative
    /// value that may round to zero (is it "-0"?), huge values.
    /// </summary>
    internal static int? CountedWidth(double v, int decimals, bool grouped)
    {
        if (!double.IsFinite(v) || decimals >= FixedFormats.Length)
        {
            return null;
        }

        var a = Math.Abs(v);
        if (a >= 1e15 || (double.IsNegative(v) && a < 1))
        {
            return null;
        }

        var whole = (long)a;
        var digits = 1;
        long next = 10;
        while (whole >= next)
        {
            digits++;
            next *= 10;
        }

        // Within one last shown unit below the next power of ten, rounding may carry (9.9996 → "10.000").
        if (a >= next - UnitOf[decimals])
        {
            return null;
        }

        return digits + (grouped ? (digits - 1) / 3 : 0) + (decimals > 0 ? decimals + 1 : 0) + (v < 0 ? 1 : 0);
    }

    private static readonly double[] UnitOf = [1, 1e-1, 1e-2, 1e-3, 1e-4, 1e-5, 1e-6, 1e-7, 1e-8, 1e-9, 1e-10];

    private static readonly string[] FixedFormats = ["F0", "F1", "F2", "F3", "F4", "F5", "F6", "F7", "F8", "F9", "F10"];

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

    private enum EntryKind : byte
    {
        /// <summary>Nothing written or styled (the default of an unused slot).</summary>
        Absent,
        Empty,
        Text,
        Number,
        Bool,
    }

    /// <summary>One cell: its value and the index of its look in the sheet's style table.</summary>
    private readonly record struct Entry(EntryKind Kind, string? Text, double Value, int Style);
}
