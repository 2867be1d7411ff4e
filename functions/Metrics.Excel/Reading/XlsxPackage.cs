using System.Globalization;
using System.IO.Compression;
using System.Xml;
using Metrics.Core.Model;
using Metrics.Excel.Schema;

namespace Metrics.Excel.Reading;

/// <summary>
/// A non-empty cell: 0-based column and the value as stored (string, double, bool or DateTime).
/// <paramref name="PercentFormat"/> tells that a number carries a percent number format (Excel stores a typed
/// <c>95%</c> as 0.95 with such a format).
/// </summary>
internal readonly record struct RawCell(int Column, object Value, bool PercentFormat = false);

/// <summary>A row holding at least one non-empty cell; <paramref name="Number"/> is 1-based.</summary>
internal sealed record RawRow(int Number, IReadOnlyList<RawCell> Cells)
{
    // The reader hands over an exact-size array; kept typed so the per-field lookups index it directly.
    private readonly RawCell[] _cells = Cells as RawCell[] ?? [.. Cells];

    // Whether the columns strictly increase, so that a cell found at its own column's index is the only one there.
    private readonly bool _ascending = StrictlyAscending(Cells);

    public object? this[int column] => TryGetCell(column, out var cell) ? cell.Value : null;

    public RawCell? CellAt(int column) => TryGetCell(column, out var cell) ? cell : null;

    /// <summary>The cell at a 0-based column, if it holds a value.</summary>
    public bool TryGetCell(int column, out RawCell cell)
    {
        var cells = _cells;
        // A filled template row is dense from column A, so the cell usually sits at its own column's index;
        // otherwise (gaps, cells out of order) it is searched for.
        if (_ascending && (uint)column < (uint)cells.Length && cells[column].Column == column)
        {
            cell = cells[column];
            return true;
        }

        for (var i = 0; i < cells.Length; i++)
        {
            if (cells[i].Column == column)
            {
                cell = cells[i];
                return true;
            }
        }

        cell = default;
        return false;
    }

    private static bool StrictlyAscending(IReadOnlyList<RawCell> cells)
    {
        for (var i = 1; i < cells.Count; i++)
        {
            if (cells[i].Column <= cells[i - 1].Column)
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>The non-empty rows of one sheet, as found in the file.</summary>
internal sealed record RawSheet(string Name, IReadOnlyList<RawRow> Rows);

/// <summary>A worksheet listed in <c>xl/workbook.xml</c>.</summary>
internal sealed record SheetEntry(string Name, string PartPath, int? DimensionRows, int? DimensionColumns);

/// <summary>Which cap stopped reading a sheet.</summary>
internal enum SheetLimit
{
    None,
    Rows,
    Columns,
    UnpackedBytes,
}

/// <summary>
/// The .xlsx container: recognises what the bytes are, enforces the size caps, lists the sheets, and
/// streams a sheet's cells with a forward-only scanner (<see cref="SheetXml"/>) over the zip entry.
/// </summary>
/// <remarks>
/// Every byte inflated from the package (workbook, relationships, styles, shared strings, sheets) is
/// counted as it is read, whatever the zip directory claims, and reading stops at
/// <see cref="ReaderLimits.MaxUncompressedSheetBytes"/>. Cells are kept only when they hold a value, so the
/// cost follows the data, not the column letters (a lone cell at XFD1 is one cell). Reading stops at the first
/// value beyond the row or column cap. DTDs are refused by <see cref="SheetXml"/>, which reads every
/// part (relationships, workbook, styles, shared strings, sheets), so entity expansion and external entities
/// end as a damaged-file verdict.
/// <para>
/// The cell loop is the reader's hot path (tens of thousands of cells a county). Cell references, style
/// indexes, types and numbers are decoded into one reused <see cref="CharBuffer"/> and parsed there
/// (<see cref="CellReference"/>), so a cell costs no strings; only text values become strings. Rows keep
/// exact-size arrays, in which a dense row finds a column at its own index.
/// </para>
/// </remarks>
internal sealed class XlsxPackage
{
    // The archive's directory is read once, when the package is opened; every sheet is inflated from it.
    private readonly ZipArchive _zip;
    private readonly string[] _sharedStrings;
    private readonly CellFormat[] _formats;
    private readonly long _openSpent;
    private readonly Dictionary<string, long> _sheetSpent = new(StringComparer.Ordinal);

    private XlsxPackage(ZipArchive zip, IReadOnlyList<SheetEntry> sheets, string[] sharedStrings, CellFormat[] formats, long openSpent)
    {
        _zip = zip;
        Sheets = sheets;
        _sharedStrings = sharedStrings;
        _formats = formats;
        _openSpent = openSpent;
    }

    public IReadOnlyList<SheetEntry> Sheets { get; }

    /// <summary>The shared-strings table as read when the package was opened.</summary>
    internal IReadOnlyList<string> SharedStrings => _sharedStrings;

    /// <summary>What each cell style says about numbers, by <c>cellXfs</c> index.</summary>
    internal IReadOnlyList<CellFormat> Formats => _formats;

    /// <summary>What a cell's number format says about its number.</summary>
    internal enum CellFormat : byte
    {
        General,
        Percent,
        Date,
    }

    /// <summary>
    /// Opens the bytes as an .xlsx package, or returns the issue that says why it is not one
    /// (empty, not a zip, old .xls, encrypted, corrupt, too large).
    /// </summary>
    public static XlsxPackage? Open(byte[] bytes, ReaderLimits limits, string fileLabel, out ValidationIssue? issue)
    {
        issue = Sniff(bytes, limits, fileLabel);
        if (issue is not null)
        {
            return null;
        }

        var budget = new UnpackBudget(limits.MaxUncompressedSheetBytes);
        ZipArchive? zip = null;
        try
        {
            // Over a read-only array: the archive holds nothing to release, so the package keeps it without disposal.
            zip = new ZipArchive(new MemoryStream(bytes, writable: false), ZipArchiveMode.Read);
            var workbookPath = OfficeDocumentPath(zip, budget);
            var workbookEntry = zip.GetEntry(workbookPath);
            if (workbookEntry is null)
            {
                issue = zip.GetEntry("mimetype") is not null || zip.GetEntry("content.xml") is not null
                    ? Issues.File(IssueCodes.NotXlsx, fileLabel,
                        "文件是 OpenDocument(.ods) 等格式，不是 Excel .xlsx。请用“另存为 → Excel 2007-365 (.xlsx)”保存后重新上传。",
                        "The file is an OpenDocument (.ods) or other zip file, not an Excel .xlsx. Save it as Excel 2007-365 (.xlsx) and upload again.")
                    : Issues.File(IssueCodes.NotXlsx, fileLabel,
                        "文件是压缩包但不含 Excel 工作簿(缺少 xl/workbook.xml)。请上传用模板填写的 .xlsx 文件。",
                        "The file is a zip archive without an Excel workbook (no xl/workbook.xml). Upload the .xlsx filled from the template.");
                return null;
            }

            // The directory's claim is checked first so an honest large file is turned away without inflating
            // anything; the streaming count below catches a directory that lies.
            long declared = 0;
            foreach (var e in zip.Entries)
            {
                if (e.FullName.StartsWith("xl/", StringComparison.OrdinalIgnoreCase)
                    && e.FullName.EndsWith(".xml", StringComparison.OrdinalIgnoreCase))
                {
                    declared = checked(declared + e.Length);
                }
            }

            if (declared > limits.MaxUncompressedSheetBytes)
            {
                issue = TooLargeUnpacked(fileLabel, limits, declared);
                return null;
            }

            var parts = WorkbookParts(zip, workbookPath, budget);
            var sheets = ListSheets(zip, workbookPath, parts.Sheets, budget);
            var formats = parts.Styles is { } stylesPath && zip.GetEntry(stylesPath) is { } styles
                ? ReadFormats(styles, budget)
                : [];
            var strings = parts.SharedStrings is { } sstPath && zip.GetEntry(sstPath) is { } sst
                ? ReadSharedStrings(sst, budget, limits)
                : [];
            var package = new XlsxPackage(zip, sheets, strings, formats, budget.Spent);
            zip = null;
            return package;
        }
        catch (UnpackLimitException)
        {
            issue = TooLargeUnpacked(fileLabel, limits, null);
            return null;
        }
        catch (Exception e) when (e is InvalidDataException or XmlException or IOException or OverflowException or ArgumentException or FormatException or NotSupportedException)
        {
            issue = Issues.File(IssueCodes.CorruptZip, fileLabel,
                "文件已损坏，无法作为 .xlsx 打开(压缩结构或工作簿清单有误)。请在 Excel/WPS 中重新打开并另存为 .xlsx 后上传。",
                $"The file is damaged and cannot be opened as .xlsx ({e.GetType().Name}). Open it in Excel/WPS, save it as .xlsx again and upload.");
            return null;
        }
        finally
        {
            zip?.Dispose();
        }
    }

    /// <summary>The issue for a package that unpacks past the cap; <paramref name="declared"/> when the zip directory said so.</summary>
    internal static ValidationIssue TooLargeUnpacked(string fileLabel, ReaderLimits limits, long? declared) =>
        declared is { } d
            ? Issues.File(IssueCodes.TooLarge, fileLabel,
                $"工作簿解压后共 {Mb(d)} MB，超过上限 {Mb(limits.MaxUncompressedSheetBytes)} MB。请删除多余的工作表、行和格式后重新上传。",
                $"The workbook unpacks to {Mb(d)} MB, above the limit of {Mb(limits.MaxUncompressedSheetBytes)} MB. Delete extra sheets, rows and formatting, then upload again.")
            : Issues.File(IssueCodes.TooLarge, fileLabel,
                $"工作簿解压后超过上限 {Mb(limits.MaxUncompressedSheetBytes)} MB，已停止读取。请删除多余的工作表、行、空白和格式后重新上传。",
                $"The workbook unpacks to more than the limit of {Mb(limits.MaxUncompressedSheetBytes)} MB; reading stopped there. Delete extra sheets, rows, blank space and formatting, then upload again.");

    /// <summary>Reads the non-empty rows of a sheet; see <see cref="ReadSheetWithin"/>.</summary>
    public RawSheet ReadSheet(SheetEntry sheet, ReaderLimits limits, out bool tooLarge)
    {
        var raw = ReadSheetWithin(sheet, limits, out var exceeded);
        tooLarge = exceeded != SheetLimit.None;
        return raw;
    }

    /// <summary>
    /// Reads the non-empty rows of a sheet. Stops at the first value beyond <see cref="ReaderLimits.MaxRowsPerSheet"/>
    /// or <see cref="ReaderLimits.MaxColumnsPerSheet"/>, or when the package has inflated past
    /// <see cref="ReaderLimits.MaxUncompressedSheetBytes"/>, and says which in <paramref name="exceeded"/>.
    /// </summary>
    public RawSheet ReadSheetWithin(SheetEntry sheet, ReaderLimits limits, out SheetLimit exceeded)
    {
        exceeded = SheetLimit.None;
        if (sheet.DimensionRows > limits.MaxRowsPerSheet)
        {
            // Checked before reading: the sheet declares (in <dimension>) more rows than allowed.
            exceeded = SheetLimit.Rows;
            return new RawSheet(sheet.Name, []);
        }

        if (sheet.DimensionColumns > limits.MaxColumnsPerSheet)
        {
            exceeded = SheetLimit.Columns;
            return new RawSheet(sheet.Name, []);
        }

        var others = 0L;
        foreach (var (part, spent) in _sheetSpent)
        {
            others += part == sheet.PartPath ? 0 : spent;
        }

        var budget = new UnpackBudget(limits.MaxUncompressedSheetBytes - _openSpent - others);
        var rows = new List<RawRow>();
        try
        {
            var entry = sheet.PartPath.Length == 0 ? null : _zip.GetEntry(sheet.PartPath);
            if (entry is null)
            {
                return new RawSheet(sheet.Name, rows);
            }

            using var stream = budget.Open(entry);
            exceeded = ReadRows(stream, rows, limits, _sharedStrings, _formats);
        }
        catch (UnpackLimitException)
        {
            exceeded = SheetLimit.UnpackedBytes;
        }
        finally
        {
            _sheetSpent[sheet.PartPath] = Math.Max(_sheetSpent.GetValueOrDefault(sheet.PartPath), budget.Spent);
        }

        return new RawSheet(sheet.Name, rows);
    }

    /// <summary>Reads a worksheet part's non-empty rows into <paramref name="rows"/>; which cap stopped it, if any.</summary>
    internal static SheetLimit ReadRows(Stream part, List<RawRow> rows, ReaderLimits limits, string[] sharedStrings, CellFormat[] formats)
    {
        using var x = new SheetXml(part);
        // Attribute values and <v> texts are decoded into this buffer and parsed from it: a string per cell
        // reference, style index and number was most of what reading a sheet allocated.
        var text = new CharBuffer();
        var inline = new CharBuffer();
        var rowNumber = 0;
        var column = -1;
        // One list reused for every row; a row keeps an exact-size copy of its cells.
        var cells = new List<RawCell>();
        var inSheetData = false;
        XmlToken token;
        while ((token = x.Next()) != XmlToken.EndOfFile)
        {
            if (token == XmlToken.EndElement)
            {
                if (x.Is("row"u8) && cells.Count > 0)
                {
                    rows.Add(new RawRow(rowNumber, cells.ToArray()));
                    cells.Clear();
                }
                else if (x.Is("sheetData"u8))
                {
                    break;
                }

                continue;
            }

            if (!inSheetData)
            {
                inSheetData = x.Is("sheetData"u8);
                if (inSheetData && x.IsEmptyElement)
                {
                    break;
                }

                continue;
            }

            if (x.Is("row"u8))
            {
                rowNumber = x.TryGetAttribute("r"u8, text) ? CellReference.Row(text.Span, 0) : rowNumber + 1;
                column = -1;
                cells.Clear();
                continue;
            }

            if (!x.Is("c"u8))
            {
                continue;
            }

            var hasReference = false;
            var type = CellType.Number;
            var format = CellFormat.General;
            for (var i = 0; i < x.AttributeCount; i++)
            {
                if (x.IsAttribute(i, "r"u8))
                {
                    // Without a reference a cell follows the previous one, valued or not.
                    var reference = x.AttributeValue(i, text);
                    hasReference = true;
                    column = CellReference.Column(reference);
                    if (rowNumber == 0)
                    {
                        rowNumber = CellReference.Row(reference, 1);
                    }
                }
                else if (x.IsAttribute(i, "t"u8))
                {
                    type = TypeOf(x.AttributeValue(i, text));
                }
                else if (x.IsAttribute(i, "s"u8))
                {
                    if (int.TryParse(x.AttributeValue(i, text), NumberStyles.None, CultureInfo.InvariantCulture, out var style)
                        && style >= 0 && style < formats.Length)
                    {
                        format = formats[style];
                    }
                }
            }

            if (!hasReference)
            {
                column++;
            }

            var value = x.IsEmptyElement ? null : CellValue(x, text, inline, type, format, sharedStrings);
            if (value is null || (value is string str && str.Length == 0))
            {
                continue;
            }

            // Checked on values only: office suites write styled empty cells and rows far beyond the data.
            if (rowNumber > limits.MaxRowsPerSheet)
            {
                return SheetLimit.Rows;
            }

            if (column >= limits.MaxColumnsPerSheet)
            {
                return SheetLimit.Columns;
            }

            cells.Add(new RawCell(column, value, format == CellFormat.Percent && value is double));
        }

        if (cells.Count > 0)
        {
            rows.Add(new RawRow(rowNumber, cells.ToArray()));
        }

        return SheetLimit.None;
    }

    /// <summary>The cell types of the <c>t</c> attribute; anything else is read as a number, as Excel does.</summary>
    internal enum CellType : byte
    {
        Number,
        SharedString,
        InlineString,
        FormulaString,
        Error,
        Boolean,
        Date,
    }

    internal static CellType TypeOf(ReadOnlySpan<char> t) => t switch
    {
        "s" => CellType.SharedString,
        "inlineStr" => CellType.InlineString,
        "str" => CellType.FormulaString,
        "e" => CellType.Error,
        "b" => CellType.Boolean,
        "d" => CellType.Date,
        _ => CellType.Number,
    };

    /// <summary>Reads a cell's children through its end tag; the value as stored, or null when it has none.</summary>
    private static object? CellValue(SheetXml x, CharBuffer text, CharBuffer inlineText, CellType type, CellFormat format, string[] sharedStrings)
    {
        var hasV = false;
        string? inline = null;
        var depth = x.Depth;
        XmlToken token;
        while ((token = x.Next()) != XmlToken.EndOfFile)
        {
            if (token == XmlToken.EndElement)
            {
                if (x.Depth == depth)
                {
                    break;
                }

                continue;
            }

            if (x.Is("v"u8))
            {
                hasV = true;
                x.ReadContent(text);
            }
            else if (x.Is("is"u8) && !x.IsEmptyElement)
            {
                inline = InlineText(x, text, inlineText);
            }
        }

        var v = text.Span;
        switch (type)
        {
            case CellType.SharedString:
                if (!hasV || v.Length == 0)
                {
                    return null;
                }

                var i = int.Parse(v, NumberStyles.None, CultureInfo.InvariantCulture);
                return i < sharedStrings.Length ? sharedStrings[i] : throw new InvalidDataException("shared string index out of range");
            case CellType.InlineString:
                return inline is not null ? XString.Unescape(inline) : hasV ? XString.Unescape(v.ToString()) : null;
            case CellType.FormulaString:
                return hasV ? XString.Unescape(v.ToString()) : null;
            case CellType.Error:
                return hasV ? v.ToString() : null;
            case CellType.Boolean:
                return !hasV || v.Length == 0 ? null : v.Trim().SequenceEqual("1");
            case CellType.Date:
                return !hasV || v.Length == 0 ? null
                    : DateTime.TryParse(v, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var iso) ? iso : v.ToString();
            default:
                if (!hasV || v.Length == 0)
                {
                    return null;
                }

                if (!TryWholeNumber(v, out var d) && !double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out d))
                {
                    return v.ToString();
                }

                // The date serial range Excel itself accepts (1900-01-01 to 9999-12-31).
                return format == CellFormat.Date && d is >= 0 and < 2958466 ? DateTime.FromOADate(d) : BoxedNumbers.Box(d);
        }
    }

    /// <summary>
    /// A value of 1 to 15 plain digits (most count cells), read without the general number parser: below
    /// 10^15 every whole number is exact in a double, so this is the value double.Parse gives.
    /// </summary>
    private static bool TryWholeNumber(ReadOnlySpan<char> v, out double value)
    {
        value = 0;
        if (v.Length is 0 or > 15)
        {
            return false;
        }

        long n = 0;
        foreach (var ch in v)
        {
            if (ch is < '0' or > '9')
            {
                return false;
            }

            n = (n * 10) + (ch - '0');
        }

        value = n;
        return true;
    }

    /// <summary>
    /// The text of an inline string (<c>&lt;is&gt;</c>): its <c>&lt;t&gt;</c> elements joined, rich-text runs
    /// included and phonetic runs (<c>&lt;rPh&gt;</c>) left out; reads through its end tag.
    /// </summary>
    private static string InlineText(SheetXml x, CharBuffer scratch, CharBuffer text)
    {
        var depth = x.Depth;
        text.Clear();
        XmlToken token;
        while ((token = x.Next()) != XmlToken.EndOfFile)
        {
            if (token == XmlToken.EndElement)
            {
                if (x.Depth == depth)
                {
                    break;
                }

                continue;
            }

            if (x.Is("rPh"u8))
            {
                x.SkipElement();
            }
            else if (x.Is("t"u8) && !x.IsEmptyElement)
            {
                x.ReadContent(scratch);
                text.Append(scratch.Span);
            }
        }

        return text.ToString();
    }

    private static ValidationIssue? Sniff(byte[] bytes, ReaderLimits limits, string fileLabel)
    {
        if (bytes.Length == 0)
        {
            return Issues.File(IssueCodes.EmptyFile, fileLabel,
                "上传的文件是空的(0 字节)。请重新上传填写好的 .xlsx 文件。",
                "The uploaded file is empty (0 bytes). Upload the filled .xlsx file again.");
        }

        if (bytes.Length > limits.MaxCompressedBytes)
        {
            return Issues.File(IssueCodes.TooLarge, fileLabel,
                $"文件大小超过上限 {Mb(limits.MaxCompressedBytes)} MB。请删除多余的工作表、图片和格式后重新上传。",
                $"The file is larger than the limit of {Mb(limits.MaxCompressedBytes)} MB. Delete extra sheets, pictures and formatting, then upload again.");
        }

        if (CompoundFile.HasSignature(bytes))
        {
            var names = CompoundFile.EntryNames(bytes);
            var encrypted = names is null
                ? CompoundFile.ContainsUtf16(bytes, "EncryptionInfo")
                : names.Contains("EncryptionInfo") || names.Contains("EncryptedPackage");
            if (encrypted)
            {
                return Issues.File(IssueCodes.Encrypted, fileLabel,
                    "文件设置了打开密码(已加密)，无法读取。请在 Excel/WPS 中取消密码(文件 → 信息 → 保护工作簿 → 用密码进行加密，清空密码)后另存为 .xlsx 上传。",
                    "The file is password-protected (encrypted) and cannot be read. Remove the password in Excel/WPS (File → Info → Protect Workbook → Encrypt with Password, clear it), save as .xlsx and upload.");
            }

            var isXls = names is null
                ? CompoundFile.ContainsUtf16(bytes, "Workbook") || CompoundFile.ContainsUtf16(bytes, "Book")
                : names.Contains("Workbook") || names.Contains("Book");
            return isXls
                ? Issues.File(IssueCodes.XlsFormat, fileLabel,
                    "文件是旧版 Excel 97-2003 (.xls) 格式。请用“另存为 → Excel 工作簿 (.xlsx)”保存后重新上传。",
                    "The file is an old Excel 97-2003 (.xls) workbook. Save it as Excel Workbook (.xlsx) and upload again.")
                : Issues.File(IssueCodes.NotXlsx, fileLabel,
                    "文件是旧版 Office 文档(不是 Excel 工作簿)。请上传用模板填写的 .xlsx 文件。",
                    "The file is an old-format Office document, not an Excel workbook. Upload the .xlsx filled from the template.");
        }

        var isZip = bytes.Length >= 4 && bytes[0] == 'P' && bytes[1] == 'K' && (bytes[2] is 3 or 5 or 7) && (bytes[3] is 4 or 6 or 8);
        if (!isZip)
        {
            return Issues.File(IssueCodes.NotXlsx, fileLabel,
                $"文件不是 Excel .xlsx 工作簿({Describe(bytes).Zh})。请上传用模板填写的 .xlsx 文件。",
                $"The file is not an Excel .xlsx workbook ({Describe(bytes).En}). Upload the .xlsx filled from the template.");
        }

        return null;
    }

    private static (string Zh, string En) Describe(byte[] bytes)
    {
        var head = System.Text.Encoding.ASCII.GetString(bytes, 0, Math.Min(bytes.Length, 16)).TrimStart();
        if (head.StartsWith("%PDF", StringComparison.Ordinal))
        {
            return ("看起来是 PDF 文件", "it looks like a PDF");
        }

        if (head.StartsWith('<'))
        {
            return ("看起来是网页或 XML 文件", "it looks like HTML or XML");
        }

        return ("可能是 CSV 或文本文件，或扩展名被改过", "perhaps CSV or text, or a renamed file");
    }

    private static string OfficeDocumentPath(ZipArchive zip, UnpackBudget budget)
    {
        var rels = zip.GetEntry("_rels/.rels");
        if (rels is not null)
        {
            foreach (var (_, type, target) in Relationships(rels, budget))
            {
                if (type.EndsWith("/officeDocument", StringComparison.Ordinal))
                {
                    return target.TrimStart('/');
                }
            }
        }

        return "xl/workbook.xml";
    }

    private sealed record PartPaths(Dictionary<string, string> Sheets, string? Styles, string? SharedStrings);

    /// <summary>The workbook's relationships: sheet parts by id, and the styles and shared-strings parts.</summary>
    private static PartPaths WorkbookParts(ZipArchive zip, string workbookPath, UnpackBudget budget)
    {
        var dir = workbookPath.Contains('/', StringComparison.Ordinal) ? workbookPath[..(workbookPath.LastIndexOf('/') + 1)] : string.Empty;
        var relsEntry = zip.GetEntry($"{dir}_rels/{workbookPath[dir.Length..]}.rels");
        var sheets = new Dictionary<string, string>(StringComparer.Ordinal);
        string? styles = null, sst = null;
        if (relsEntry is not null)
        {
            foreach (var (id, type, target) in Relationships(relsEntry, budget))
            {
                var path = target.StartsWith('/') ? target.TrimStart('/') : dir + target;
                if (type.EndsWith("/styles", StringComparison.Ordinal))
                {
                    styles = path;
                }
                else if (type.EndsWith("/sharedStrings", StringComparison.Ordinal))
                {
                    sst = path;
                }

                if (id.Length > 0)
                {
                    sheets[id] = path;
                }
            }
        }

        return new PartPaths(sheets, styles ?? FirstExisting(zip, dir + "styles.xml"), sst ?? FirstExisting(zip, dir + "sharedStrings.xml"));
    }

    private static string? FirstExisting(ZipArchive zip, string path) => zip.GetEntry(path) is null ? null : path;

    private static List<SheetEntry> ListSheets(ZipArchive zip, string workbookPath, Dictionary<string, string> targets, UnpackBudget budget)
    {
        var result = new List<SheetEntry>();
        var value = new CharBuffer();
        using var ws = budget.Open(zip.GetEntry(workbookPath)!);
        using var x = new SheetXml(ws);
        XmlToken token;
        while ((token = x.Next()) != XmlToken.EndOfFile)
        {
            if (token == XmlToken.EndElement || !x.Is("sheet"u8))
            {
                continue;
            }

            var name = Attribute(x, "name"u8, value) ?? string.Empty;
            string? rid = null;
            for (var i = 0; i < x.AttributeCount; i++)
            {
                // Any prefix: the relationships namespace is bound to whatever prefix the writer chose (r:id).
                if (x.IsPrefixedAttribute(i, "id"u8))
                {
                    rid = x.AttributeValue(i, value).ToString();
                }
            }

            var part = rid is not null && targets.TryGetValue(rid, out var t) ? t : string.Empty;
            var (rows, cols) = Dimension(zip, part, budget);
            result.Add(new SheetEntry(name, part, rows, cols));
        }

        return result;
    }

    /// <summary>The extent declared by a sheet's <c>&lt;dimension ref&gt;</c>, read before any cell.</summary>
    private static (int? Rows, int? Columns) Dimension(ZipArchive zip, string partPath, UnpackBudget budget)
    {
        var entry = partPath.Length == 0 ? null : zip.GetEntry(partPath);
        if (entry is null)
        {
            return (null, null);
        }

        using var s = budget.Open(entry);
        // Only the head of the part is wanted: the first read inflates no more than a page of it.
        using var x = new SheetXml(s, firstRead: 4096);
        XmlToken token;
        while ((token = x.Next()) != XmlToken.EndOfFile)
        {
            if (token != XmlToken.StartElement)
            {
                continue;
            }

            if (x.Is("sheetData"u8))
            {
                break;
            }

            if (x.Is("dimension"u8))
            {
                var value = new CharBuffer();
                if (!x.TryGetAttribute("ref"u8, value))
                {
                    break;
                }

                var r = value.ToString();
                var last = r.Contains(':', StringComparison.Ordinal) ? r[(r.IndexOf(':', StringComparison.Ordinal) + 1)..] : r;
                var letters = new string(last.TakeWhile(char.IsLetter).ToArray());
                var digits = last[letters.Length..];
                int? rows = int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
                var col = letters.Length is > 0 and <= 3 ? TextNormalizer.ColumnIndex(letters) : -1;
                return (rows, col >= 0 ? col + 1 : null);
            }
        }

        return (null, null);
    }

    private static List<(string Id, string Type, string Target)> Relationships(ZipArchiveEntry entry, UnpackBudget budget)
    {
        var list = new List<(string, string, string)>();
        var value = new CharBuffer();
        using var s = budget.Open(entry);
        using var x = new SheetXml(s);
        XmlToken token;
        while ((token = x.Next()) != XmlToken.EndOfFile)
        {
            if (token == XmlToken.StartElement && x.Is("Relationship"u8))
            {
                list.Add((Attribute(x, "Id"u8, value) ?? string.Empty, Attribute(x, "Type"u8, value) ?? string.Empty, Attribute(x, "Target"u8, value) ?? string.Empty));
            }
        }

        return list;
    }

    /// <summary>The value of the current tag's unprefixed attribute of that name, or null when it has none.</summary>
    private static string? Attribute(SheetXml x, ReadOnlySpan<byte> localName, CharBuffer scratch) =>
        x.TryGetAttribute(localName, scratch) ? scratch.ToString() : null;

    /// <summary>What each cell style (<c>cellXfs</c> index) says about numbers: percent, date or plain.</summary>
    private static CellFormat[] ReadFormats(ZipArchiveEntry entry, UnpackBudget budget)
    {
        var custom = new Dictionary<int, string>();
        var xfs = new List<int>();
        var value = new CharBuffer();
        using var s = budget.Open(entry);
        using var x = new SheetXml(s);
        var inCellXfs = false;
        XmlToken token;
        while ((token = x.Next()) != XmlToken.EndOfFile)
        {
            if (token == XmlToken.EndElement)
            {
                if (x.Is("cellXfs"u8))
                {
                    inCellXfs = false;
                }

                continue;
            }

            if (x.Is("numFmt"u8))
            {
                if (x.TryGetAttribute("numFmtId"u8, value) && int.TryParse(value.Span, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
                {
                    custom[id] = Attribute(x, "formatCode"u8, value) ?? string.Empty;
                }
            }
            else if (x.Is("cellXfs"u8))
            {
                inCellXfs = !x.IsEmptyElement;
            }
            else if (inCellXfs && x.Is("xf"u8))
            {
                xfs.Add(x.TryGetAttribute("numFmtId"u8, value) && int.TryParse(value.Span, NumberStyles.None, CultureInfo.InvariantCulture, out var f) ? f : 0);
            }
        }

        var formats = new CellFormat[xfs.Count];
        for (var i = 0; i < formats.Length; i++)
        {
            formats[i] = NumberFormats.Classify(xfs[i], custom.GetValueOrDefault(xfs[i]));
        }

        return formats;
    }

    /// <summary>The shared-strings table, phonetic runs left out; bounded in count and characters.</summary>
    private static string[] ReadSharedStrings(ZipArchiveEntry entry, UnpackBudget budget, ReaderLimits limits)
    {
        using var s = budget.Open(entry);
        return ReadSharedStrings(s, limits);
    }

    /// <summary>The items of a shared-strings part; see <see cref="ReadSharedStrings(ZipArchiveEntry, UnpackBudget, ReaderLimits)"/>.</summary>
    internal static string[] ReadSharedStrings(Stream part, ReaderLimits limits)
    {
        var list = new List<string>();
        // An item's runs (<si><r><t>…</t></r>…</si>) are joined here; most items are one <t>.
        var item = new CharBuffer();
        var t = new CharBuffer();
        long chars = 0;
        using var x = new SheetXml(part);
        var inItem = false;
        XmlToken token;
        while ((token = x.Next()) != XmlToken.EndOfFile)
        {
            if (token == XmlToken.EndElement)
            {
                if (x.Is("si"u8))
                {
                    list.Add(XString.Unescape(item.ToString()));
                    item.Clear();
                    inItem = false;
                }

                continue;
            }

            if (x.Is("si"u8))
            {
                if (list.Count >= limits.MaxSharedStrings)
                {
                    throw new UnpackLimitException();
                }

                inItem = !x.IsEmptyElement;
                if (!inItem)
                {
                    list.Add(string.Empty);
                }
            }
            else if (x.Is("rPh"u8))
            {
                x.SkipElement();
            }
            else if (inItem && x.Is("t"u8) && !x.IsEmptyElement)
            {
                x.ReadContent(t);
                chars += t.Length;
                if (chars > limits.MaxSharedStringChars)
                {
                    throw new UnpackLimitException();
                }

                item.Append(t.Span);
            }
        }

        return [.. list];
    }

    private static string Mb(long bytes) => (bytes / (1024.0 * 1024.0)).ToString("0.#", CultureInfo.InvariantCulture);
}

/// <summary>Thrown when the package has inflated past the cap on unpacked bytes (or on shared strings).</summary>
internal sealed class UnpackLimitException() : Exception("The workbook unpacks past the reader's cap.");

/// <summary>
/// Counts the bytes inflated from zip entries against one allowance; opening an entry gives a stream that
/// throws <see cref="UnpackLimitException"/> once the allowance is spent, whatever the entry claims to hold.
/// </summary>
internal sealed class UnpackBudget(long allowance)
{
    public long Spent { get; private set; }

    public Stream Open(ZipArchiveEntry entry) => new CountingStream(entry.Open(), this);

    private void Take(int n)
    {
        Spent += n;
        if (Spent > allowance)
        {
            throw new UnpackLimitException();
        }
    }

    /// <summary>
    /// A zip entry's inflated bytes, counted against the unpack budget as they are read. Forward-only and
    /// read-only (CanSeek and CanWrite are false), as XmlReader needs: the other members of Stream say so.
    /// </summary>
    private sealed class CountingStream(Stream inner, UnpackBudget budget) : Stream
    {
        private static NotSupportedException ForwardOnly() => new("A counted zip entry is read forward only.");

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw ForwardOnly();

        public override long Position { get => throw ForwardOnly(); set => throw ForwardOnly(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = inner.Read(buffer, offset, count);
            budget.Take(n);
            return n;
        }

        public override int Read(Span<byte> buffer)
        {
            var n = inner.Read(buffer);
            budget.Take(n);
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw ForwardOnly();

        public override void SetLength(long value) => throw ForwardOnly();

        public override void Write(byte[] buffer, int offset, int count) => throw ForwardOnly();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
