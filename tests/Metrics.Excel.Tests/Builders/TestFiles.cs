using System.Security.Cryptography;
using System.Text;
using Metrics.Excel.Reading;

namespace Metrics.Excel.Tests.Builders;

/// <summary>Paths of committed test data and a content fingerprint that ignores zip timestamps.</summary>
internal static class TestFiles
{
    /// <summary>TestData as copied beside the test assembly.</summary>
    public static string Dir(params string[] parts) => Path.Combine([AppContext.BaseDirectory, "TestData", .. parts]);

    public static byte[] Read(params string[] parts) => File.ReadAllBytes(Dir(parts));

    /// <summary>
    /// What a file holds, independent of when it was written: sheet names and every non-empty cell for a
    /// readable .xlsx, otherwise a hash of the bytes.
    /// </summary>
    public static string Content(byte[] bytes)
    {
        var package = XlsxPackage.Open(bytes, ReaderLimits.Default with { MaxRowsPerSheet = 1_048_576 }, "file", out _);
        if (package is null)
        {
            return "bytes:" + Convert.ToHexString(SHA256.HashData(bytes));
        }

        var sb = new StringBuilder();
        foreach (var sheet in package.Sheets)
        {
            sb.Append("sheet:").AppendLine(sheet.Name);
            var raw = package.ReadSheet(sheet, ReaderLimits.Default with { MaxRowsPerSheet = 1_048_576 }, out _);
            foreach (var row in raw.Rows)
            {
                foreach (var cell in row.Cells)
                {
                    sb.Append(Metrics.Excel.Schema.TextNormalizer.A1(cell.Column, row.Number)).Append('=')
                        .Append(cell.Value.GetType().Name).Append(':').AppendLine(CellValues.AsText(cell.Value));
                }
            }
        }

        return sb.ToString();
    }
}
