namespace Metrics.Excel.Reading;

/// <summary>
/// Caps that protect the reader from oversized or hostile uploads. Compressed size and the declared
/// uncompressed size of the sheet parts are checked before any cell is read; the row cap is checked
/// against each sheet's declared dimension first and again while streaming.
/// </summary>
/// <param name="MaxCompressedBytes">Largest accepted upload; default 50 MB.</param>
/// <param name="MaxUncompressedSheetBytes">Largest total of worksheet and shared-string parts once unpacked; default 200 MB.</param>
/// <param name="MaxRowsPerSheet">Largest row number holding data in any sheet; default 20 000.</param>
/// <param name="MaxColumnsPerSheet">Widest declared sheet; default 1 024 columns.</param>
public sealed record ReaderLimits(
    long MaxCompressedBytes = 50L * 1024 * 1024,
    long MaxUncompressedSheetBytes = 200L * 1024 * 1024,
    int MaxRowsPerSheet = 20_000,
    int MaxColumnsPerSheet = 1_024)
{
    /// <summary>The product defaults.</summary>
    public static readonly ReaderLimits Default = new();
}
