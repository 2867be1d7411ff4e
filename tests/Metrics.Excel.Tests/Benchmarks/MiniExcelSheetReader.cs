using Metrics.Excel.Reading;
using Metrics.Excel.Schema;
using MiniExcelLibs;
using MiniExcelLibs.OpenXml;

namespace Metrics.Excel.Tests.Benchmarks;

/// <summary>
/// The product's earlier sheet reader (MiniExcel), kept as a benchmark reference: the same non-empty rows as
/// <see cref="XlsxPackage.ReadSheet(SheetEntry, ReaderLimits, out bool)"/>, without the caps.
/// </summary>
internal static class MiniExcelSheetReader
{
    private static readonly OpenXmlConfiguration Config = new()
    {
        FillMergedCells = false,
        EnableSharedStringCache = false,
        IgnoreEmptyRows = false,
    };

    public static RawSheet Read(byte[] bytes, string sheetName)
    {
        var rows = new List<RawRow>();
        var number = 0;
        using var stream = new MemoryStream(bytes, writable: false);
        foreach (var item in stream.Query(useHeaderRow: false, sheetName: sheetName, excelType: ExcelType.XLSX, configuration: Config))
        {
            number++;
            if (item is not IDictionary<string, object?> dict)
            {
                continue;
            }

            var cells = new List<RawCell>();
            foreach (var (letters, value) in dict)
            {
                if (value is null || (value is string s && s.Length == 0))
                {
                    continue;
                }

                cells.Add(new RawCell(TextNormalizer.ColumnIndex(letters), value));
            }

            if (cells.Count > 0)
            {
                rows.Add(new RawRow(number, cells));
            }
        }

        return new RawSheet(sheetName, rows);
    }
}
