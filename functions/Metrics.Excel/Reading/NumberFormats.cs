namespace Metrics.Excel.Reading;

/// <summary>
/// Reads what a cell's number format says about its number. Excel stores a typed <c>95%</c> as 0.95 with a
/// percent format and a typed date as a day count with a date format; the value alone cannot tell.
/// </summary>
internal static class NumberFormats
{
    /// <summary>
    /// Classifies a number format by its id and, for custom ids, its code. Built-in 9 (<c>0%</c>) and 10
    /// (<c>0.00%</c>) are percent; built-in 14–22, 45–47 and the East-Asian 27–36 and 50–58 are dates and times.
    /// A custom code is percent when it has <c>%</c> outside quotes, escapes and brackets, and a date when it has
    /// y, m, d, h or s there.
    /// </summary>
    public static XlsxPackage.CellFormat Classify(int id, string? code)
    {
        if (id is 9 or 10)
        {
            return XlsxPackage.CellFormat.Percent;
        }

        if (id is (>= 14 and <= 22) or (>= 27 and <= 36) or (>= 45 and <= 47) or (>= 50 and <= 58))
        {
            return XlsxPackage.CellFormat.Date;
        }

        if (string.IsNullOrEmpty(code))
        {
            return XlsxPackage.CellFormat.General;
        }

        var date = false;
        for (var i = 0; i < code.Length; i++)
        {
            var c = code[i];
            switch (c)
            {
                case '"':
                    var close = code.IndexOf('"', i + 1);
                    i = close < 0 ? code.Length : close;
                    break;
                case '\\' or '_' or '*':
                    // The next character is literal (escape), a space of its width, or the fill character.
                    i++;
                    break;
                case '[':
                    var end = code.IndexOf(']', i + 1);
                    var inside = end < 0 ? string.Empty : code[(i + 1)..end];
                    // [h], [mm], [ss] are elapsed time; [Red], [$-804], [>=100] are not date parts.
                    date |= inside.Length > 0 && inside.All(ch => ch is 'h' or 'H' or 'm' or 'M' or 's' or 'S');
                    i = end < 0 ? code.Length : end;
                    break;
                case '%':
                    return XlsxPackage.CellFormat.Percent;
                case 'y' or 'Y' or 'm' or 'M' or 'd' or 'D' or 'h' or 'H' or 's' or 'S':
                    date = true;
                    break;
                case ';':
                    // Only the first section (positive numbers) decides.
                    return date ? XlsxPackage.CellFormat.Date : XlsxPackage.CellFormat.General;
            }
        }

        return date ? XlsxPackage.CellFormat.Date : XlsxPackage.CellFormat.General;
    }
}
