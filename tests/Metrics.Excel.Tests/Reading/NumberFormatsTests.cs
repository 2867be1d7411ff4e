using Metrics.Excel.Reading;

namespace Metrics.Excel.Tests.Reading;

public class NumberFormatsTests
{
    [Theory]
    [InlineData(0, null, "General")]
    [InlineData(9, null, "Percent")] // 0%
    [InlineData(10, null, "Percent")] // 0.00%
    [InlineData(14, null, "Date")] // m/d/yyyy
    [InlineData(31, null, "Date")] // yyyy"年"m"月"d"日" in Chinese Excel
    [InlineData(164, "0.0%", "Percent")]
    [InlineData(164, "0.0\"%\"", "General")] // quoted: literal text
    [InlineData(164, "0.0\\%", "General")] // escaped: literal text
    [InlineData(164, "[Red]0.00", "General")] // a colour is not a date part
    [InlineData(164, "#,##0", "General")]
    [InlineData(164, "0.00E+00", "General")]
    [InlineData(164, "yyyy-mm-dd", "Date")]
    [InlineData(164, "[h]:mm", "Date")]
    [InlineData(164, "0;[Red]0%", "General")] // only the first section decides
    [InlineData(164, "@", "General")]
    public void Classify_BuiltInAndCustomFormats(int id, string? code, string expected) =>
        Assert.Equal(expected, NumberFormats.Classify(id, code).ToString());
}
