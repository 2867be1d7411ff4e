using Metrics.Pipeline.Storage;

namespace Metrics.Pipeline.Tests.Storage;

public sealed class BlobPathTests
{
    [Theory]
    [InlineData("reports/2024/110101/scorecard.json")]
    [InlineData("submissions/2024/110101/东城区 2024.xlsx")]
    [InlineData("abc/x")]
    [InlineData("a-b-c/x.y.z")]
    [InlineData("receipts/submissions/2024/110101/a.xlsx/0x8DC1A2B3")]
    [InlineData("reports/2024/110101/history/20240601T000000Z-abcdef12/scorecard.json")]
    [InlineData("data/emoji-\ud83d\ude00.json")]
    public void Validate_GoodPath_ReturnsIt(string path)
    {
        Assert.Equal(path, BlobPath.Validate(path));
        Assert.True(BlobPath.IsValid(path));
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("../x", "3 to 63")]
    [InlineData("./x", "3 to 63")]
    [InlineData("reports//x", "empty segment")]
    [InlineData("reports/x/", "empty segment")]
    [InlineData("Reports/x", "lowercase")]
    [InlineData("re/x", "3 to 63")]
    [InlineData("-reports/x", "start and end")]
    [InlineData("reports-/x", "start and end")]
    [InlineData("rep--orts/x", "start and end")]
    [InlineData("rep_orts/x", "lowercase")]
    [InlineData("/reports/x", "absolute")]
    [InlineData("C:/reports/x", "absolute")]
    [InlineData("reports\\x", "backslash")]
    [InlineData("reports/a\\b", "backslash")]
    [InlineData("reports/./x", "'.' and '..'")]
    [InlineData("reports/x/..", "'.' and '..'")]
    [InlineData("reports/.tmp-123", "starts with '.'")]
    [InlineData("reports/x.", "ends with")]
    [InlineData("reports/x ", "ends with")]
    [InlineData("reports/a\tb", "control")]
    [InlineData("reports/a\u007fb", "control")]
    [InlineData("reports/a?b", "'?'")]
    [InlineData("reports/a*b", "'*'")]
    [InlineData("reports/a|b", "'|'")]
    [InlineData("reports", "no blob name")]
    public void Validate_BadPath_ThrowsWithReason(string path, string reason)
    {
        var e = Assert.Throws<ArgumentException>(() => BlobPath.Validate(path));
        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
        Assert.False(BlobPath.IsValid(path));
    }

    [Fact]
    public void Validate_UnpairedSurrogate_Throws()
    {
        // Built at run time: xUnit turns a lone surrogate in theory data into U+FFFD.
        foreach (var bad in new[] { "reports/" + (char)0xDC00 + "x", "reports/x" + (char)0xD800, "reports/" + (char)0xD800 + "x" })
        {
            var e = Assert.Throws<ArgumentException>(() => BlobPath.Validate(bad));
            Assert.Contains("surrogate", e.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Validate_Null_ThrowsArgumentNullException()
    {
        Assert.Throws<ArgumentNullException>(() => BlobPath.Validate(null!));
        Assert.False(BlobPath.IsValid(null));
    }

    [Fact]
    public void Validate_Lengths_FollowAzureAndFileSystemLimits()
    {
        Assert.True(BlobPath.IsValid("reports/" + new string('x', 255)));
        Assert.False(BlobPath.IsValid("reports/" + new string('x', 256)));
        Assert.True(BlobPath.IsValid("reports/" + new string('区', 85)));  // 255 UTF-8 bytes
        Assert.False(BlobPath.IsValid("reports/" + new string('区', 86)));
        Assert.True(BlobPath.IsValid(new string('c', 63) + "/x"));
        Assert.False(BlobPath.IsValid(new string('c', 64) + "/x"));

        var name1024 = string.Join('/', Enumerable.Repeat(new string('n', 203), 5)) + "/abcd"; // 5*203 + 4 + 5
        Assert.Equal(1024, name1024.Length);
        Assert.True(BlobPath.IsValid("reports/" + name1024));
        Assert.False(BlobPath.IsValid("reports/" + name1024 + "x"));
        Assert.True(BlobPath.IsValid("reports/" + string.Join('/', Enumerable.Repeat("s", 254))));
        Assert.False(BlobPath.IsValid("reports/" + string.Join('/', Enumerable.Repeat("s", 255))));
    }

    [Fact]
    public void Validate_MessageShowsControlCharactersVisibly()
    {
        var e = Assert.Throws<ArgumentException>(() => BlobPath.Validate("reports/a\u0001b"));
        Assert.Contains("a\\u0001b", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Split_ReturnsContainerAndName()
    {
        Assert.Equal(("reports", "2024/110101/scorecard.json"), BlobPath.Split("reports/2024/110101/scorecard.json"));
        Assert.Throws<ArgumentException>(() => BlobPath.Split("reports"));
    }

    [Theory]
    [InlineData("", "", null)]
    [InlineData("rep", "rep", null)]
    [InlineData("reports/", "reports", "")]
    [InlineData("reports/2024/1101", "reports", "2024/1101")]
    [InlineData("reports/2024/scorecard.", "reports", "2024/scorecard.")]
    [InlineData("reports/2024/a ", "reports", "2024/a ")]
    public void ParsePrefix_GoodPrefix_Splits(string prefix, string container, string? namePrefix)
    {
        var parsed = BlobPath.ParsePrefix(prefix);
        Assert.Equal(container, parsed.Container);
        Assert.Equal(namePrefix, parsed.NamePrefix);
    }

    [Theory]
    [InlineData("Rep")]
    [InlineData("re_p")]
    [InlineData("reports//")]
    [InlineData("reports/../")]
    [InlineData("reports/./x")]
    [InlineData("reports/.tmp-")]
    [InlineData("re/")]
    [InlineData("/reports/")]
    [InlineData("reports/a?")]
    [InlineData("reports\\a")]
    public void ParsePrefix_BadPrefix_Throws(string prefix)
    {
        Assert.ThrowsAny<ArgumentException>(() => BlobPath.ParsePrefix(prefix));
    }

    [Fact]
    public void Containers_AreValid()
    {
        Assert.All(StorageLayout.Containers, c => Assert.True(BlobPath.IsValidContainerName(c), c));
    }
}
