using Metrics.Core.Model;
using Metrics.Excel.Reading;
using Metrics.Excel.Tests.Builders;

namespace Metrics.Excel.Tests.Reading;

public class WorkbookReaderTests
{
    internal static ReadResult ReadBytes(byte[] bytes)
    {
        using var ms = new MemoryStream(bytes);
        return WorkbookReader.Read(ms);
    }

    internal static void AssertSameSubmission(CountySubmission expected, CountySubmission? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.County, actual.County);
        Assert.Equal(expected.Schools.Count, actual.Schools.Count);
        for (var i = 0; i < expected.Schools.Count; i++)
        {
            Assert.Equal(expected.Schools[i], actual.Schools[i]);
        }

        Assert.Equal(expected.Rotation, actual.Rotation);
        Assert.Equal(expected.Spending, actual.Spending);
    }

    [Fact]
    public void Read_FilledTemplateWithAllSchoolTypes_ReturnsExactModel()
    {
        var expected = CountyWorkbookBuilder.SampleSubmission(16);
        var result = ReadBytes(new CountyWorkbookBuilder().With(expected).Build());

        Assert.Empty(result.Issues);
        AssertSameSubmission(expected, result.Submission);
    }
}
