using System.Text;
using Metrics.Excel.Schema;

namespace Metrics.Excel.Tests.Schema;

/// <summary>Keys and clean text, on the fast path (text already in form) and the slow one (normalised, rebuilt).</summary>
public class TextNormalizerTests
{
    [Theory]
    [InlineData("小学", "小学")]
    [InlineData("students_primary", "studentsprimary")]
    [InlineData("Students Primary", "studentsprimary")]
    [InlineData("在校生数·小学（人）", "在校生数小学")] // full-width parentheses become ( ) under NFKC and the unit is cut
    [InlineData("ＡＢＣ", "abc")]
    [InlineData(" 教学及辅助用房面积(m²) ", "教学及辅助用房面积")]
    [InlineData("m²", "m2")]
    [InlineData("e\u0301", "\u00e9")] // e + combining acute composes to é
    public void Key_AsDefined(string text, string key)
    {
        Assert.Equal(key, TextNormalizer.Key(text));
    }

    [Theory]
    [InlineData("小学")]
    [InlineData("abc")]
    [InlineData("长沙市第一中学")]
    public void Key_TextAlreadyAKey_IsReturnedItself(string text)
    {
        Assert.Same(text, TextNormalizer.Key(text));
    }

    [Theory]
    [InlineData("长沙市第一中学", "长沙市第一中学")]
    [InlineData("  430102 ", "430102")]
    [InlineData("４３０１０２", "430102")]
    [InlineData("\u200B校\uFEFF", "校")]
    [InlineData("㈠", "(一)")] // a compatibility character outside the plain ranges still goes through NFKC
    public void Clean_NfkcAndTrimmed(string text, string clean)
    {
        Assert.Equal(clean, TextNormalizer.Clean(text));
        Assert.Equal(text.Normalize(NormalizationForm.FormKC).Trim().Trim('\u200B', '\uFEFF').Trim(), TextNormalizer.Clean(text));
    }

    [Fact]
    public void Clean_PlainText_IsReturnedItself()
    {
        const string name = "长沙市第一中学";
        Assert.Same(name, TextNormalizer.Clean(name));
    }
}
