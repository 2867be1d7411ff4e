using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Metrics.Excel.Reading;
using Metrics.Excel.Schema;

namespace Metrics.Excel.Tests.Benchmarks;

/// <summary>
/// The alternative the product reader was measured against: DocumentFormat.OpenXml 2.20 SAX
/// (<see cref="OpenXmlReader"/>, no DOM) producing the same non-empty rows as <see cref="XlsxPackage.ReadSheet"/>.
/// Kept for the comparison in <see cref="ReaderBenchmarkTests"/>.
/// </summary>
internal static class OpenXmlSaxSheetReader
{
    public static RawSheet Read(byte[] bytes, string sheetName)
    {
        using var doc = SpreadsheetDocument.Open(new MemoryStream(bytes, writable: false), false);
        var wbPart = doc.WorkbookPart!;
        var strings = new List<string>();
        if (wbPart.SharedStringTablePart is { } sst)
        {
            using var r = OpenXmlReader.Create(sst);
            var text = new System.Text.StringBuilder();
            while (r.Read())
            {
                if (r.ElementType == typeof(SharedStringItem))
                {
                    if (r.IsStartElement)
                    {
                        text.Clear();
                    }
                    else
                    {
                        strings.Add(text.ToString());
                    }
                }
                else if (r.ElementType == typeof(PhoneticRun) && r.IsStartElement)
                {
                    r.Skip();
                }
                else if (r.ElementType == typeof(Text) && r.IsStartElement)
                {
                    text.Append(r.GetText());
                }
            }
        }

        var sheet = wbPart.Workbook.Sheets!.Elements<Sheet>().Single(s => s.Name == sheetName);
        var part = (WorksheetPart)wbPart.GetPartById(sheet.Id!);
        var rows = new List<RawRow>();
        using var x = OpenXmlReader.Create(part);
        List<RawCell>? cells = null;
        var rowNumber = 0;
        string? type = null;
        var column = -1;
        while (x.Read())
        {
            if (x.ElementType == typeof(Row))
            {
                if (x.IsStartElement)
                {
                    cells = [];
                    rowNumber = int.Parse(x.Attributes.First(a => a.LocalName == "r").Value!, CultureInfo.InvariantCulture);
                }
                else if (cells is { Count: > 0 })
                {
                    rows.Add(new RawRow(rowNumber, cells));
                }
            }
            else if (x.ElementType == typeof(Cell) && x.IsStartElement)
            {
                type = null;
                column = -1;
                foreach (var a in x.Attributes)
                {
                    if (a.LocalName == "t")
                    {
                        type = a.Value;
                    }
                    else if (a.LocalName == "r")
                    {
                        column = TextNormalizer.ColumnIndex(new string(a.Value!.TakeWhile(char.IsLetter).ToArray()));
                    }
                }
            }
            else if (x.ElementType == typeof(CellValue) && x.IsStartElement)
            {
                var v = x.GetText();
                object value = type switch
                {
                    "s" => strings[int.Parse(v, CultureInfo.InvariantCulture)],
                    "str" or "inlineStr" => v,
                    "b" => v == "1",
                    _ => double.Parse(v, CultureInfo.InvariantCulture),
                };
                if (value is not string { Length: 0 })
                {
                    cells!.Add(new RawCell(column, value));
                }
            }
        }

        return new RawSheet(sheetName, rows);
    }

}
