using Metrics.Excel.Reading;

namespace Metrics.Excel.Tests.Reading;

/// <summary>Cell references (<c>r="AB123"</c>) read from characters: columns base 26 from A = 0, rows as written.</summary>
public class CellReferenceTests
{
    [Theory]
    // A = 1 - 1 = 0; Z = 26 - 1 = 25; AA = 26·1 + 1 - 1 = 26; AB = 26 + 2 - 1 = 27;
    // XFD = 24·676 + 6·26 + 4 - 1 = 16 224 + 156 + 3 = 16 383, the last column Excel has.
    [InlineData("A1", 0, 1)]
    [InlineData("Z9", 25, 9)]
    [InlineData("AA10", 26, 10)]
    [InlineData("AB123", 27, 123)]
    [InlineData("XFD1048576", 16383, 1048576)]
    // Lower case is read as upper case (LibreOffice never writes it, hand-made files do).
    [InlineData("ab123", 27, 123)]
    [InlineData("xFd7", 16383, 7)]
    public void ColumnAndRow_ValidReferences(string reference, int column, int row)
    {
        Assert.Equal(column, CellReference.Column(reference));
        Assert.Equal(row, CellReference.Row(reference, fallback: -1));
    }

    [Fact]
    public void Row_NoDigits_Fallback()
    {
        Assert.Equal(7, CellReference.Row("AB", 7));
        Assert.Equal(0, CellReference.Row(string.Empty, 0));
    }

    [Fact]
    public void Column_PastXfd_SaturatesInsteadOfOverflowing()
    {
        // ZZZZZZZ would be 26^7 + … ≈ 8.3e9, past int: it stops at 2^20 = 1 048 576, so the column is 1 048 575,
        // far past the column cap, which then turns the cell away.
        Assert.Equal((1 << 20) - 1, CellReference.Column("ZZZZZZZ1"));
    }

    [Fact]
    public void Row_HugeNumber_SaturatesAt2Pow24()
    {
        // 99 999 999 999 is past int; 2^24 = 16 777 216 is past any row cap.
        Assert.Equal(1 << 24, CellReference.Row("A99999999999", 0));
    }

    [Theory]
    [InlineData("")]
    [InlineData("1A")]
    [InlineData("$A$1")]
    [InlineData("Ａ1")] // a full-width A is not a column letter
    public void Column_NotStartingWithALetter_Throws(string reference)
    {
        Assert.Throws<FormatException>(() => CellReference.Column(reference));
    }
}
