using Metrics.Core.Model;
using Metrics.Excel.Schema;

namespace Metrics.Samples;

/// <summary>
/// Chooses the defects of a county when <see cref="SampleOptions.WithErrors"/> is set: one county in
/// each block of four (seed-keyed), 1–3 defects of different kinds at different schools. Drawn from
/// a separate stream, so the records are the same with or without errors.
/// </summary>
internal static class SampleDefects
{
    private static readonly IReadOnlyList<SampleDefect> None = [];
    // Column keys of the 学校 sheet, looked up in WorkbookSchema (an unknown key fails at type initialisation).
    private static readonly string[] EnumFields = Columns("school_type", "location", "ownership");
    private static readonly string[] NegativeFacilities = Columns("teaching_space_m2", "sports_space_m2", "equipment_value_yuan", "books", "multimedia_rooms");
    private static readonly string[] TextFacilities = Columns("equipment_value_yuan", "teaching_space_m2", "computers", "books");
    private static readonly string CodeColumn = Columns("school_code")[0];
    private static readonly string RotatedColumn = WorkbookSchema.Rotation.Field("rotated_teachers").Key;

    public static IReadOnlyList<SampleDefect> For(int seed, int index, CountySubmission submission)
    {
        var schools = submission.Schools;
        if ((int)(SampleHash.Of(seed, index / 4, 0xDEFEC7) % 4) != index % 4 || schools.Count < 2)
        {
            return None;
        }

        var rng = SampleHash.Rng(seed, index, 2);
        var kinds = SampleDefectKinds.All.ToArray();
        var count = rng.Next(1, 4);
        var defects = new SampleDefect[count];
        var usedSchools = new HashSet<int>();
        for (var i = 0; i < count; i++)
        {
            var j = rng.Next(i, kinds.Length);
            (kinds[i], kinds[j]) = (kinds[j], kinds[i]);
            int at;
            do
            {
                at = rng.Next(schools.Count);
            }
            while (!usedSchools.Add(at) && usedSchools.Count < schools.Count);

            var s = schools[at];
            defects[i] = kinds[i] switch
            {
                SampleDefectKinds.Negative => Schools(s, NumericField(s, rng, NegativeFacilities), kinds[i]),
                SampleDefectKinds.TextInNumber => Schools(s, NumericField(s, rng, TextFacilities), kinds[i]),
                SampleDefectKinds.DuplicateCode => Schools(s, CodeColumn, kinds[i]),
                SampleDefectKinds.UnknownEnum => Schools(s, EnumFields[rng.Next(EnumFields.Length)], kinds[i]),
                _ => new SampleDefect(SampleDefectKinds.RotationSheet, s.Code, RotatedColumn, kinds[i]),
            };
        }

        return defects;
    }

    private static string[] Columns(params string[] keys) => [.. keys.Select(k => WorkbookSchema.Schools.Field(k).Key)];

    private static SampleDefect Schools(School s, string field, string kind) => new(SampleDefectKinds.SchoolsSheet, s.Code, field, kind);

    /// <summary>One of the given facility fields, or a pupil or teacher count of a section the school has.</summary>
    private static string NumericField(School s, Random rng, string[] facilities)
    {
        var section = s.StudentsPrimary > 0 ? "primary" : "junior";
        return rng.Next(3) switch
        {
            0 => WorkbookSchema.Schools.Field("students_" + section).Key,
            1 => WorkbookSchema.Schools.Field("teachers_" + section).Key,
            _ => facilities[rng.Next(facilities.Length)],
        };
    }
}
