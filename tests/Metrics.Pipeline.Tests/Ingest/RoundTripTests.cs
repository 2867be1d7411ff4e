using Metrics.Core.Json;
using Metrics.Core.Profiles;
using Metrics.Core.Scoring;
using Metrics.Excel.Reading;
using Metrics.Excel.Template;
using Metrics.Samples;

namespace Metrics.Pipeline.Tests.Ingest;

/// <summary>
/// Template → filled by the product's writer → read by the streaming reader → scored: the
/// scorecard must be exactly the one scored from the records themselves, for both profiles.
/// </summary>
public class RoundTripTests
{
    [Theory]
    [InlineData("quality-2017", 0)]
    [InlineData("quality-2017", 3)]
    [InlineData("basic-2012", 1)]
    [InlineData("basic-2012", 2)]
    public void TemplateFillReadScore_GivesTheScorecardOfTheRecords(string profileId, int index)
    {
        var sample = SampleGenerator.County(index, new SampleOptions { Seed = 11, Counties = 4, Profile = profileId, MinSchools = 20, MaxSchools = 80 });
        var profile = ProfileCatalog.Default.Get(profileId);
        var source = new SubmissionRef(new string('0', 64), DateTimeOffset.UnixEpoch);

        using var workbook = new MemoryStream();
        SubmissionWorkbookWriter.Write(sample.Submission, workbook);
        var read = WorkbookReader.Read(workbook.ToArray());

        Assert.False(read.HasErrors, string.Join("\n", read.Issues.Select(i => $"{i.Location} {i.Code} {i.MessageEn}")));
        var input = read.Submission!;
        Assert.Equal(profileId, input.County.Profile);
        Assert.Equal(sample.Submission.County, input.County);
        Assert.Equal(sample.Submission.Schools.Count, input.Schools.Count);
        // Rows are where the writer put them (data from row 4); otherwise every field survives.
        Assert.Equal(sample.Submission.Schools, input.Schools.Select(s => s with { SourceRow = 0 }));
        Assert.Equal(sample.Submission.Rotation, input.Rotation.Select(r => r with { SourceRow = 0 }));
        Assert.Equal(sample.Submission.Spending, input.Spending.Select(r => r with { SourceRow = 0 }));

        var fromWorkbook = CountyScorer.Score(input, profile, source) with { Warnings = [] };
        var fromRecords = CountyScorer.Score(sample.Submission, profile, source) with { Warnings = [] };
        Assert.Equal(ScorecardJson.Serialize(fromRecords), ScorecardJson.Serialize(fromWorkbook));
    }
}
