using System.Globalization;
using System.Text;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Metrics.Excel.Schema;

namespace Metrics.Excel.Tests.Builders;

/// <summary>Ways counties type numbers, for <see cref="CountyWorkbookBuilder.TypedAs"/>, and file surgery helpers.</summary>
internal static class Typing
{
    private static bool IsNumeric(FieldSpec f) => f.Kind is FieldKind.Count or FieldKind.NonNegativeNumber or FieldKind.Percent;

    /// <summary>Numbers as text with thousands separators: 23226 → "23,226".</summary>
    public static object Grouped(FieldSpec f, object v) => IsNumeric(f) && v is int or double ? GroupedText(Convert.ToDouble(v, CultureInfo.InvariantCulture)) : v;

    /// <summary>Numbers as full-width text with full-width separators: 23226 → "２３，２２６".</summary>
    public static object FullWidth(FieldSpec f, object v) => Grouped(f, v) is string s && IsNumeric(f) ? ToFullWidth(s) : v;

    /// <summary>Numbers stored as plain text: 23226 → "23226".</summary>
    public static object AsText(FieldSpec f, object v) => IsNumeric(f) && v is int or double ? Convert.ToDouble(v, CultureInfo.InvariantCulture).ToString("R", CultureInfo.InvariantCulture) : v;

    public static string GroupedText(double d)
    {
        var r = d.ToString("R", CultureInfo.InvariantCulture);
        var dot = r.IndexOf('.', StringComparison.Ordinal);
        var integer = dot < 0 ? r : r[..dot];
        var fraction = dot < 0 ? string.Empty : r[dot..];
        var sb = new StringBuilder();
        for (var i = 0; i < integer.Length; i++)
        {
            if (i > 0 && (integer.Length - i) % 3 == 0)
            {
                sb.Append(',');
            }

            sb.Append(integer[i]);
        }

        return sb + fraction;
    }

    public static string ToFullWidth(string s) => new(s.Select(ch => ch switch
    {
        >= '0' and <= '9' => (char)(ch - '0' + '０'),
        ',' => '，',
        '.' => '．',
        _ => ch,
    }).ToArray());

    /// <summary>Turns a cell into a formula with a cached value, as Excel or LibreOffice save it.</summary>
    public static byte[] WithFormula(byte[] xlsx, string sheetName, string cellRef, string formula, string cachedValue)
    {
        using var ms = new MemoryStream();
        ms.Write(xlsx);
        using (var doc = SpreadsheetDocument.Open(ms, true))
        {
            var wbPart = doc.WorkbookPart!;
            var sheet = wbPart.Workbook.Sheets!.Elements<Sheet>().Single(s => s.Name == sheetName);
            var part = (WorksheetPart)wbPart.GetPartById(sheet.Id!);
            var cell = part.Worksheet.Descendants<Cell>().Single(c => c.CellReference == cellRef);
            cell.DataType = null;
            cell.RemoveAllChildren();
            cell.Append(new CellFormula(formula), new CellValue(cachedValue));
            part.Worksheet.Save();
        }

        return ms.ToArray();
    }
}
