using SpreadCheetah;

namespace Metrics.Reports.Excel;

/// <summary>
/// The cells of the row being streamed, one array reused for every row of every sheet of a workbook
/// (SpreadCheetah copies a row out before the next is filled). A span of an array also takes
/// SpreadCheetah's fast path, where a list is read through its interface one cell at a time.
/// </summary>
internal sealed class RowBuffer
{
    private StyledCell[] cells = new StyledCell[64];

    /// <summary>The array, long enough for <paramref name="count"/> cells.</summary>
    public StyledCell[] Cells(int count)
    {
        if (cells.Length < count)
        {
            cells = new StyledCell[Math.Max(count, cells.Length * 2)];
        }

        return cells;
    }

    /// <summary>The first <paramref name="count"/> cells, as SpreadCheetah takes a row.</summary>
    public ReadOnlyMemory<StyledCell> Memory(int count) => cells.AsMemory(0, count);
}
