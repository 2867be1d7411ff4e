using System.Globalization;
using System.Text;
using System.Xml;
using Metrics.Excel.Reading;
using CellFormat = Metrics.Excel.Reading.XlsxPackage.CellFormat;
using CellType = Metrics.Excel.Reading.XlsxPackage.CellType;

namespace Metrics.Excel.Tests.Reading;

/// <summary>
/// The reader's previous sheet and shared-strings path, on .NET's <see cref="XmlReader"/> (DTDs prohibited,
/// comments, processing instructions and whitespace ignored), kept here as the reference the purpose-built
/// <see cref="SheetXml"/> scanner is compared with: on real workbooks the two must give the same rows, and on
/// malformed XML both must refuse. Two deliberate differences are documented where the tests meet them. The
/// sheet loop is the product's code as it was (atomised names, values read in chunks).
/// </summary>
internal static class XmlReaderOracle
{
    private static XmlReaderSettings SafeXml() => new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreWhitespace = true,
        IgnoreProcessingInstructions = true,
        CloseInput = false,
    };

    public static string[] ReadSharedStrings(Stream part, ReaderLimits limits)
    {
        var list = new List<string>();
        string? single = null;
        var text = new StringBuilder();
        long chars = 0;
        using var x = XmlReader.Create(part, SafeXml());
        var inItem = false;

        void EndItem()
        {
            list.Add(XString.Unescape(single ?? text.ToString()));
            single = null;
            text.Clear();
            inItem = false;
        }

        while (x.Read())
        {
            if (x.NodeType == XmlNodeType.EndElement)
            {
                if (x.LocalName == "si")
                {
                    EndItem();
                }

                continue;
            }

            if (x.NodeType != XmlNodeType.Element)
            {
                continue;
            }

            switch (x.LocalName)
            {
                case "si":
                    if (list.Count >= limits.MaxSharedStrings)
                    {
                        throw new UnpackLimitException();
                    }

                    inItem = !x.IsEmptyElement;
                    if (!inItem)
                    {
                        list.Add(string.Empty);
                    }

                    break;
                case "rPh":
                    x.Skip();
                    if (x.NodeType == XmlNodeType.EndElement && x.LocalName == "si")
                    {
                        EndItem();
                    }

                    break;
                case "t" when inItem && !x.IsEmptyElement:
                    var t = x.ReadElementContentAsString();
                    chars += t.Length;
                    if (chars > limits.MaxSharedStringChars)
                    {
                        throw new UnpackLimitException();
                    }

                    if (single is null && text.Length == 0)
                    {
                        single = t;
                    }
                    else
                    {
                        if (single is not null)
                        {
                            text.Append(single);
                            single = null;
                        }

                        text.Append(t);
                    }

                    if (x.NodeType == XmlNodeType.EndElement && x.LocalName == "si")
                    {
                        EndItem();
                    }

                    break;
            }
        }

        return [.. list];
    }

    public static SheetLimit ReadRows(Stream part, List<RawRow> rows, ReaderLimits limits, string[] sharedStrings, CellFormat[] formats)
    {
        using var x = XmlReader.Create(part, SafeXml());
        var names = new SheetNames(x.NameTable);
        // Attribute values and <v> texts are read into this buffer and parsed from it: a string per cell
        // reference, style index and number was most of what reading a sheet allocated.
        var text = new ChunkBuffer();
        var rowNumber = 0;
        var column = -1;
        // One list reused for every row; a row keeps an exact-size copy of its cells.
        var cells = new List<RawCell>();
        var inSheetData = false;
        while (x.Read())
        {
            if (x.NodeType == XmlNodeType.EndElement)
            {
                if ((object)x.LocalName == names.Row && cells.Count > 0)
                {
                    rows.Add(new RawRow(rowNumber, cells.ToArray()));
                    cells.Clear();
                }
                else if ((object)x.LocalName == names.SheetData)
                {
                    break;
                }

                continue;
            }

            if (x.NodeType != XmlNodeType.Element)
            {
                continue;
            }

            var name = x.LocalName;
            if (!inSheetData)
            {
                inSheetData = (object)name == names.SheetData;
                if (inSheetData && x.IsEmptyElement)
                {
                    break;
                }

                continue;
            }

            if ((object)name == names.Row)
            {
                rowNumber = MoveToAttribute(x, names.R) ? CellReference.Row(text.ReadValue(x), 0) : rowNumber + 1;
                x.MoveToElement();
                column = -1;
                cells.Clear();
                continue;
            }

            if ((object)name != names.C)
            {
                continue;
            }

            var hasReference = false;
            var type = CellType.Number;
            var format = CellFormat.General;
            while (x.MoveToNextAttribute())
            {
                if (x.Prefix.Length != 0)
                {
                    continue;
                }

                var attribute = x.LocalName;
                if ((object)attribute == names.R)
                {
                    // Without a reference a cell follows the previous one, valued or not.
                    var reference = text.ReadValue(x);
                    hasReference = true;
                    column = CellReference.Column(reference);
                    if (rowNumber == 0)
                    {
                        rowNumber = CellReference.Row(reference, 1);
                    }
                }
                else if ((object)attribute == names.T)
                {
                    type = XlsxPackage.TypeOf(text.ReadValue(x));
                }
                else if ((object)attribute == names.S)
                {
                    if (int.TryParse(text.ReadValue(x), NumberStyles.None, CultureInfo.InvariantCulture, out var style)
                        && style >= 0 && style < formats.Length)
                    {
                        format = formats[style];
                    }
                }
            }

            x.MoveToElement();
            if (!hasReference)
            {
                column++;
            }

            var value = x.IsEmptyElement ? null : CellValue(x, names, text, type, format, sharedStrings);
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

    /// <summary>Moves to the unprefixed attribute of that (atomised) name, as <c>GetAttribute(name)</c> finds it.</summary>
    private static bool MoveToAttribute(XmlReader x, string name)
    {
        while (x.MoveToNextAttribute())
        {
            if ((object)x.LocalName == name && x.Prefix.Length == 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Reads a cell's children up to its end tag; the value as stored, or null when it has none.</summary>
    private static object? CellValue(XmlReader x, SheetNames names, ChunkBuffer text, CellType type, CellFormat format, string[] sharedStrings)
    {
        var hasV = false;
        string? inline = null;
        var depth = x.Depth;
        while (x.Read())
        {
            if (x.NodeType == XmlNodeType.EndElement && x.Depth == depth)
            {
                break;
            }

            if (x.NodeType != XmlNodeType.Element)
            {
                continue;
            }

            if ((object)x.LocalName == names.V)
            {
                hasV = true;
                text.ReadElementContent(x);
            }
            else if ((object)x.LocalName == names.Is && !x.IsEmptyElement)
            {
                inline = InlineText(x, names);
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

                if (!double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
                {
                    return v.ToString();
                }

                // The date serial range Excel itself accepts (1900-01-01 to 9999-12-31).
                return format == CellFormat.Date && d is >= 0 and < 2958466 ? DateTime.FromOADate(d) : BoxedNumbers.Box(d);
        }
    }

    /// <summary>The text of an inline string (<c>&lt;is&gt;</c>), without phonetic runs; leaves the reader on its end tag.</summary>
    private static string InlineText(XmlReader x, SheetNames names)
    {
        var depth = x.Depth;
        var text = new StringBuilder();
        while (x.Read())
        {
            if (x.NodeType == XmlNodeType.EndElement && x.Depth == depth)
            {
                break;
            }

            if (x.NodeType != XmlNodeType.Element)
            {
                continue;
            }

            if ((object)x.LocalName == names.RPh)
            {
                x.Skip();
                if (x.NodeType == XmlNodeType.EndElement && x.Depth == depth)
                {
                    break;
                }
            }
            else if ((object)x.LocalName == names.T && !x.IsEmptyElement)
            {
                text.Append(x.ReadElementContentAsString());
                if (x.NodeType == XmlNodeType.EndElement && x.Depth == depth)
                {
                    break;
                }
            }
        }

        return text.ToString();
    }

    /// <summary>Atomised element and attribute names of the sheet XML, compared by reference in the hot loop.</summary>
    private sealed class SheetNames(XmlNameTable table)
    {
        public readonly string SheetData = table.Add("sheetData");
        public readonly string Row = table.Add("row");
        public readonly string C = table.Add("c");
        public readonly string V = table.Add("v");
        public readonly string Is = table.Add("is");
        public readonly string T = table.Add("t");
        public readonly string RPh = table.Add("rPh");
        public readonly string R = table.Add("r");
        public readonly string S = table.Add("s");
    }

    /// <summary>The character buffer the XmlReader path read values into with ReadValueChunk.</summary>
    private sealed class ChunkBuffer
    {
        private char[] _chars = new char[64];
        private int _length;

        public ReadOnlySpan<char> Span => _chars.AsSpan(0, _length);

        public ReadOnlySpan<char> ReadValue(XmlReader x)
        {
            _length = 0;
            Append(x);
            return Span;
        }

        public void ReadElementContent(XmlReader x)
        {
            _length = 0;
            if (x.IsEmptyElement)
            {
                return;
            }

            while (x.Read())
            {
                switch (x.NodeType)
                {
                    case XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace:
                        Append(x);
                        break;
                    case XmlNodeType.EndElement:
                        return;
                    default:
                        throw new XmlException($"A value element holds a {x.NodeType} node; it may hold text only.");
                }
            }
        }

        private void Append(XmlReader x)
        {
            while (true)
            {
                if (_length == _chars.Length)
                {
                    Array.Resize(ref _chars, _chars.Length * 2);
                }

                var n = x.ReadValueChunk(_chars, _length, _chars.Length - _length);
                if (n == 0)
                {
                    return;
                }

                _length += n;
            }
        }
    }
}
