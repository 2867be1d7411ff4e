using System.Globalization;
using System.Text.RegularExpressions;
using Metrics.Excel.Reading;

namespace Metrics.Excel.Statistics;

/// <summary>
/// One sheet of an export read as a table: the header path of every column (merged header cells
/// carry their label only in their top-left cell, so a blank header cell belongs to the label on its
/// left when both share every label above), the rows below the header, and the title text above it.
/// Per-school forms also have row label paths: the text columns left of the values, whose code in
/// the 甲 | 乙 | 1 | 2 row is not a number.
/// </summary>
internal sealed partial class ExportTable
{
    private readonly Dictionary<string, int> _columns = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RawRow> _rowsByLabel = new(StringComparer.Ordinal);

    private ExportTable(RawSheet sheet)
    {
        Sheet = sheet;
    }

    public RawSheet Sheet { get; }

    public string Name => Sheet.Name;

    /// <summary>Text of the rows above the header (title, 学年, 单位).</summary>
    public string Title { get; private set; } = string.Empty;

    /// <summary>The unit the title row states for the whole sheet (<c>单位：万元</c>); null when none.</summary>
    public string? TitleUnit { get; private set; }

    /// <summary>Header paths as written (joined with →), for messages about a layout that is not recognised.</summary>
    public IReadOnlyList<string> PathsSeen { get; private set; } = [];

    /// <summary>The rows below the header (and below the code row).</summary>
    public IReadOnlyList<RawRow> DataRows { get; private set; } = [];

    /// <summary>Column index → the header label that carries a unit on the path (for <c>(万元)</c>).</summary>
    public Dictionary<int, string?> ColumnUnits { get; } = [];

    public int? Column(IReadOnlyList<string> path) => _columns.TryGetValue(ExportText.PathKey(path), out var c) ? c : null;

    public RawRow? Row(IReadOnlyList<string> path) => _rowsByLabel.TryGetValue(ExportText.PathKey(path), out var r) ? r : null;

    /// <summary>Row → its label (the last element of its label path), for row-label units.</summary>
    public Dictionary<int, string> RowLabels { get; } = [];

    /// <summary>The school year a title states (<c>2024/2025学年初</c> → 2024); null when none.</summary>
    public int? Year => YearOf(Title);

    internal static int? YearOf(string text)
    {
        var m = YearPattern().Match(text);
        return m.Success ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : null;
    }

    /// <summary>A school list: the header block starts at the first row with three or more cells and ends before the first row holding a number.</summary>
    public static ExportTable? List(RawSheet sheet)
    {
        var rows = sheet.Rows;
        var top = -1;
        for (var i = 0; i < rows.Count && i < 20; i++)
        {
            if (rows[i].Cells.Count >= 3)
            {
                top = i;
                break;
            }
        }

        if (top < 0)
        {
            return null;
        }

        var end = top;
        while (end < rows.Count && end - top < 8 && !rows[end].Cells.Any(c => c.Value is double) && !IsCodeRow(rows[end]))
        {
            end++;
        }

        var table = new ExportTable(sheet) { Title = string.Join(" ", rows.Take(top).SelectMany(r => r.Cells).Select(c => CellValues.AsText(c.Value))) };
        table.TitleUnit = rows.Take(top).SelectMany(r => r.Cells).Select(c => ExportText.UnitOf(CellValues.AsText(c.Value))).FirstOrDefault(u => u is not null);
        table.BuildColumns(rows.Skip(top).Take(end - top).ToArray(), 0);
        var first = end < rows.Count && IsCodeRow(rows[end]) ? end + 1 : end;
        table.DataRows = rows.Skip(first).ToArray();
        return table;
    }

    /// <summary>A form: the header block is the rows (up to five) above the 甲 | 乙 | 1 | 2 code row that hold two or more cells and no 单位.</summary>
    public static ExportTable? Form(RawSheet sheet)
    {
        var rows = sheet.Rows;
        var code = -1;
        for (var i = 0; i < rows.Count && i < 30; i++)
        {
            if (IsCodeRow(rows[i]))
            {
                code = i;
                break;
            }
        }

        if (code < 0)
        {
            return null;
        }

        var top = code;
        while (top > 0 && code - top < 5 && rows[top - 1].Cells.Count >= 2
            && !rows[top - 1].Cells.Any(c => CellValues.AsText(c.Value).Contains("单位", StringComparison.Ordinal)))
        {
            top--;
        }

        var titleCells = rows.Take(top).SelectMany(r => r.Cells).Select(c => CellValues.AsText(c.Value)).ToArray();
        var table = new ExportTable(sheet)
        {
            Title = string.Join(" ", titleCells),
            TitleUnit = titleCells.Select(ExportText.UnitOf).FirstOrDefault(u => u is not null),
        };

        // Label columns are coded with a text code (甲, 乙, 丙); the last of them is the row code (编号).
        var labelColumns = rows[code].Cells.Where(c => !IsNumberCode(c.Value)).Select(c => c.Column).Order().ToArray();
        var firstValue = rows[code].Cells.Where(c => IsNumberCode(c.Value)).Select(c => c.Column).DefaultIfEmpty(labelColumns.Length).Min();
        table.BuildColumns(rows.Skip(top).Take(code - top).ToArray(), firstValue);
        table.DataRows = rows.Skip(code + 1).ToArray();
        var pathColumns = labelColumns.Length > 1 ? labelColumns[..^1] : labelColumns;
        var carried = new string?[pathColumns.Length];
        foreach (var row in table.DataRows)
        {
            var labels = new string?[pathColumns.Length];
            for (var i = 0; i < pathColumns.Length; i++)
            {
                var text = row[pathColumns[i]] is { } v ? CellValues.AsText(v) : null;
                // Group labels (学段) are merged down their rows; the item label is on every row.
                labels[i] = !string.IsNullOrWhiteSpace(text) ? text : i < pathColumns.Length - 1 ? carried[i] : null;
                carried[i] = labels[i];
            }

            var key = ExportText.PathKey(labels);
            if (key.Length > 0)
            {
                table._rowsByLabel.TryAdd(key, row);
                table.RowLabels[row.Number] = labels[^1] ?? string.Empty;
            }
        }

        return table;
    }

    private void BuildColumns(IReadOnlyList<RawRow> header, int firstColumn)
    {
        var last = header.SelectMany(r => r.Cells).Select(c => c.Column).DefaultIfEmpty(-1).Max();
        var width = last + 1;
        var filled = new string?[header.Count, width];
        var prefix = new string[header.Count, width];
        for (var r = 0; r < header.Count; r++)
        {
            for (var c = 0; c < width; c++)
            {
                var text = header[r][c] is { } v ? CellValues.AsText(v) : null;
                var above = r == 0 ? string.Empty : prefix[r - 1, c] + "→" + filled[r - 1, c];
                if (!string.IsNullOrWhiteSpace(text))
                {
                    filled[r, c] = text;
                }
                else if (c > 0 && filled[r, c - 1] is { } left && (r == 0 || above == prefix[r - 1, c - 1] + "→" + filled[r - 1, c - 1]))
                {
                    // Same labels above as the column on the left: part of the left cell's merged span.
                    filled[r, c] = left;
                }

                prefix[r, c] = above;
            }
        }

        var seen = new List<string>();
        for (var c = firstColumn; c < width; c++)
        {
            var labels = Enumerable.Range(0, header.Count).Select(r => filled[r, c]).ToArray();
            var key = ExportText.PathKey(labels);
            if (key.Length == 0)
            {
                continue;
            }

            _columns.TryAdd(key, c);
            var written = labels.Where(l => !string.IsNullOrWhiteSpace(l)).Distinct().ToArray();
            seen.Add(string.Join(" → ", written));
            ColumnUnits[c] = written.Select(ExportText.UnitOf).LastOrDefault(u => u is not null);
        }

        PathsSeen = seen;
    }

    private static bool IsCodeRow(RawRow row) =>
        row.Cells.Count >= 2 && row.Cells.Any(c => CellValues.AsText(c.Value).Trim() == "甲");

    private static bool IsNumberCode(object value) =>
        value is double || (value is string s && s.Trim().Length > 0 && s.Trim().All(char.IsAsciiDigit));

    [GeneratedRegex(@"(\d{4})\s*[/／\-—–年至]\s*(\d{4})\s*学年")]
    private static partial Regex YearPattern();
}
