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
/// malformed XML both must refuse. Two deliberate differences are documented where the tests meet them.
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

    public static SheetLimit ReadRows(Stream part, List<RawRow> rows, ReaderLimits limits, string[] sharedStrings, CellFormat[] formats)
    {
        using var x = XmlReader.Create(part, SafeXml());
        var rowNumber = 0;
        var column = -1;
        var cells = new List<RawCell>();
        var inSheetData = false;
        while (x.Read())
        {
            if (x.NodeType == XmlNodeType.EndElement)
            {
                if (x.LocalName == "row" && cells.Count > 0)
                {
                    rows.Add(new RawRow(rowNumber, cells.ToArray()));
                    cells.Clear();
                }
                else if (x.LocalName == "sheetData")
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
                inSheetData = name == "sheetData";
                if (inSheetData && x.IsEmptyElement)
                {
                    break;
                }

                continue;
            }

            if (name == "row")
            {
                var r = Unprefixed(x, "r");
                rowNumber = r is not null ? CellReference.Row(r, 0) : rowNumber + 1;
                x.MoveToElement();
                column = -1;
                cells.Clear();
                continue;
            }

            if (name != "c")
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

                if (x.LocalName == "r")
                {
                    hasReference = true;
                    column = CellReference.Column(x.Value);
                    if (rowNumber == 0)
                    {
                        rowNumber = CellReference.Row(x.Value, 1);
                    }
                }
                else if (x.LocalName == "t")
                {
                    type = XlsxPackage.TypeOf(x.Value);
                }
                else if (x.LocalName == "s" && int.TryParse(x.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var style) && style >= 0 && style < formats.Length)
                {
                    format = formats[style];
                }
            }

            x.MoveToElement();
            if (!hasReference)
            {
                column++;
            }

            var value = x.IsEmptyElement ? null : CellValue(x, type, format, sharedStrings);
            if (value is null || (value is string str && str.Length == 0))
            {
                continue;
            }

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

    private static string? Unprefixed(XmlReader x, string name)
    {
        while (x.MoveToNextAttribute())
        {
            if (x.LocalName == name && x.Prefix.Length == 0)
            {
                return x.Value;
            }
        }

        return null;
    }

    private static object? CellValue(XmlReader x, CellType type, CellFormat format, string[] sharedStrings)
    {
        var hasV = false;
        var v = string.Empty;
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

            if (x.LocalName == "v")
            {
                hasV = true;
                v = ElementContent(x);
            }
            else if (x.LocalName == "is" && !x.IsEmptyElement)
            {
                inline = InlineText(x);
            }
        }

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
                return inline is not null ? XString.Unescape(inline) : hasV ? XString.Unescape(v) : null;
            case CellType.FormulaString:
                return hasV ? XString.Unescape(v) : null;
            case CellType.Error:
                return hasV ? v : null;
            case CellType.Boolean:
                return !hasV || v.Length == 0 ? null : v.AsSpan().Trim().SequenceEqual("1");
            case CellType.Date:
                return !hasV || v.Length == 0 ? null
                    : DateTime.TryParse(v, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var iso) ? iso : v;
            default:
                if (!hasV || v.Length == 0)
                {
                    return null;
                }

                if (!double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
                {
                    return v;
                }

                return format == CellFormat.Date && d is >= 0 and < 2958466 ? DateTime.FromOADate(d) : BoxedNumbers.Box(d);
        }
    }

    /// <summary>Text and CDATA of the element the reader is on, leaving it on the end tag; a child element is an error.</summary>
    private static string ElementContent(XmlReader x)
    {
        var sb = new StringBuilder();
        if (x.IsEmptyElement)
        {
            return string.Empty;
        }

        while (x.Read())
        {
            switch (x.NodeType)
            {
                case XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace:
                    sb.Append(x.Value);
                    break;
                case XmlNodeType.EndElement:
                    return sb.ToString();
                default:
                    throw new XmlException($"A value element holds a {x.NodeType} node; it may hold text only.");
            }
        }

        return sb.ToString();
    }

    private static string InlineText(XmlReader x)
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

            if (x.LocalName == "rPh")
            {
                x.Skip();
                if (x.NodeType == XmlNodeType.EndElement && x.Depth == depth)
                {
                    break;
                }
            }
            else if (x.LocalName == "t" && !x.IsEmptyElement)
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
}
