namespace Metrics.Excel.Reading;

/// <summary>
/// Caps that protect the reader from oversized or hostile uploads. Compressed size and the declared
/// uncompressed size of the workbook's XML parts are checked before any cell is read; the unpacked bytes are
/// counted again while streaming (a zip directory can lie); the row and column caps are checked against each
/// sheet's declared dimension first and again at every cell holding a value.
/// </summary>
/// <param name="MaxCompressedBytes">Largest accepted upload; default 50 MB.</param>
/// <param name="MaxUncompressedSheetBytes">Most bytes inflated from the package in one read (workbook, styles, shared strings, sheets); default 200 MB.</param>
/// <param name="MaxRowsPerSheet">Largest row number holding data in any sheet; default 20 000.</param>
/// <param name="MaxColumnsPerSheet">Widest sheet, declared or holding a value; default 1 024 columns.</param>
/// <param name="MaxSharedStrings">Most entries in the shared-strings table; default 1 000 000.</param>
/// <param name="MaxSharedStringChars">Most characters in the shared-strings table; default 16 million (32 MB in memory).</param>
public sealed record ReaderLimits(
    long MaxCompressedBytes = 50L * 1024 * 1024,
    long MaxUncompressedSheetBytes = 200L * 1024 * 1024,
    int MaxRowsPerSheet = 20_000,
    int MaxColumnsPerSheet = 1_024,
    int MaxSharedStrings = 1_000_000,
    long MaxSharedStringChars = 16_000_000)
{
    /// <summary>The product defaults.</summary>
    public static readonly ReaderLimits Default = new();
}
