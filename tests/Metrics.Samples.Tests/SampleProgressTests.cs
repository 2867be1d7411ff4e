using Metrics.Core.Model;

namespace Metrics.Samples.Tests;

public class SampleProgressTests
{
    private static School School(string code, int pupils, double space) => new()
    {
        Code = code,
        Name = code,
        Type = SchoolType.Primary,
        StudentsPrimary = pupils,
        TeachingSpaceM2 = space,
        EquipmentValueYuan = space * 1000,
    };

    private static CountySubmission County() => new()
    {
        County = new CountyInfo { Code = "130102", Name = "长安区", SchoolYear = 2023 },
        // A: 300 m² / 100 pupils = 3 m² each; B: 500 / 100 = 5. Pupil-weighted mean: 800 / 200 = 4.
        Schools = [School("A", 100, 300), School("B", 100, 500)],
    };

    [Fact]
    public void NextYear_StrongProgress_RaisesOnlyTheWeakSchool()
    {
        // Index 0: A closes 60 % of its gap: 4 − 1 × 0.4 = 3.6 m² per pupil → 360 m²; B stays.
        var next = SampleProgress.NextYear(County(), 0);

        Assert.Equal(2024, next.County.SchoolYear);
        Assert.Equal([360.0, 500.0], next.Schools.Select(s => s.TeachingSpaceM2));
        Assert.Equal([360_000.0, 500_000.0], next.Schools.Select(s => s.EquipmentValueYuan));
    }

    [Fact]
    public void NextYear_StrongProgress_AddsTeachersToTheWeakSchool_QualifiedAlongside()
    {
        // Teachers per pupil: A 5/100 = 0.05, B 7/100 = 0.07, mean 12/200 = 0.06.
        // A: 0.06 − 0.01 × 0.4 = 0.056 → 5.6 → 6 teachers, one more, and so one more qualified (4 → 5).
        var county = County() with
        {
            Schools =
            [
                School("A", 100, 300) with { StaffPrimary = new SectionStaff(5, 4, 1, 1, 1) },
                School("B", 100, 500) with { StaffPrimary = new SectionStaff(7, 7, 1, 1, 1) },
            ],
        };

        var next = SampleProgress.NextYear(county, 0);

        Assert.Equal((6, 5), (next.Schools[0].StaffPrimary.Teachers, next.Schools[0].StaffPrimary.Qualified));
        Assert.Equal(county.Schools[1].StaffPrimary, next.Schools[1].StaffPrimary);
    }

    [Fact]
    public void NextYear_Regress_PullsTheStrongSchoolAhead()
    {
        // Index 1: B moves 50 % further from the mean: 4 + 1 × 1.5 = 5.5 m² per pupil → 550 m²; A stays.
        Assert.Equal([300.0, 550.0], SampleProgress.NextYear(County(), 1).Schools.Select(s => s.TeachingSpaceM2));
    }

    [Fact]
    public void NextYear_ProgressAndSteady()
    {
        // Index 2: A closes 25 %: 4 − 1 × 0.75 = 3.25 → 325 m². Index 3: only the year changes.
        Assert.Equal([325.0, 500.0], SampleProgress.NextYear(County(), 2).Schools.Select(s => s.TeachingSpaceM2));
        var steady = SampleProgress.NextYear(County(), 3);
        Assert.Equal(County().Schools, steady.Schools);
        Assert.Equal(2024, steady.County.SchoolYear);
    }
}
