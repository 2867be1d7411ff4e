using Metrics.Core.Model;

namespace Metrics.Core.Samples;

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
    /// The sample county one school year later, with data errors drawn afresh from
    /// <paramref name="seed"/> when <paramref name="withErrors"/> (a county that erred last year may not this year).
    /// </summary>
    public static SampleCounty NextYear(SampleCounty county, int index, int seed, bool withErrors)
    {
        ArgumentNullException.ThrowIfNull(county);
        var next = NextYear(county.Submission, index);
        return new SampleCounty(next, county.Intent, withErrors ? SampleDefects.For(seed, index, next) : []);
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
        }

        return county with
        {
            County = county.County with { SchoolYear = county.County.SchoolYear + 1 },
            Schools = schools,
        };
    }

    private static IReadOnlyList<School> Move(IReadOnlyList<School> schools, SampleTrend trend, Func<School, double> get, Func<School, double, School> set)
    {
        var pupils = schools.Select(Pupils).ToArray();
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
