using System.Globalization;
using System.IO.Compression;
using System.Xml;
using Metrics.Core.Model;
using Metrics.Excel.Schema;
using MiniExcelLibs;
using MiniExcelLibs.OpenXml;

namespace Metrics.Excel.Reading;

/// <summary>A non-empty cell: 0-based column and the value as stored (string, double, bool or DateTime).</summary>
internal readonly record struct RawCell(int Column, object Value);

/// <summary>A row holding at least one non-empty cell; <paramref name="Number"/> is 1-based.</summary>
internal sealed record RawRow(int Number, IReadOnlyList<RawCell> Cells)
{
    public object? this[int column]
    {
        get
        {
            foreach (var c in Cells)
            {
                if (c.Column == column)
                {
                    return c.Value;
                }
            }

            return null;
        }
    }
}

/// <summary>The non-empty rows of one sheet, as found in the file.</summary>
internal sealed record RawSheet(string Name, IReadOnlyList<RawRow> Rows);

/// <summary>A worksheet listed in <c>xl/workbook.xml</c>.</summary>
internal sealed record SheetEntry(string Name, string PartPath, int? DimensionRows, int? DimensionColumns);

/// <summary>
/// The .xlsx container: recognises what the bytes are, enforces the size caps before reading any
/// cell, lists the sheets, and streams a sheet's cells with MiniExcel under the row cap.
/// </summary>
internal sealed class XlsxPackage
{
    private static readonly OpenXmlConfiguration MiniConfig = new()
    {
        FillMergedCells = false,
        // Keep shared strings in memory: the server must not spill county data into temp files;
        // the size cap on the package bounds the memory.
        EnableSharedStringCache = false,
        IgnoreEmptyRows = false,
    };

    private readonly byte[] _bytes;

    private XlsxPackage(byte[] bytes, IReadOnlyList<SheetEntry> sheets)
    {
        _bytes = bytes;
        Sheets = sheets;
    }

    public IReadOnlyList<SheetEntry> Sheets { get; }

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

        try
        {
            using var zip = new ZipArchive(new MemoryStream(bytes, writable: false), ZipArchiveMode.Read);
            var workbookPath = OfficeDocumentPath(zip);
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

            long sheetBytes = 0;
            foreach (var e in zip.Entries)
            {
                if (e.FullName.StartsWith("xl/worksheets/", StringComparison.OrdinalIgnoreCase)
                    || e.FullName.EndsWith("sharedStrings.xml", StringComparison.OrdinalIgnoreCase))
                {
                    sheetBytes = checked(sheetBytes + e.Length);
                }
            }

            if (sheetBytes > limits.MaxUncompressedSheetBytes)
            {
                issue = Issues.File(IssueCodes.TooLarge, fileLabel,
                    $"工作表解压后共 {Mb(sheetBytes)} MB，超过上限 {Mb(limits.MaxUncompressedSheetBytes)} MB。请删除多余的工作表、行和格式后重新上传。",
                    $"The sheets unpack to {Mb(sheetBytes)} MB, above the limit of {Mb(limits.MaxUncompressedSheetBytes)} MB. Delete extra sheets, rows and formatting, then upload again.");
                return null;
            }

            var sheets = ListSheets(zip, workbookPath);
            return new XlsxPackage(bytes, sheets);
        }
        catch (Exception e) when (e is InvalidDataException or XmlException or IOException or OverflowException or ArgumentException)
        {
            issue = Issues.File(IssueCodes.CorruptZip, fileLabel,
                "文件已损坏，无法作为 .xlsx 打开(压缩结构或工作簿清单有误)。请在 Excel/WPS 中重新打开并另存为 .xlsx 后上传。",
                $"The file is damaged and cannot be opened as .xlsx ({e.GetType().Name}). Open it in Excel/WPS, save it as .xlsx again and upload.");
            return null;
        }
    }

    /// <summary>
    /// Reads the non-empty rows of a sheet. Stops after <see cref="ReaderLimits.MaxRowsPerSheet"/> rows and
    /// reports <paramref name="tooLarge"/>.
    /// </summary>
    public RawSheet ReadSheet(SheetEntry sheet, ReaderLimits limits, out bool tooLarge)
    {
        tooLarge = false;
        if (sheet.DimensionRows > limits.MaxRowsPerSheet || sheet.DimensionColumns > limits.MaxColumnsPerSheet)
        {
            // Checked before reading: the sheet declares (in <dimension>) more rows or columns than allowed.
            tooLarge = true;
            return new RawSheet(sheet.Name, []);
        }

        var rows = new List<RawRow>();
        var number = 0;
        using var stream = new MemoryStream(_bytes, writable: false);
        foreach (var item in stream.Query(useHeaderRow: false, sheetName: sheet.Name, excelType: ExcelType.XLSX, configuration: MiniConfig))
        {
            number++;
            if (item is not IDictionary<string, object?> dict)
            {
                continue;
            }

            List<RawCell>? cells = null;
            foreach (var (letters, value) in dict)
            {
                if (value is null || (value is string s && s.Length == 0))
                {
                    continue;
                }

                var col = TextNormalizer.ColumnIndex(letters);
                if (col < 0)
                {
                    continue;
                }

                (cells ??= []).Add(new RawCell(col, value));
            }

            if (cells is null)
            {
                continue;
            }

            if (number > limits.MaxRowsPerSheet)
            {
                tooLarge = true;
                break;
            }

            rows.Add(new RawRow(number, cells));
        }

        return new RawSheet(sheet.Name, rows);
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

    private static string OfficeDocumentPath(ZipArchive zip)
    {
        var rels = zip.GetEntry("_rels/.rels");
        if (rels is not null)
        {
            foreach (var (type, target) in Relationships(rels))
            {
                if (type.EndsWith("/officeDocument", StringComparison.Ordinal))
                {
                    return target.TrimStart('/');
                }
            }
        }

        return "xl/workbook.xml";
    }

    private static List<SheetEntry> ListSheets(ZipArchive zip, string workbookPath)
    {
        var dir = workbookPath.Contains('/', StringComparison.Ordinal) ? workbookPath[..(workbookPath.LastIndexOf('/') + 1)] : string.Empty;
        var relsPath = $"{dir}_rels/{workbookPath[dir.Length..]}.rels";
        var targets = new Dictionary<string, string>(StringComparer.Ordinal);
        var relsEntry = zip.GetEntry(relsPath);
        if (relsEntry is not null)
        {
            using var rs = relsEntry.Open();
            using var rx = XmlReader.Create(rs, SafeXml());
            while (rx.Read())
            {
                if (rx.NodeType == XmlNodeType.Element && rx.LocalName == "Relationship")
                {
                    var id = rx.GetAttribute("Id");
                    var target = rx.GetAttribute("Target");
                    if (id is not null && target is not null)
                    {
                        targets[id] = target.StartsWith('/') ? target.TrimStart('/') : dir + target;
                    }
                }
            }
        }

        var result = new List<SheetEntry>();
        using var ws = zip.GetEntry(workbookPath)!.Open();
        using var x = XmlReader.Create(ws, SafeXml());
        while (x.Read())
        {
            if (x.NodeType != XmlNodeType.Element || x.LocalName != "sheet")
            {
                continue;
            }

            var name = x.GetAttribute("name") ?? string.Empty;
            string? rid = null;
            for (var i = 0; i < x.AttributeCount; i++)
            {
                x.MoveToAttribute(i);
                if (x.LocalName == "id" && x.Prefix.Length > 0)
                {
                    rid = x.Value;
                }
            }

            x.MoveToElement();
            var part = rid is not null && targets.TryGetValue(rid, out var t) ? t : string.Empty;
            var (rows, cols) = Dimension(zip, part);
            result.Add(new SheetEntry(name, part, rows, cols));
        }

        return result;
    }

    /// <summary>The extent declared by a sheet's <c>&lt;dimension ref&gt;</c>, read before any cell.</summary>
    private static (int? Rows, int? Columns) Dimension(ZipArchive zip, string partPath)
    {
        var entry = partPath.Length == 0 ? null : zip.GetEntry(partPath);
        if (entry is null)
        {
            return (null, null);
        }

        using var s = entry.Open();
        using var x = XmlReader.Create(s, SafeXml());
        while (x.Read())
        {
            if (x.NodeType != XmlNodeType.Element)
            {
                continue;
            }

            if (x.LocalName == "sheetData")
            {
                break;
            }

            if (x.LocalName == "dimension")
            {
                var r = x.GetAttribute("ref");
                if (r is null)
                {
                    break;
                }

                var last = r.Contains(':', StringComparison.Ordinal) ? r[(r.IndexOf(':', StringComparison.Ordinal) + 1)..] : r;
                var letters = new string(last.TakeWhile(char.IsLetter).ToArray());
                var digits = last[letters.Length..];
                int? rows = int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
                var col = TextNormalizer.ColumnIndex(letters);
                return (rows, col >= 0 ? col + 1 : null);
            }
        }

        return (null, null);
    }

    private static IEnumerable<(string Type, string Target)> Relationships(ZipArchiveEntry entry)
    {
        var list = new List<(string, string)>();
        using var s = entry.Open();
        using var x = XmlReader.Create(s, SafeXml());
        while (x.Read())
        {
            if (x.NodeType == XmlNodeType.Element && x.LocalName == "Relationship")
            {
                list.Add((x.GetAttribute("Type") ?? string.Empty, x.GetAttribute("Target") ?? string.Empty));
            }
        }

        return list;
    }

    private static XmlReaderSettings SafeXml() => new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreWhitespace = true,
    };

    private static string Mb(long bytes) => (bytes / (1024.0 * 1024.0)).ToString("0.#", CultureInfo.InvariantCulture);
}
