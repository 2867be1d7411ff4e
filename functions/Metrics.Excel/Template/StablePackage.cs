using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;

namespace Metrics.Excel.Template;

/// <summary>
/// Makes a saved workbook package a function of its content only, and tells other readers its true
/// size. System.IO.Packaging (under ClosedXML) names the core-properties part and the package
/// relationships at random and stamps the time into the core properties and every zip entry, so
/// the same workbook saved twice differed in bytes: re-running the demo re-processed every county
/// as a new upload. ClosedXML also keeps the <c>dimension</c> of the template it was filled from
/// (A1:AM6 on a sheet holding 104 rows), which readers that trust it (openpyxl's read-only mode)
/// take at its word and stop at row 6.
/// </summary>
public static partial class StablePackage
{
    /// <summary>Zip entries get this time: the content, not the clock, decides the bytes.</summary>
    private static readonly DateTimeOffset EntryTime = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private const string CorePart = "package/services/metadata/core-properties/core.psmdcp";

    /// <summary>Rewrites the package in <paramref name="saved"/> to <paramref name="output"/>.</summary>
    public static void Write(byte[] saved, Stream output)
    {
        ArgumentNullException.ThrowIfNull(saved);
        ArgumentNullException.ThrowIfNull(output);
        using var source = new ZipArchive(new MemoryStream(saved, writable: false), ZipArchiveMode.Read);
        var coreName = source.Entries.Select(e => e.FullName).FirstOrDefault(n => n.EndsWith(".psmdcp", StringComparison.Ordinal));
        using var target = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
        foreach (var entry in source.Entries)
        {
            byte[] content;
            using (var s = entry.Open())
            using (var m = new MemoryStream())
            {
                s.CopyTo(m);
                content = m.ToArray();
            }

            var name = entry.FullName;
            if (name == coreName)
            {
                name = CorePart;
                content = Rewrite(content, text => CoreDates().Replace(text, string.Empty));
            }
            else if (name == "_rels/.rels")
            {
                var n = 0;
                content = Rewrite(content, text =>
                {
                    if (coreName is not null)
                    {
                        text = text.Replace("/" + coreName, "/" + CorePart, StringComparison.Ordinal);
                    }

                    return RandomRelationshipId().Replace(text, _ => $"Id=\"rIdPackage{++n}\"");
                });
            }
            else if (name.StartsWith("xl/worksheets/sheet", StringComparison.Ordinal) && name.EndsWith(".xml", StringComparison.Ordinal))
            {
                content = Rewrite(content, TrueDimension);
            }

            var copy = target.CreateEntry(name, CompressionLevel.Optimal);
            copy.LastWriteTime = EntryTime;
            using var d = copy.Open();
            d.Write(content);
        }
    }

    /// <summary>The dimension a sheet really has: from A1 to its last used column and row.</summary>
    internal static string TrueDimension(string sheet)
    {
        int maxRow = 0, maxCol = 0;
        foreach (Match m in CellReference().Matches(sheet))
        {
            maxCol = Math.Max(maxCol, ColumnNumber(m.Groups[1].Value));
            maxRow = Math.Max(maxRow, int.Parse(m.Groups[2].ValueSpan, System.Globalization.CultureInfo.InvariantCulture));
        }

        var extent = maxRow == 0 ? "A1" : "A1:" + ColumnName(maxCol) + maxRow.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Dimension().Replace(sheet, m => $"<{m.Groups[1].Value}dimension ref=\"{extent}\"", 1);
    }

    private static byte[] Rewrite(byte[] content, Func<string, string> change)
    {
        var bom = content.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]);
        var text = Encoding.UTF8.GetString(bom ? content[3..] : content);
        var changed = Encoding.UTF8.GetBytes(change(text));
        return bom ? [0xEF, 0xBB, 0xBF, .. changed] : changed;
    }

    private static int ColumnNumber(string letters)
    {
        var n = 0;
        foreach (var ch in letters)
        {
            n = (n * 26) + (ch - 'A' + 1);
        }

        return n;
    }

    private static string ColumnName(int n)
    {
        var s = string.Empty;
        while (n > 0)
        {
            var r = (n - 1) % 26;
            s = (char)('A' + r) + s;
            n = (n - 1) / 26;
        }

        return s;
    }

    [GeneratedRegex("<dcterms:(created|modified)[^>]*>[^<]*</dcterms:(created|modified)>")]
    private static partial Regex CoreDates();

    [GeneratedRegex("Id=\"R[0-9a-f]{16}\"")]
    private static partial Regex RandomRelationshipId();

    [GeneratedRegex("<(?:[A-Za-z]+:)?c r=\"([A-Z]{1,3})([0-9]+)\"")]
    private static partial Regex CellReference();

    [GeneratedRegex("<((?:[A-Za-z]+:)?)dimension ref=\"[^\"]*\"")]
    private static partial Regex Dimension();
}
