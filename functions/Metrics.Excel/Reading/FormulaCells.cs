using System.IO.Compression;
using System.Xml;
using Metrics.Core.Model;

namespace Metrics.Excel.Reading;

/// <summary>
/// Tells a formula that has no saved result apart from an empty cell. Programs that write workbooks
/// without calculating them (scripts, some exporters) store <c>&lt;f&gt;</c> with no <c>&lt;v&gt;</c>; the
/// cell streamer sees nothing there, so the county was told the cell is empty while it can see a
/// formula. Only the cells already reported as <c>missing_value</c> are looked up, so a workbook
/// without such issues costs nothing more.
/// </summary>
internal static class FormulaCells
{
    /// <summary>Replaces each <c>missing_value</c> issue whose cell holds a formula without a value by <c>formula_without_value</c>.</summary>
    public static void Relabel(byte[] xlsx, IReadOnlyList<SheetEntry> sheets, List<ValidationIssue> issues)
    {
        var wanted = issues
            .Select((issue, index) => (issue, index))
            .Where(x => x.issue.Code == IssueCodes.MissingValue && x.issue.Cell is not null)
            .GroupBy(x => x.issue.Sheet)
            .ToList();
        if (wanted.Count == 0)
        {
            return;
        }

        using var zip = new ZipArchive(new MemoryStream(xlsx, writable: false), ZipArchiveMode.Read);
        foreach (var group in wanted)
        {
            var part = sheets.FirstOrDefault(s => s.Name == group.Key)?.PartPath;
            var entry = part is null ? null : zip.GetEntry(part);
            if (entry is null)
            {
                continue;
            }

            var formulas = WithoutValue(entry, group.Select(x => x.issue.Cell!).ToHashSet(StringComparer.Ordinal));
            foreach (var (issue, index) in group.Where(x => formulas.Contains(x.issue.Cell!)))
            {
                var key = issue.Column is null ? string.Empty : $"({issue.Column})";
                issues[index] = issue with
                {
                    Code = IssueCodes.FormulaWithoutValue,
                    MessageZh = $"单元格 {issue.Cell}{key} 是公式，但文件里没有它的计算结果(保存文件的程序没有计算公式)，所以读不到值。请直接输入数字或文字，或在 Excel/WPS 中打开、重新计算后保存再上传。",
                    MessageEn = $"Cell {issue.Cell} {key} holds a formula without a value: the program that saved the file did not calculate it, so there is nothing to read. Type the number or text instead, or open the file in Excel/WPS, let it recalculate, save and upload again.",
                };
            }
        }
    }

    /// <summary>Of <paramref name="cells"/>, those that hold a formula and no (or an empty) cached value.</summary>
    private static HashSet<string> WithoutValue(ZipArchiveEntry sheet, HashSet<string> cells)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreComments = true, IgnoreWhitespace = true };
        using var stream = sheet.Open();
        using var x = XmlReader.Create(stream, settings);
        var seen = 0;
        while (seen < cells.Count && x.Read())
        {
            if (x.NodeType != XmlNodeType.Element || x.LocalName != "c" || x.GetAttribute("r") is not { } r || !cells.Contains(r))
            {
                continue;
            }

            seen++;
            if (x.IsEmptyElement)
            {
                continue;
            }

            bool formula = false, value = false;
            using (var cell = x.ReadSubtree())
            {
                while (cell.Read())
                {
                    if (cell.NodeType != XmlNodeType.Element)
                    {
                        continue;
                    }

                    if (cell.LocalName == "f")
                    {
                        formula = true;
                    }
                    else if (cell.LocalName == "is" || (cell.LocalName == "v" && !cell.IsEmptyElement && cell.ReadElementContentAsString().Length > 0))
                    {
                        value = true;
                    }
                }
            }

            if (formula && !value)
            {
                found.Add(r);
            }
        }

        return found;
    }
}
