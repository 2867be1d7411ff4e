using Metrics.Core.Model;
using Metrics.Excel.Schema;

namespace Metrics.Excel.Reading;

/// <summary>
/// A table sheet after its header rows are resolved: field key → column, and the data rows.
/// <paramref name="HeaderRow"/> is the first header row (1 in the template), 0 when no header was found.
/// </summary>
internal sealed record TableSheet(string Name, SheetSpec Spec, IReadOnlyDictionary<string, int> Columns, IReadOnlyList<RawRow> DataRows, int NextFreeColumn, int HeaderRow = 1)
{
    private static readonly Dictionary<string, decimal> NoScales = new(StringComparer.Ordinal);

    /// <summary>Factor from the unit written in a column's header to the field's unit (万元 → 10 000), where not 1.</summary>
    public IReadOnlyDictionary<string, decimal> Scales { get; init; } = NoScales;

    /// <summary>Fields whose column was rejected for its unit (already reported; not reported again as missing).</summary>
    public IReadOnlySet<string> RejectedColumns { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>A field's spec, column and scale, looked up once for the table rather than by key at every row.</summary>
    public ColumnSlot Slot(string key) =>
        new(Spec.Field(key), Columns.TryGetValue(key, out var column) ? column : -1, Scales.TryGetValue(key, out var scale) ? scale : 1m);

    /// <summary>The cell of a resolved field in a row; the same as <see cref="At(RawRow, string)"/> with its key.</summary>
    public CellAt At(RawRow row, in ColumnSlot slot) =>
        slot.Column >= 0 && row.TryGetCell(slot.Column, out var cell)
            ? new CellAt(Name, row.Number, slot.Column, cell.Value, cell.PercentFormat, slot.Scale)
            : new CellAt(Name, row.Number, slot.Column, null);

    public CellAt At(RawRow row, string key) =>
        Columns.TryGetValue(key, out var col) && row.TryGetCell(col, out var cell)
            ? new CellAt(Name, row.Number, col, cell.Value, cell.PercentFormat, Scales.TryGetValue(key, out var scale) ? scale : 1m)
            : new CellAt(Name, row.Number, Columns.GetValueOrDefault(key, -1), null);
}

/// <summary>A field of a table as found: its spec, its column (−1 when missing) and the scale from its header's unit.</summary>
internal readonly record struct ColumnSlot(FieldSpec Field, int Column, decimal Scale);

/// <summary>The key–value sheet after resolution: field key → the cell holding its value.</summary>
internal sealed record KeyValueSheet(string Name, IReadOnlyDictionary<string, CellAt> Values);

/// <summary>
/// Finds the header of a sheet: columns by Chinese label (with or without unit) or English key, in any
/// order, ignoring case, spaces, underscores and full-width forms. The header is one row or two (Chinese
/// labels, then English keys) starting in row 1 as in the template, or lower down within the first
/// <see cref="HeaderSearchRows"/> rows when titles sit above it (a county's own title row is common).
/// </summary>
internal static class SheetLayoutReader
{
    /// <summary>How far down the header is looked for.</summary>
    public const int HeaderSearchRows = 5;

    // The example row's code, normalised once rather than once per data row.
    private static readonly string ExampleKey = TextNormalizer.Key(WorkbookSchema.ExampleCode);

    public static TableSheet ReadTable(RawSheet raw, SheetSpec spec, List<ValidationIssue> issues)
    {
        var lookup = Lookup(spec);
        RawRow? Row(int n)
        {
            foreach (var r in raw.Rows)
            {
                if (r.Number == n)
                {
                    return r;
                }
            }

            return null;
        }

        // The field each header cell names, worked out once per candidate row (rows 1 to HeaderSearchRows + 1):
        // a header cell is looked at when finding the header row and again when mapping its column.
        var matched = new FieldSpec?[]?[HeaderSearchRows + 2];
        FieldSpec?[] Fields(RawRow row)
        {
            if (matched[row.Number] is { } known)
            {
                return known;
            }

            var fields = new FieldSpec?[row.Cells.Count];
            for (var i = 0; i < fields.Length; i++)
            {
                fields[i] = lookup.TryGetValue(TextNormalizer.Key(CellValues.AsText(row.Cells[i].Value)), out var f) ? f : null;
            }

            return matched[row.Number] = fields;
        }

        // Row 1 is the header with a single match, as before; below it a row must be mostly template
        // columns, so that a title or a data row is not taken for a header.
        bool IsHeader(RawRow? row)
        {
            if (row is null)
            {
                return false;
            }

            var m = 0;
            foreach (var f in Fields(row))
            {
                m += f is null ? 0 : 1;
            }

            return m > 0 && (row.Number == 1 || m * 2 >= row.Cells.Count);
        }

        RawRow? top = null;
        for (var n = 1; n <= HeaderSearchRows && top is null; n++)
        {
            var row = Row(n);
            top = IsHeader(row) ? row : null;
        }

        if (top is null)
        {
            return NoHeader(raw, spec, issues);
        }

        var second = Row(top.Number + 1) is { } next && IsHeader(next) ? next : null;
        var headerEnd = second?.Number ?? top.Number;
        var columns = new Dictionary<string, int>(StringComparer.Ordinal);
        var scales = new Dictionary<string, decimal>(StringComparer.Ordinal);
        var rejected = new HashSet<string>(StringComparer.Ordinal);

        // The header cells, top row first, grouped by column in column order; within a column in row order.
        var count = top.Cells.Count + (second?.Cells.Count ?? 0);
        var cells = new (int Row, RawCell Cell, FieldSpec? Field)[count];
        var k = 0;
        foreach (var row in second is null ? [top] : new[] { top, second })
        {
            var fields = Fields(row);
            for (var i = 0; i < fields.Length; i++)
            {
                cells[k++] = (row.Number, row.Cells[i], fields[i]);
            }
        }

        // A stable sort by column: the position breaks ties, so a column keeps its cells in row order.
        var order = new long[count];
        for (var i = 0; i < count; i++)
        {
            order[i] = ((long)cells[i].Cell.Column << 32) | (uint)i;
        }

        Array.Sort(order);
        var sorted = new (int Row, RawCell Cell, FieldSpec? Field)[count];
        for (var i = 0; i < count; i++)
        {
            sorted[i] = cells[(int)(order[i] & uint.MaxValue)];
        }

        var maxCol = -1;
        for (var start = 0; start < count;)
        {
            var column = sorted[start].Cell.Column;
            var end = start + 1;
            while (end < count && sorted[end].Cell.Column == column)
            {
                end++;
            }

            maxCol = Math.Max(maxCol, column);
            FieldSpec? field = null;
            for (var i = start; i < end && field is null; i++)
            {
                field = sorted[i].Field;
            }

            var first = sorted[start];
            if (field is null)
            {
                var text = CellValues.AsText(first.Cell.Value);
                issues.Add(Issues.Cell(Severity.Warning, IssueCodes.UnknownColumn, raw.Name, first.Row, column, null,
                    $"列标题 {CellValues.Show(text)} 不是模板中的列，已忽略。如是必填列请改回模板标题。",
                    $"Column header {CellValues.Show(text)} is not a template column and was ignored. If it holds required data, restore the template header."));
            }
            else if (columns.TryGetValue(field.Key, out var earlier))
            {
                issues.Add(Issues.Cell(Severity.Warning, IssueCodes.UnknownColumn, raw.Name, first.Row, column, field.Key,
                    $"列「{field.HeaderZh}」重复出现(第一次在 {TextNormalizer.ColumnLetters(earlier)} 列)，本列已忽略。请删除重复列。",
                    $"Column {field.Key} appears twice (first in column {TextNormalizer.ColumnLetters(earlier)}); this one was ignored. Delete the duplicate."));
            }
            else if (!AcceptUnit(raw.Name, field, sorted.AsSpan(start, end - start), column, scales, issues))
            {
                rejected.Add(field.Key);
            }
            else
            {
                columns[field.Key] = column;
            }

            start = end;
        }

        foreach (var r in raw.Rows)
        {
            if (r.Number > headerEnd)
            {
                var cellsOfRow = r.Cells;
                for (var i = 0; i < cellsOfRow.Count; i++)
                {
                    maxCol = Math.Max(maxCol, cellsOfRow[i].Column);
                }
            }
        }

        var codeColumn = columns.TryGetValue(ColumnKeys.SchoolCode, out var cc) ? cc : -1;
        var data = new List<RawRow>(raw.Rows.Count);
        foreach (var r in raw.Rows)
        {
            if (r.Number > headerEnd && !IsExample(r, codeColumn))
            {
                data.Add(r);
            }
        }

        return new TableSheet(raw.Name, spec, columns, data, maxCol + 1, top.Number) { Scales = scales, RejectedColumns = rejected };
    }

    /// <summary>One issue saying where the header was expected; no data is read from a sheet without one.</summary>
    private static TableSheet NoHeader(RawSheet raw, SheetSpec spec, List<ValidationIssue> issues)
    {
        var example = spec.Fields[0];
        var seen = raw.Rows.FirstOrDefault(r => r.Number <= HeaderSearchRows);
        var found = seen is null
            ? ("前几行是空的", "they are empty")
            : ($"第 {seen.Number} 行为 {CellValues.Show(seen.Cells[0].Value)}", $"row {seen.Number} starts with {CellValues.Show(seen.Cells[0].Value)}");
        issues.Add(Issues.Cell(Severity.Error, IssueCodes.HeaderNotFound, raw.Name, 1, 0, null,
            $"工作表「{raw.Name}」前 {HeaderSearchRows} 行中找不到列标题({found.Item1})。列标题应在第 1 行(中文，如「{example.HeaderZh}」)和第 2 行(英文键，如 {example.Key})，上方可以有标题行。请按模板恢复列标题后重新上传。",
            $"Sheet {raw.Name} has no column header in its first {HeaderSearchRows} rows ({found.Item2}). The header belongs in row 1 (Chinese, e.g. {example.HeaderZh}) and row 2 (English keys, e.g. {example.Key}), with any title rows above it. Restore the template's header and upload again."));
        return new TableSheet(raw.Name, spec, new Dictionary<string, int>(StringComparer.Ordinal), [], 0, 0);
    }

    /// <summary>
    /// Honours a unit written in the header (万元 → × 10 000, with a warning saying so) or rejects the
    /// column when the unit cannot be converted to the field's (an error naming the column).
    /// </summary>
    private static bool AcceptUnit(string sheet, FieldSpec field, ReadOnlySpan<(int Row, RawCell Cell, FieldSpec? Field)> headerCells, int column, Dictionary<string, decimal> scales, List<ValidationIssue> issues)
    {
        foreach (var (row, cell, _) in headerCells)
        {
            var text = CellValues.AsText(cell.Value);
            switch (HeaderUnits.Read(field, text, out var scale, out var unit))
            {
                case HeaderUnits.Outcome.Converted:
                    scales[field.Key] = scale;
                    issues.Add(Issues.Cell(Severity.Warning, IssueCodes.UnitConverted, sheet, row, column, field.Key,
                        $"列标题 {CellValues.Show(text)} 注明单位为{unit}，已按 1 {unit} = {scale.ToString(System.Globalization.CultureInfo.InvariantCulture)} {field.Unit} 换算。",
                        $"Column header {CellValues.Show(text)} gives the unit {unit}; values were converted at 1 {unit} = {scale.ToString(System.Globalization.CultureInfo.InvariantCulture)} {field.Unit}."));
                    return true;
                case HeaderUnits.Outcome.Rejected:
                    issues.Add(Issues.Cell(Severity.Error, IssueCodes.UnknownUnit, sheet, row, column, field.Key,
                        $"列「{field.LabelZh}」的标题 {CellValues.Show(text)} 注明单位为{unit}，无法换算为{field.Unit}，本列未读取。请按{field.Unit}填写并把标题改为「{field.HeaderZh}」。",
                        $"Column {field.Key} ({CellValues.Show(text)}) is in {unit}, which cannot be converted to {field.Unit}; the column was not read. Enter the values in {field.Unit} and use the header {field.HeaderZh}."));
                    return false;
            }
        }

        return true;
    }

    public static KeyValueSheet ReadKeyValue(RawSheet raw, SheetSpec spec, List<ValidationIssue> issues)
    {
        var lookup = Lookup(spec);
        int keyCol = 0, labelCol = 1, valueCol = 2;
        var headerEnd = 0;
        foreach (var r in raw.Rows.Where(r => r.Number <= HeaderSearchRows))
        {
            var found = false;
            foreach (var c in r.Cells)
            {
                switch (TextNormalizer.Key(CellValues.AsText(c.Value)))
                {
                    case "键" or "key" or "键key":
                        keyCol = c.Column;
                        found = true;
                        break;
                    case "项目" or "label" or "item" or "项目label":
                        labelCol = c.Column;
                        found = true;
                        break;
                    case "值" or "value" or "值value" or "填写值":
                        valueCol = c.Column;
                        found = true;
                        break;
                }
            }

            if (found)
            {
                headerEnd = r.Number;
            }
        }

        var values = new Dictionary<string, CellAt>(StringComparer.Ordinal);
        foreach (var r in raw.Rows.Where(r => r.Number > headerEnd))
        {
            var keyText = r[keyCol];
            var labelText = r[labelCol];
            FieldSpec? field = null;
            if (keyText is not null && lookup.TryGetValue(TextNormalizer.Key(CellValues.AsText(keyText)), out var f1))
            {
                field = f1;
            }
            else if (labelText is not null && lookup.TryGetValue(TextNormalizer.Key(CellValues.AsText(labelText)), out var f2))
            {
                field = f2;
            }

            var valueCell = r.CellAt(valueCol);
            var value = valueCell?.Value;
            if (field is null)
            {
                if (!CellValues.IsEmpty(value))
                {
                    var shown = CellValues.Show(keyText ?? labelText);
                    issues.Add(Issues.Cell(Severity.Warning, IssueCodes.UnknownColumn, raw.Name, r.Number, keyText is not null ? keyCol : labelCol, null,
                        $"项目 {shown} 不是模板中的项目，已忽略。请使用模板中的键。",
                        $"Item {shown} is not a template item and was ignored. Use the keys of the template."));
                }

                continue;
            }

            if (values.TryGetValue(field.Key, out var earlier))
            {
                issues.Add(Issues.Cell(Severity.Warning, IssueCodes.UnknownColumn, raw.Name, r.Number, keyCol, field.Key,
                    $"项目「{field.HeaderZh}」重复(第一次在第 {earlier.Row} 行)，本行已忽略。",
                    $"Item {field.Key} appears twice (first in row {earlier.Row}); this row was ignored."));
                continue;
            }

            // A unit in the item's label (生均公用经费基准定额(万元)) is honoured or the item rejected, as for table headers.
            var scales = new Dictionary<string, decimal>(StringComparer.Ordinal);
            if (labelText is not null && !AcceptUnit(raw.Name, field, [(r.Number, new RawCell(labelCol, labelText), field)], labelCol, scales, issues))
            {
                continue;
            }

            values[field.Key] = new CellAt(raw.Name, r.Number, valueCol, value, valueCell?.PercentFormat ?? false, scales.TryGetValue(field.Key, out var scale) ? scale : 1m);
        }

        return new KeyValueSheet(raw.Name, values);
    }

    /// <summary>Whether a row is the template's example row (school_code 示例EXAMPLE), which is skipped.</summary>
    private static bool IsExample(RawRow row, int codeColumn)
    {
        if (codeColumn < 0)
        {
            return false;
        }

        var v = row[codeColumn];
        if (v is null)
        {
            return false;
        }

        var key = TextNormalizer.Key(CellValues.AsText(v));
        return key == ExampleKey || key.StartsWith("示例", StringComparison.Ordinal);
    }

    // A sheet's lookup depends on its spec alone; built once per spec rather than once per workbook read.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<SheetSpec, Dictionary<string, FieldSpec>> Lookups = [];

    private static Dictionary<string, FieldSpec> Lookup(SheetSpec spec) => Lookups.GetValue(spec, BuildLookup);

    private static Dictionary<string, FieldSpec> BuildLookup(SheetSpec spec)
    {
        var d = new Dictionary<string, FieldSpec>(StringComparer.Ordinal);
        foreach (var f in spec.Fields)
        {
            d.TryAdd(TextNormalizer.Key(f.Key), f);
            d.TryAdd(TextNormalizer.Key(f.LabelZh), f);
            d.TryAdd(TextNormalizer.Key(f.HeaderZh), f);
        }

        return d;
    }
}
