using Metrics.Core.Model;

namespace Metrics.Samples;

/// <summary>How a county changes from one demo year to the next.</summary>
public enum SampleTrend
{
    /// <summary>The county invests in its weakest schools: every facility ratio below the county's mean closes 60 % of its gap to it.</summary>
    StrongProgress,

    /// <summary>The best-equipped schools pull further ahead: every ratio above the mean moves 50 % further from it.</summary>
    Regress,

    /// <summary>Modest investment in weak schools: ratios below the mean close 25 % of their gap.</summary>
    Progress,

    /// <summary>Nothing changes but the year.</summary>
    Steady,
}

/// <summary>
/// The next school year of a sample county, so that a demo's two years show change in the rollup.
/// Pure and deterministic: the trend is chosen by the county's index (in turn strong progress,
/// regression, progress, steady), and each facility field of each school moves relative to the
/// county's pupil-weighted mean ratio of that field, which is what the CVs measure.
/// </summary>
public static class SampleProgress
{
    /// <summary>The trend of county <paramref name="index"/>.</summary>
    public static SampleTrend TrendOf(int index) => (SampleTrend)(index % 4);

    /// <summary>
    /// The sample county one school year later. When <paramref name="withErrors"/>, only counties
    /// that hold steady may make data errors again (drawn afresh from <paramref name="seed"/>): the
    /// others learnt from last year, so their change shows in the rollup rather than a rejection.
    /// </summary>
    public static SampleCounty NextYear(SampleCounty county, int index, int seed, bool withErrors)
    {
        ArgumentNullException.ThrowIfNull(county);
        var next = NextYear(county.Submission, index);
        return new SampleCounty(next, county.Intent, withErrors && TrendOf(index) == SampleTrend.Steady ? SampleDefects.For(seed, index, next) : []);
    }

    /// <summary>County <paramref name="county"/> one school year later, changed by <see cref="TrendOf"/> its index.</summary>
    public static CountySubmission NextYear(CountySubmission county, int index)
    {
        ArgumentNullException.ThrowIfNull(county);
        var trend = TrendOf(index);
        var schools = county.Schools;
        if (trend != SampleTrend.Steady)
        {
            schools = Move(schools, trend, s => s.TeachingSpaceM2, (s, v) => s with { TeachingSpaceM2 = Math.Round(v, 1) });
            schools = Move(schools, trend, s => s.SportsSpaceM2, (s, v) => s with { SportsSpaceM2 = Math.Round(v, 1) });
            schools = Move(schools, trend, s => s.EquipmentValueYuan, (s, v) => s with { EquipmentValueYuan = Math.Round(v) });
            schools = Move(schools, trend, s => s.MultimediaRooms, (s, v) => s with { MultimediaRooms = (int)Math.Round(v) });
            schools = Move(schools, trend, s => s.Computers, (s, v) => s with { Computers = (int)Math.Round(v) });
            schools = Move(schools, trend, s => s.Books, (s, v) => s with { Books = (int)Math.Round(v) });

            // Staff per section, over that section's pupils: teachers (qualified ones alongside),
            // key teachers, PE/arts teachers and senior titles, never more of a kind than teachers.
            foreach (var primary in new[] { true, false })
            {
                Func<School, double> pupils = primary ? s => s.StudentsPrimary : s => s.StudentsJunior;
                Func<School, SectionStaff> staff = primary ? s => s.StaffPrimary : s => s.StaffJunior;
                Func<School, SectionStaff, School> with = primary ? (s, v) => s with { StaffPrimary = v } : (s, v) => s with { StaffJunior = v };
                schools = Move(schools, trend, s => staff(s).Teachers, (s, v) =>
                {
                    var st = staff(s);
                    var teachers = Math.Max(0, (int)Math.Round(v));
                    // A new teacher is qualified and certified like the school's others; a leaving one takes both along.
                    var moved = with(s, st with { Teachers = teachers, Qualified = Math.Clamp(st.Qualified + teachers - st.Teachers, 0, teachers) });
                    return moved with { CertifiedTeachers = s.CertifiedTeachers is { } c ? Math.Max(0, c + teachers - st.Teachers) : null };
                }, pupils);
                schools = Move(schools, trend, s => staff(s).Key, (s, v) => with(s, staff(s) with { Key = Math.Clamp((int)Math.Round(v), 0, staff(s).Teachers) }), pupils);
                schools = Move(schools, trend, s => staff(s).PeArt, (s, v) => with(s, staff(s) with { PeArt = Math.Clamp((int)Math.Round(v), 0, staff(s).Teachers) }), pupils);
                schools = Move(schools, trend, s => staff(s).SeniorTitle, (s, v) => with(s, staff(s) with { SeniorTitle = Math.Clamp((int)Math.Round(v), 0, staff(s).Teachers) }), pupils);
            }
        }

        return county with
        {
            County = county.County with { SchoolYear = county.County.SchoolYear + 1 },
            Schools = schools,
        };
    }

    private static IReadOnlyList<School> Move(IReadOnlyList<School> schools, SampleTrend trend, Func<School, double> get, Func<School, double, School> set, Func<School, double>? pupilsOf = null)
    {
        var pupils = schools.Select(pupilsOf ?? Pupils).ToArray();
        var total = pupils.Sum();
        if (total == 0)
        {
            return schools;
        }

        var mean = schools.Sum(get) / total;
        var result = new School[schools.Count];
        for (var i = 0; i < schools.Count; i++)
        {
            var s = schools[i];
            if (pupils[i] == 0)
            {
                result[i] = s;
                continue;
            }

            var ratio = get(s) / pupils[i];
            var moved = trend switch
            {
                SampleTrend.StrongProgress when ratio < mean => mean - ((mean - ratio) * 0.4),
                SampleTrend.Progress when ratio < mean => mean - ((mean - ratio) * 0.75),
                SampleTrend.Regress when ratio > mean => mean + ((ratio - mean) * 1.5),
                _ => ratio,
            };
            result[i] = moved == ratio ? s : set(s, moved * pupils[i]);
        }

        return result;
    }

    private static double Pupils(School s) => s.StudentsPrimary + s.StudentsJunior + s.StudentsSenior;
}
