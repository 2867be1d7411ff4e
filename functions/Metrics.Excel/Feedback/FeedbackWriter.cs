using ClosedXML.Excel;
using Metrics.Core.Model;
using Metrics.Excel.Reading;
using Metrics.Excel.Schema;

namespace Metrics.Excel.Feedback;

/// <summary>
/// Returns a county's own workbook with every problem marked at its cell: red fill for errors, amber for
/// warnings, a comment with the Chinese and English messages, and a first sheet 问题清单 listing every
/// issue with a link to its cell.
/// </summary>
/// <remarks>
/// The marked copy is normally made by <see cref="MarkedPackage"/>, which copies the upload's zip entries
/// and rewrites only the parts the marks change (no object model is built: a few milliseconds instead
/// of the hundreds ClosedXML takes to load and save a county's workbook). Where it declines, ClosedXML
/// loads the workbook and annotates it as before. ClosedXML 0.95.4 cannot open some workbooks (LibreOffice-saved files with comments among them). Then
/// the workbook is rebuilt from the streamed cell values (formulas as their cached values, styles lost) and
/// annotated. When no marked copy can be made at all (a file that is not a workbook, or one neither path
/// can annotate), the county gets a plain workbook: the issues sheet alone, every issue with its
/// sheet and cell in Chinese and English. Writing feedback never throws for what the county sent: the
/// verdict must reach the county whatever the file holds. County-typed text is always written as text,
/// never as a formula, with characters an XML part cannot hold replaced by U+FFFD.
/// </remarks>
public static class FeedbackWriter
{
    /// <summary>Name of the issues sheet placed first.</summary>
    public const string IssuesSheetName = "问题清单";

    internal const string ErrorFillArgb = "FFFF7C80";
    internal const string WarningFillArgb = "FFFFC000";
    internal const string HeaderFillArgb = "FFDDEBF7";

    internal static readonly XLColor ErrorFill = XLColor.FromHtml("#FF7C80");
    internal static readonly XLColor WarningFill = XLColor.FromHtml("#FFC000");

    /// <summary>
    /// Writes the feedback workbook to <paramref name="output"/> (left open): the county's workbook marked
    /// at its cells when that can be made, otherwise the plain issues list. Returns which one was written.
    /// </summary>
    public static FeedbackKind Write(byte[] original, IReadOnlyList<ValidationIssue> issues, Stream output)
    {
        ArgumentNullException.ThrowIfNull(original);
        ArgumentNullException.ThrowIfNull(issues);
        ArgumentNullException.ThrowIfNull(output);

        var (result, kind) = Marked(original, issues) is { } marked ? (marked, FeedbackKind.Marked) : (Plain(issues), FeedbackKind.Plain);
        output.Write(result);
        return kind;
    }

    /// <summary>The county's own workbook marked at its cells, or null when neither ClosedXML nor the rebuild can make it.</summary>
    private static byte[]? Marked(byte[] original, IReadOnlyList<ValidationIssue> issues)
    {
        // Fast path: the upload's zip entries copied with only the marked parts rewritten (no object model).
        if (MarkedPackage.TryMark(original, issues) is { } fast)
        {
            return fast;
        }

        try
        {
            using var wb = new XLWorkbook(new MemoryStream(original, writable: false));
            return Annotate(wb, issues);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // ClosedXML could not open or save this file: rebuild it from the streamed values below.
        }

        try
        {
            using var wb = Rebuild(original);
            return wb is null ? null : Annotate(wb, issues);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Whatever the file holds (a sheet name ClosedXML refuses, a part it cannot write), the
            // county still gets every issue: the caller falls back to the plain list.
            return null;
        }
    }

    /// <summary>A fresh workbook holding only the issues sheet (every issue with its sheet and cell, zh + en).</summary>
    internal static byte[] Plain(IReadOnlyList<ValidationIssue> issues)
    {
        using var wb = new XLWorkbook();
        WriteIssuesSheet(wb, issues);
        using var ms = new MemoryStream();
        wb.SaveAs(ms);
        return ms.ToArray();
    }

    /// <summary>Whether <see cref="Write"/> would take the rebuild path (ClosedXML cannot open the file).</summary>
    internal static bool NeedsRebuild(byte[] original)
    {
        try
        {
            using var wb = new XLWorkbook(new MemoryStream(original, writable: false));
            return false;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return true;
        }
    }

    /// <summary>The workbook rebuilt from its streamed cell values, or null when the bytes are not a workbook.</summary>
    private static XLWorkbook? Rebuild(byte[] original)
    {
        var package = XlsxPackage.Open(original, ReaderLimits.Default, Issues.WorkbookLabel, out _);
        if (package is null)
        {
            return null;
        }

        var wb = new XLWorkbook();

        foreach (var entry in package.Sheets)
        {
            if (entry.Name == IssuesSheetName || wb.Worksheets.Contains(entry.Name))
            {
                continue;
            }

            var ws = wb.Worksheets.Add(entry.Name);
            RawSheet raw;
            try
            {
                raw = package.ReadSheet(entry, ReaderLimits.Default, out _);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                continue;
            }

            var widths = new Dictionary<int, int>();
            foreach (var row in raw.Rows)
            {
                foreach (var cell in row.Cells)
                {
                    var target = ws.Cell(row.Number, cell.Column + 1);
                    switch (cell.Value)
                    {
                        case double d:
                            target.SetValue(d);
                            if (cell.PercentFormat)
                            {
                                // Without its percent format a stored 0.95 would read back as an ambiguous bare 0.95.
                                target.Style.NumberFormat.Format = Metrics.Excel.Template.TemplateWriter.PercentFormat;
                            }

                            break;
                        case bool b:
                            target.SetValue(b);
                            break;
                        case DateTime dt:
                            target.SetValue(dt);
                            break;
                        default:
                            SetText(target, CellValues.AsText(cell.Value));
                            break;
                    }

                    var w = TextNormalizer.DisplayWidth(CellValues.AsText(cell.Value));
                    widths[cell.Column] = Math.Max(widths.GetValueOrDefault(cell.Column), w);
                }
            }

            foreach (var (col, w) in widths)
            {
                ws.Column(col + 1).Width = Math.Clamp(w + 2, 8, 50);
            }
        }

        return wb;
    }

    private static byte[] Annotate(XLWorkbook wb, IReadOnlyList<ValidationIssue> issues)
    {
        if (wb.TryGetWorksheet(IssuesSheetName, out var old))
        {
            old.Delete();
        }

        foreach (var group in issues.Where(i => i.Cell is not null && i.Row is not null).GroupBy(i => (i.Sheet, i.Cell)))
        {
            // An issue whose cell is not a valid A1 address stays on the issues sheet only.
            if (!XLHelper.IsValidA1Address(group.Key.Cell!) || !wb.TryGetWorksheet(group.Key.Sheet, out var ws))
            {
                continue;
            }

            var cell = ws.Cell(group.Key.Cell!);
            var worst = group.Any(i => i.Severity == Severity.Error) ? Severity.Error : Severity.Warning;
            cell.Style.Fill.BackgroundColor = worst == Severity.Error ? ErrorFill : WarningFill;
            var comment = cell.Comment;
            foreach (var issue in group)
            {
                if (comment.Count > 0)
                {
                    comment.AddNewLine();
                }

                comment.AddText(XmlSafe($"[{SeverityZh(issue.Severity)} {issue.Code}] {issue.MessageZh}"));
                comment.AddNewLine();
                comment.AddText(XmlSafe($"[{issue.Severity}] {issue.MessageEn}"));
            }

            comment.Style.Size.SetAutomaticSize();
        }

        WriteIssuesSheet(wb, issues);
        using var ms = new MemoryStream();
        wb.SaveAs(ms);
        return ms.ToArray();
    }

    private static void WriteIssuesSheet(XLWorkbook wb, IReadOnlyList<ValidationIssue> issues)
    {
        foreach (var sheet in wb.Worksheets)
        {
            sheet.TabSelected = false;
            sheet.TabActive = false;
        }

        var ws = wb.Worksheets.Add(IssuesSheetName, 1);
        string[] headers = ["序号 No.", "严重程度 Severity", "代码 Code", "位置 Location", "问题 (中文)", "Problem (English)"];
        for (var c = 0; c < headers.Length; c++)
        {
            SetText(ws.Cell(1, c + 1), headers[c]);
        }

        var header = ws.Range(1, 1, 1, headers.Length);
        header.Style.Font.Bold = true;
        header.Style.Fill.BackgroundColor = XLColor.FromHtml("#DDEBF7");

        var ordered = issues
            .Select((issue, index) => (issue, index))
            .OrderBy(x => x.issue.Severity)
            .ThenBy(x => x.index)
            .Select(x => x.issue)
            .ToList();
        var row = 2;
        foreach (var issue in ordered)
        {
            ws.Cell(row, 1).SetValue(row - 1);
            SetText(ws.Cell(row, 2), $"{SeverityZh(issue.Severity)} {issue.Severity}");
            ws.Cell(row, 2).Style.Fill.BackgroundColor = issue.Severity == Severity.Error ? ErrorFill : WarningFill;
            SetText(ws.Cell(row, 3), issue.Code);
            SetText(ws.Cell(row, 4), issue.Location);
            if (wb.TryGetWorksheet(issue.Sheet, out var target) && target.Name != IssuesSheetName && XLHelper.IsValidA1Address(issue.Cell ?? "A1"))
            {
                var address = $"'{target.Name.Replace("'", "''", StringComparison.Ordinal)}'!{issue.Cell ?? "A1"}";
                ws.Cell(row, 4).Hyperlink = new XLHyperlink(address, "转到该单元格 Go to the cell");
            }

            SetText(ws.Cell(row, 5), issue.MessageZh);
            SetText(ws.Cell(row, 6), issue.MessageEn);
            row++;
        }

        if (ordered.Count == 0)
        {
            SetText(ws.Cell(2, 5), "未发现问题。");
            SetText(ws.Cell(2, 6), "No problems found.");
        }

        ws.Column(1).Width = 9;
        ws.Column(2).Width = 18;
        ws.Column(3).Width = 28;
        ws.Column(4).Width = 20;
        ws.Column(5).Width = 70;
        ws.Column(6).Width = 70;
        ws.Range(1, 5, Math.Max(row, 2), 6).Style.Alignment.WrapText = true;
        ws.SheetView.FreezeRows(1);
        ws.TabSelected = true;
        ws.SetTabActive();
    }

    /// <summary>Writes text as text: a value such as <c>=HYPERLINK(...)</c> never becomes a formula.</summary>
    internal static void SetText(IXLCell cell, string value)
    {
        cell.SetValue(XmlSafe(value));
        cell.DataType = XLDataType.Text;
    }

    /// <summary>
    /// Text an XML part can hold, at most 32 767 characters (Excel's cell limit): C0 controls other than
    /// tab/LF/CR, U+FFFE/U+FFFF and lone surrogates become U+FFFD. A NUL typed in a school name would
    /// otherwise make saving the feedback throw.
    /// </summary>
    internal static string XmlSafe(string text)
    {
        const int MaxCell = 32_767;
        var ok = text.Length <= MaxCell;
        for (var i = 0; i < text.Length && ok; i++)
        {
            ok = IsXmlChar(text, i);
        }

        if (ok)
        {
            return text;
        }

        var sb = new System.Text.StringBuilder(Math.Min(text.Length, MaxCell));
        for (var i = 0; i < text.Length && sb.Length < MaxCell - 2; i++)
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

        return sb.ToString();
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

    private static string SeverityZh(Severity s) => s == Severity.Error ? "错误" : "警告";
}

/// <summary>Which feedback workbook a county got (<c>feedbackWorkbook</c> in validation.json).</summary>
public enum FeedbackKind
{
    /// <summary>The county's own workbook with every problem marked at its cell.</summary>
    Marked,

    /// <summary>A fresh workbook listing every issue with its sheet and cell; the marked copy could not be made.</summary>
    Plain,
}
