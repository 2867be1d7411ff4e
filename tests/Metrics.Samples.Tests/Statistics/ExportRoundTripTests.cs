using System.Text.Json.Nodes;
using Metrics.Core.Import;
using Metrics.Core.Json;
using Metrics.Core.Model;
using Metrics.Core.Profiles;
using Metrics.Core.Scoring;
using Metrics.Excel.Reading;
using Metrics.Excel.Statistics;
using Metrics.Excel.Template;

namespace Metrics.Samples.Tests.Statistics;

/// <summary>
/// Done-when of the import: an export of either shape (and either form generation) imported and
/// scored gives exactly the scorecard of the same schools typed into the template, for both profiles.
/// </summary>
public class ExportRoundTripTests
{
    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var shape in new[] { "list", StatisticsExportWriter.Forms2021, StatisticsExportWriter.Forms2018 })
        {
            foreach (var profile in new[] { "quality-2017", "basic-2012" })
            {
                data.Add(shape, profile);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Export_ImportedAndScored_EqualsTheSameSchoolsTypedIntoTheTemplate(string shape, string profileId)
    {
        var profile = ProfileCatalog.Default.Get(profileId);
        var sample = SampleGenerator.County(2, new SampleOptions { Counties = 5, Seed = 3, Year = 2024, Profile = profileId }).Submission;
        var export = ExportFixtures.Write(sample, shape);

        var imported = StatisticsImport.Read([export]);
        Assert.False(imported.HasErrors, string.Join("\n", imported.Issues.Select(i => i.MessageEn)));
        var county = Assert.Single(imported.Counties);
        Assert.Equal(sample.County.Code, county.Code);
        Assert.Equal(2024, imported.Year);
        var (submission, source) = ExportWorkbook.ToSubmission(county, county.Code!, imported.Year!.Value, profile, imported.Mapping!, imported.Filled);
        var fromExport = JsonNode.Parse(ScorecardJson.Serialize(ExportScoring.Score(submission, profile, null, source)))!.AsObject();

        // The same schools typed into the template: only what a county types there (no county inputs,
        // rotation or spending), in the order the export lists them; music and art rooms as the sample has them.
        var byCode = sample.Schools.ToDictionary(s => s.Code);
        var typed = new CountySubmission
        {
            County = new CountyInfo { Code = sample.County.Code, Name = sample.County.Name, SchoolYear = 2024, Profile = profileId },
            Schools = county.Schools.Select(s => Typed(byCode[s.Code!])).ToArray(),
        };
        using var ms = new MemoryStream();
        SubmissionWorkbookWriter.Write(typed, ms);
        var read = WorkbookReader.Read(ms.ToArray());
        Assert.False(read.HasErrors, string.Join("\n", read.Issues.Select(i => i.MessageEn)));
        var fromTemplate = JsonNode.Parse(ScorecardJson.Serialize(CountyScorer.Score(read.Submission!, profile)))!.AsObject();

        Assert.Equal(ExportSource.Kind, fromExport["source"]!["kind"]!.GetValue<string>());
        var lacking = fromExport["source"]!["checksNotAssessed"]!.AsArray().Select(n => n!.GetValue<string>()).ToHashSet();
        Assert.Contains("music_art_rooms", lacking);
        var exportChecks = fromExport["checks"]!.AsArray();
        var templateChecks = fromTemplate["checks"]!.AsArray();
        Assert.Equal(templateChecks.Count, exportChecks.Count);
        for (var i = 0; i < exportChecks.Count; i++)
        {
            var id = exportChecks[i]!["id"]!.GetValue<string>();
            if (lacking.Contains(id))
            {
                Assert.Equal("not_assessed", exportChecks[i]!["status"]!.GetValue<string>());
            }
            else
            {
                Assert.Equal(templateChecks[i]!.ToJsonString(), exportChecks[i]!.ToJsonString());
            }
        }

        // Everything else (levels, every school's values, CVs, exclusions, signals, warnings) byte for byte.
        foreach (var node in new[] { fromExport, fromTemplate })
        {
            node.Remove("source");
            node.Remove("checks");
            node.Remove("overall");
        }

        Assert.Equal(fromTemplate.ToJsonString(), fromExport.ToJsonString());
    }

    [Fact]
    public void TemplateUpload_ScorecardJson_HasNoSourceField()
    {
        var sample = SampleGenerator.County(0, new SampleOptions { Counties = 1, Seed = 1 }).Submission;
        var json = ScorecardJson.Serialize(CountyScorer.Score(sample, ProfileCatalog.Default.Get("quality-2017")));
        Assert.Null(JsonNode.Parse(json)!["source"]);
    }

    private static School Typed(School s) => s with
    {
        MaxClassPrimary = null,
        MaxClassJunior = null,
        CertifiedTeachers = null,
        StaffPrimary = s.StaffPrimary with { Certified = null },
        StaffJunior = s.StaffJunior with { Certified = null },
        ParentSchoolCode = null,
        MusicRoomMinM2 = null,
        ArtRoomMinM2 = null,
        CatchmentChildren = null,
        PlannedIntake = null,
        CatchmentChildrenJunior = null,
        PlannedIntakeJunior = null,
        BoardingPupils = null,
        PairedSchoolCode = null,
        PairingScope = null,
        AfterSchoolService = null,
        AfterSchoolPupils = null,
    };
}

/// <summary>Writes a synthetic export of one shape for a submission.</summary>
internal static class ExportFixtures
{
    public static ExportFile Write(CountySubmission submission, string shape, bool withDivisionCode = true)
    {
        using var ms = new MemoryStream();
        if (shape == "list")
        {
            StatisticsExportWriter.WriteSchoolList(submission, ms, withDivisionCode);
            return new ExportFile("学校名单.xlsx", ms.ToArray());
        }

        StatisticsExportWriter.WriteSchoolForms(submission, shape, ms);
        return new ExportFile("基层表.zip", ms.ToArray());
    }
}
