using Metrics.Core.Model;

namespace Metrics.Core.Tests.Model;

public class TextWidthTests
{
    [Theory]
    // 6 Han characters × 2 = 12.
    [InlineData("城关第一小学", 12)]
    // "P04 " is 4 narrow, 小学 is 2 × 2: 4 + 4 = 8.
    [InlineData("P04 小学", 8)]
    // Full-width parentheses (U+FF08, U+FF09) are wide: 2 + 2 = 4.
    [InlineData("（）", 4)]
    // Hangul syllables: 2 × 2 = 4.
    [InlineData("학교", 4)]
    // One emoji is one surrogate pair, one wide glyph: "ab" 2 + 2 = 4 (not 2 + 4 for two halves).
    [InlineData("ab\U0001F600", 4)]
    // Two lines: as wide as the wider, "小学一" = 6, not 2 + 6 + the line break.
    [InlineData("ab\n小学一", 6)]
    [InlineData("", 0)]
    public void Columns_CountsWideCharactersTwice(string text, int expected)
    {
        Assert.Equal(expected, TextWidth.Columns(text));
    }
}
