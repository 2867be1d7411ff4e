using System.Buffers;
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

    // The widest content of each column so far, by column (index 0 unused); negative: nothing tracked.
    private double[] widths = [];

    // The last text written in each column, as given and as cleaned.
    private (string? Text, string? Clean)[] lastText = [];
    private readonly Dictionary<int, double> fixedWidths = [];
    private readonly Dictionary<int, double> rowHeights = [];
    private readonly Dictionary<int, List<(int From, int To, string Format)>> columnFormats = [];

    // Cells refer to their look by index into this table (0 is the default look), so a sheet of
    // 170 000 cells hashes a style only when one is made or changed, not per cell when streamed.
    private readonly List<CellStyle> styles = [default];
    private readonly Dictionary<CellStyle, int> styleIndex = new() { [default] = 0 };
    private readonly Dictionary<(int Style, int Col, int Format), int> withColumnFormat = [];

    // Where a change leads from each style: key (style << 4) | change. Restyling a column of status
    // cells then costs one integer look-up per cell instead of a delegate and a CellStyle hash.
    private readonly Dictionary<int, int> changed = [];

    // Where a number's own format leads from a cell's earlier style: key (old style, format style).
    private readonly Dictionary<(int Old, int Now), int> merged = [];

    // What each number format means for widths, with the style of a number cell with only that format.
    // Callers pass the same few format strings over and over (often the very same instance), so the
    // last one is checked by reference before the table is hashed.
    private readonly Dictionary<string, NumberFormatUse> numberFormats = new(StringComparer.Ordinal);
    private NumberFormatUse? lastFormat;

    // Row r's cells by column (index 0 unused): a run of entries in one of the sheet's slabs. A sheet
    // of 3 000 rows then makes a dozen pooled arrays instead of two or three fresh arrays per row.
    private readonly List<RowRun> rows = [];
    private readonly List<Entry[]> slabs = [];
    private int slabUsed;

    // The most columns (+ 1) any row has needed: a new row gets that many at once.
    private int widest = 8;
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
        text ??= string.Empty;
        if (col < lastText.Length && ReferenceEquals(lastText[col].Text, text))
        {
            // The same string as the column's last text (a school's code on each of its rows, a
            // level's name): already cleaned, and its width is already counted in the column's.
            Put(row, col, new Entry(EntryKind.Text, lastText[col].Clean, 0, 0));
            return new SheetCell(this, row, col);
        }

        var clean = Clean(text);
        Put(row, col, new Entry(EntryKind.Text, clean, 0, 0));
        Track(col, clean);
        if (col >= lastText.Length)
        {
            Array.Resize(ref lastText, Math.Max(col + 1, lastText.Length * 2));
        }

        lastText[col] = (text, clean);
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
            var use = FormatUse(format);
            Put(row, col, new Entry(EntryKind.Number, null, v, styleCell ? use.Style(this) : 0));
            Track(col, NumberWidth(v, use.Decimals, use.Grouped, use.Percent));
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
            Restyle(row, col, StyleChange.Header);
            Restyle(row + 1, col, StyleChange.Key);
        }
    }

    /// <summary>A bold section title in one cell.</summary>
    public void Title(int row, int col, string text)
    {
        Text(row, col, text);
        Restyle(row, col, StyleChange.Title);
    }

    /// <summary>Fixes a column's width (for wrapped long headers or message columns).</summary>
    public void Width(int col, double width) => fixedWidths[col] = width;

    /// <summary>Sets the height of one row (points), e.g. for a header row of long wrapped names.</summary>
    public void RowHeight(int row, double height) => rowHeights[row] = height;

    /// <summary>Bold text over columns <paramref name="fromCol"/>..<paramref name="toCol"/> of one row (cells without a value included).</summary>
    public void Bold(int row, int fromCol, int toCol) => Span(row, fromCol, row, toCol, StyleChange.Bold);

    /// <summary>Wraps text over a block of cells.</summary>
    public void Wrap(int fromRow, int fromCol, int toRow, int toCol) => Span(fromRow, fromCol, toRow, toCol, StyleChange.Wrap);

    /// <summary>Colours a block of cells (cells without a value included), e.g. a greyed row.</summary>
    public void Colour(int fromRow, int fromCol, int toRow, int toCol, Tone tone) => Span(fromRow, fromCol, toRow, toCol, Formats.Change(tone));

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

    internal void Restyle(int row, int col, StyleChange change)
    {
        ref var e = ref Slot(row, col);
        e = e.Kind == EntryKind.Absent
            ? new Entry(EntryKind.Empty, null, 0, Changed(0, change))
            : e with { Style = Changed(e.Style, change) };
    }

    private int Changed(int style, StyleChange change)
    {
        ref var to = ref CollectionsMarshal.GetValueRefOrAddDefault(changed, (style << 4) | (int)change, out var known);
        if (!known)
        {
            // Intern touches only the style table, so the reference into the change table stays valid.
            to = Intern(Apply(styles[style], change));
        }

        return to;
    }

    private static CellStyle Apply(CellStyle st, StyleChange change) => change switch
    {
        StyleChange.Wrap => st with { Wrap = true },
        StyleChange.AlignLeft => st with { AlignLeft = true },
        StyleChange.Bold => st with { Bold = true },
        StyleChange.Fail => Formats.With(st, Tone.Fail),
        StyleChange.Pass => Formats.With(st, Tone.Pass),
        StyleChange.Amber => Formats.With(st, Tone.Amber),
        StyleChange.Grey => Formats.With(st, Tone.Grey),
        StyleChange.AmberBold => Formats.With(st, Tone.Amber) with { Bold = true },
        StyleChange.Header => st with { Bold = true, FillColor = HeaderFill, Wrap = true, AlignBottom = true },
        StyleChange.Key => st with { FontColor = KeyFont, Italic = true, FillColor = KeyFill, BottomBorder = true },
        StyleChange.Title => st with { Bold = true, FontSize = 12 },
        _ => st,
    };

    internal async ValueTask StreamAsync(Spreadsheet spreadsheet, Func<CellStyle, StyleId?> styleOf, RowBuffer buffer)
    {
        // The workbook's style of each of this sheet's styles, by index, looked up once each.
        var ids = new StyleId?[styles.Count];
        var known = new bool[styles.Count];

        var options = new WorksheetOptions();
        if (freezeRows > 0)
        {
            options.FrozenRows = freezeRows;
        }

        if (freezeColumns > 0)
        {
            options.FrozenColumns = freezeColumns;
        }

        var last = Math.Max(widths.Length - 1, fixedWidths.Count == 0 ? 0 : fixedWidths.Keys.Max());
        for (var col = 1; col <= last; col++)
        {
            if (fixedWidths.TryGetValue(col, out var fixedWidth))
            {
                options.Column(col).Width = ColumnPadding + fixedWidth;
            }
            else if (col < widths.Length && widths[col] >= 0)
            {
                options.Column(col).Width = ColumnPadding + Math.Clamp(widths[col] + 2, 6, MaxWidth);
            }
        }

        await spreadsheet.StartWorksheetAsync(Name, options).ConfigureAwait(false);
        for (var r = 1; r < rows.Count; r++)
        {
            var count = 0;
            var (slab, offset, length) = rows[r];
            if (slab is not null)
            {
                var end = length - 1;
                while (end > 0 && slab[offset + end].Kind == EntryKind.Absent)
                {
                    end--;
                }

                var row = buffer.Cells(end);
                for (var c = 1; c <= end; c++)
                {
                    var e = slab[offset + c];
                    row[count++] = e.Kind == EntryKind.Absent ? default : ToCell(e, IdOf(ResolvedStyle(r, c, e)));
                }
            }

            var written = buffer.Memory(count);
            await (rowHeights.TryGetValue(r, out var h)
                ? spreadsheet.AddRowAsync(written, new RowOptions { Height = h })
                : spreadsheet.AddRowAsync(written)).ConfigureAwait(false);
        }

        StyleId? IdOf(int index)
        {
            if (index >= ids.Length)
            {
                // A style made while streaming (a column's number format on a cell's own look).
                Array.Resize(ref ids, styles.Count);
                Array.Resize(ref known, styles.Count);
            }

            if (!known[index])
            {
                ids[index] = styleOf(styles[index]);
                known[index] = true;
            }

            return ids[index];
        }
    }

    /// <summary>The cell's style index, with its column's number format where the cell has none of its own.</summary>
    private int ResolvedStyle(int row, int col, Entry e)
    {
        if (e.Kind != EntryKind.Number || columnFormats.Count == 0 || !columnFormats.TryGetValue(col, out var list) || styles[e.Style].NumberFormat is not null)
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

    private static StyledCell ToCell(Entry e, StyleId? id)
    {
        var data = e.Kind switch
        {
            EntryKind.Text => new DataCell(e.Text),
            EntryKind.Number => IsInt32(e.Value) ? new DataCell((int)e.Value) : new DataCell(e.Value),
            EntryKind.Bool => new DataCell(e.Value != 0),
            _ => new DataCell((string?)null),
        };
        return new StyledCell(data, id);
    }

    /// <summary>
    /// Whether a number is written the same as an integer cell: a whole number in Int32's range, not
    /// -0 (the shortest round-trip text of a double and of an int are then the same digits, and the
    /// int is written without the double's shortest-digits search).
    /// </summary>
    internal static bool IsInt32(double v) =>
        v is >= int.MinValue and <= int.MaxValue && v == Math.Truncate(v) && !(v == 0 && double.IsNegative(v));

    private void Span(int fromRow, int fromCol, int toRow, int toCol, StyleChange change)
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

    private NumberFormatUse FormatUse(string format)
    {
        if (lastFormat is { } last && ReferenceEquals(last.Format, format))
        {
            return last;
        }

        ref var use = ref CollectionsMarshal.GetValueRefOrAddDefault(numberFormats, format, out var known);
        if (!known)
        {
            use = new NumberFormatUse(format);
        }

        return lastFormat = use!;
    }

    /// <summary>A value written over a styled cell keeps the style; its own number format wins.</summary>
    private int Merge(int old, int now)
    {
        if (styles[now].NumberFormat is not { } format)
        {
            return old;
        }

        ref var to = ref CollectionsMarshal.GetValueRefOrAddDefault(merged, (old, now), out var known);
        if (!known)
        {
            to = Intern(styles[old] with { NumberFormat = format });
        }

        return to;
    }

    private Entry? Get(int row, int col)
    {
        if (row >= rows.Count || col >= rows[row].Length)
        {
            return null;
        }

        var (slab, offset, _) = rows[row];
        return slab![offset + col] is { Kind: not EntryKind.Absent } e ? e : null;
    }

    private ref Entry Slot(int row, int col)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(row, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(col, 1);
        while (rows.Count <= row)
        {
            rows.Add(default);
        }

        var run = rows[row];
        if (run.Length <= col)
        {
            rows[row] = run = Widen(run, col + 1);
        }

        return ref run.Slab![run.Offset + col];
    }

    /// <summary>A run of at least <paramref name="needed"/> entries holding the row's cells so far.</summary>
    private RowRun Widen(RowRun old, int needed)
    {
        widest = Math.Max(widest, needed);
        var length = Math.Max(widest, old.Length * 2);
        if (slabs.Count == 0 || slabUsed + length > slabs[^1].Length)
        {
            slabs.Add(EntryPool.Rent(Math.Max(SlabEntries, length)));
            slabUsed = 0;
        }

        var run = new RowRun(slabs[^1], slabUsed, length);
        slabUsed += length;
        if (old.Slab is { } from)
        {
            // The old run is left behind in its slab; it is cleared with the slab.
            from.AsSpan(old.Offset, old.Length).CopyTo(run.Slab.AsSpan(run.Offset));
        }

        return run;
    }

    /// <summary>
    /// Gives the sheet's cells back to the pool once streamed: a sheet is written once, and its
    /// values are not read after that.
    /// </summary>
    internal void Release()
    {
        foreach (var slab in slabs)
        {
            EntryPool.Return(slab, clearArray: true);
        }

        slabs.Clear();
        rows.Clear();
        slabUsed = 0;
    }

    /// <summary>Entries per pooled slab: 2 048 × 24 bytes stays below the large-object heap.</summary>
    private const int SlabEntries = 2048;

    private static ArrayPool<Entry> EntryPool => ArrayPool<Entry>.Shared;

    private void Track(int col, string shown) => Track(col, DisplayWidth(shown));

    private void Track(int col, double w)
    {
        if (col >= widths.Length)
        {
            var grown = new double[Math.Max(col + 1, widths.Length * 2)];
            grown.AsSpan(widths.Length).Fill(-1);
            widths.CopyTo(grown, 0);
            widths = grown;
        }

        ref var old = ref widths[col];
        old = old < 0 ? w : Math.Max(old, w);
    }

    /// <summary>
    /// How many characters the number takes as shown: its digits in the format's decimals (with group
    /// separators for "#,##0"), "00%" more for a percentage. Counted from the digits where that is
    /// certain, formatted otherwise: every number cell is measured, and formatting each one was a
    /// twentieth of a whole `metrics score` batch.
    /// </summary>
    internal static int NumberWidth(double v, string format)
    {
        var use = new NumberFormatUse(format);
        return NumberWidth(v, use.Decimals, use.Grouped, use.Percent);
    }

    private static int NumberWidth(double v, int decimals, bool grouped, bool percent)
    {
        var width = CountedWidth(v, grouped ? 0 : decimals, grouped) ?? FormattedWidth(v, decimals, grouped);
        return percent ? width + 3 : width;
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
        // Nearly every text is printable ASCII and CJK (U+0020..U+D7FF), which XML carries as it is:
        // one vectorised scan finds the first character that needs a closer look, if any.
        var first = text.AsSpan().IndexOfAnyExceptInRange(' ', '\uD7FF');
        var ok = true;
        for (var i = first; i >= 0 && i < text.Length && ok; i++)
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

    /// <summary>A row's entries: <see cref="Length"/> of them from <see cref="Offset"/> in <see cref="Slab"/> (none while null).</summary>
    private readonly record struct RowRun(Entry[]? Slab, int Offset, int Length);

    /// <summary>
    /// A number format as the widths read it (decimals after the point, group separators, a trailing
    /// percent sign), read once per sheet and format instead of once per cell.
    /// </summary>
    private sealed class NumberFormatUse
    {
        private int style = -1;

        public NumberFormatUse(string format)
        {
            Format = format;
            var dot = format.IndexOf('.', StringComparison.Ordinal);
            Decimals = dot >= 0 ? format.Length - dot - 1 : 0;
            Grouped = format.Contains(',', StringComparison.Ordinal);
            Percent = format.EndsWith('%');
        }

        public string Format { get; }

        public int Decimals { get; }

        public bool Grouped { get; }

        public bool Percent { get; }

        /// <summary>The sheet's style of a number cell with only this format (made on first use).</summary>
        public int Style(SheetWriter sheet)
        {
            if (style < 0)
            {
                style = sheet.Intern(new CellStyle(NumberFormat: Format));
            }

            return style;
        }
    }
}
