using System.Globalization;
using Metrics.Core.Catalog;
using Metrics.Core.Model;
using Metrics.Core.Profiles;
using Metrics.Core.Statistics;

namespace Metrics.Samples;

/// <summary>
/// Builds one county from its own <see cref="Random"/>. The order of draws is fixed, so the county
/// depends only on (seed, index) and the options. Values are drawn as ratios to the profile's
/// standards per unit (a school's section), by the county's intent and the unit's location, then
/// turned into whole-school quantities with the profile's section weights.
/// </summary>
internal sealed class CountyBuilder
{
    // Slots of the drawn resources (positions in SampleContext.Drawn), looked up by catalog id.
    private static readonly int K = SampleContext.Drawn.Length;
    private static readonly int Qualified = SampleContext.Slot("qualified_teachers_per100");
    private static readonly int Key = SampleContext.Slot("key_teachers_per100");
    private static readonly int PeArt = SampleContext.Slot("pe_art_teachers_per100");
    private static readonly int Teaching = SampleContext.Slot("teaching_space_per_pupil");
    private static readonly int Sports = SampleContext.Slot("sports_space_per_pupil");
    private static readonly int Equipment = SampleContext.Slot("equipment_value_per_pupil");
    private static readonly int Multimedia = SampleContext.Slot("multimedia_rooms_per100");
    private static readonly int Computers = SampleContext.Slot("computers_per100");
    private static readonly int Books = SampleContext.Slot("books_per_pupil");

    // The indicators a profile sets a standard for, and the facilities among them, in slot order.
    private static readonly int[] Standardised = [.. Enumerable.Range(0, K).Where(SampleContext.HasStandard)];
    private static readonly int[] Facilities = [.. Enumerable.Range(0, K).Where(k => SampleContext.Drawn[k].IsFacility)];
    private static readonly int[] Spaces = [Teaching, Sports, Equipment];

    // No spread value exceeds seven times its standard (e.g. 14 000 元 of equipment per primary pupil).
    private const double MaxRatio = 7;

    // With a composite decision books and computers are spread too: a lower cap keeps them plausible.
    private const double MaxRatioComposite = 6;

    private const int P = (int)Level.Primary;
    private const int J = (int)Level.Junior;

    // With a composite decision (basic-2012) every facility-like indicator is spread.
    private static readonly int[] CompositeSpread = [Teaching, Sports, Equipment, Computers, Books];

    // Checks a county may be drawn to fail, by CheckCatalog id (an unknown id fails at type
    // initialisation). The order fixes the random draws: reordering changes every workbook.
    private static readonly string[] FailableChecks =
    [
        .. new[]
        {
            "class_size", "school_size", "music_art_rooms", "small_school_funding", "training_spend",
            "teacher_certification", "teacher_rotation", "teacher_pay", "training_completion", "nearby_enrollment",
            "quota_allocation", "migrant_children_public", "retention_rate", "disabled_enrollment", "social_recognition",
            "special_ed_funding",
        }.Select(id => CheckCatalog.Get(id).Id),
    ];

    private readonly SampleContext ctx;
    private readonly Random rng;
    private readonly CountyIdentity id;
    private readonly SampleQuality intent;
    private HashSet<string> failing = [];
    private bool vetoed;
    private Draft[] d = [];

    // Ratio of each unit's value to its standard: r[(school * 2 + level) * K + indicator].
    private double[] r = [];

    public CountyBuilder(SampleContext ctx, int index)
    {
        this.ctx = ctx;
        var seed = ctx.Options.Seed;
        rng = SampleHash.Rng(seed, index, 1);
        id = CountyIdentities.For(seed, index);
        intent = IntentOf(seed, index);
    }

    public SampleQuality Intent => intent;

    /// <summary>
    /// Intents in blocks of four counties: two balanced, one borderline, one unbalanced, in a
    /// seed-keyed order; so any batch is about 50/25/25 and a batch of 4m counties exactly so.
    /// </summary>
    public static SampleQuality IntentOf(int seed, int index)
    {
        var h = (int)(SampleHash.Of(seed, index / 4, 0x1A7E) % 12);
        var borderline = h / 3;
        var u = h % 3;
        var unbalanced = u >= borderline ? u + 1 : u;
        var pos = index % 4;
        return pos == borderline ? SampleQuality.Borderline : pos == unbalanced ? SampleQuality.Unbalanced : SampleQuality.Balanced;
    }

    public CountySubmission Build()
    {
        (failing, vetoed) = DrawFailures();
        var optional = (Enrollment: Chance(0.85), Pairing: Chance(0.8), AfterSchool: Chance(0.85), ToRural: Chance(0.7));
        var skew = intent == SampleQuality.Unbalanced ? 1.0 : Uniform(0.85, 1.2);

        var n = DrawSchoolCount();
        d = new Draft[n];
        DrawSkeleton(n);
        for (var i = 0; i < n; i++)
        {
            DrawPupils(ref d[i]);
            d[i].Evaluated = IsEvaluated(d[i]);
        }

        DrawFaultTargets();
        for (var i = 0; i < n; i++)
        {
            DrawClassesAndTeachers(ref d[i]);
        }

        DrawRatios(skew);

        var names = new SchoolNames(id.Name, n, rng);
        var schools = new School[n];
        var urban = new List<int>();
        for (var i = 0; i < n; i++)
        {
            if (d[i].Location == Location.Urban && d[i].Type is not SchoolType.SpecialEducation)
            {
                urban.Add(i);
            }
        }

        for (var i = 0; i < n; i++)
        {
            schools[i] = Materialize(i, names, optional.Enrollment, optional.Pairing, optional.AfterSchool, urban);
        }

        // Each teaching point names the 小学 it belongs to (the nearest one before it, else the first),
        // for profiles that merge points into their parent. No draw, so nothing else changes.
        for (var i = 0; i < n; i++)
        {
            if (schools[i].Type == SchoolType.TeachingPoint)
            {
                var parent = Enumerable.Range(0, i).Reverse().Concat(Enumerable.Range(i + 1, n - i - 1))
                    .Select(k => schools[k]).FirstOrDefault(x => x.Type == SchoolType.Primary && x.StudentsPrimary > 0);
                schools[i] = schools[i] with { ParentSchoolCode = parent?.Code };
            }
        }

        return new CountySubmission
        {
            County = DrawCountyInfo(),
            Schools = schools,
            Rotation = DrawRotation(schools, optional.ToRural),
            Spending = DrawSpending(schools),
        };
    }

    /// <summary>School code: 学校标识码-like, "2" + county code + three-digit sequence.</summary>
    public static string SchoolCode(string countyCode, int i) =>
        string.Concat("2", countyCode, (i + 1).ToString("D3", CultureInfo.InvariantCulture));

    /// <summary>The checks the county is drawn to fail, and whether it is drawn to trip a veto item.</summary>
    private (HashSet<string> Failing, bool Vetoed) DrawFailures()
    {
        var count = intent switch
        {
            SampleQuality.Balanced => Chance(0.6) ? 0 : 1,
            SampleQuality.Borderline => Chance(0.3) ? 0 : rng.Next(1, 3),
            _ => rng.Next(2, 6),
        };
        var pool = (string[])FailableChecks.Clone();
        var failing = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var j = rng.Next(i, pool.Length);
            (pool[i], pool[j]) = (pool[j], pool[i]);
            failing.Add(pool[i]);
        }

        var vetoed = intent == SampleQuality.Unbalanced && Chance(0.1);
        return (failing, vetoed);
    }

    private bool Fails(string checkId) => Array.IndexOf(FailableChecks, checkId) >= 0
        ? failing.Contains(checkId)
        : throw new ArgumentException($"'{checkId}' is not a check the generator can make fail.", nameof(checkId));

    /// <summary>Log-normal around a median 7% of the way from min to max: many small counties, few large (mean ≈ 70 for 10–600).</summary>
    private int DrawSchoolCount()
    {
        var (min, max) = (ctx.Options.MinSchools, ctx.Options.MaxSchools);
        if (min == max)
        {
            return min;
        }

        var median = min + (max - min) * 0.07;
        double x = 0;
        for (var attempt = 0; attempt < 6; attempt++)
        {
            x = median * Math.Exp(0.8 * Normal());
            if (x >= min && x <= max)
            {
                break;
            }
        }

        return (int)Math.Clamp(Math.Round(x), min, max);
    }

    private void DrawSkeleton(int n)
    {
        // The county seat always has a 小学 and a 初中, so both levels have units.
        d[0] = new Draft { Type = SchoolType.Primary, Location = Location.Urban };
        d[1] = new Draft { Type = SchoolType.Junior, Location = Location.Urban };
        var special = n >= 3 && Chance(n >= 40 ? 0.6 : 0.2);
        var last = special ? n - 1 : n;
        for (var i = 2; i < last; i++)
        {
            var u = rng.NextDouble();
            var type = u < 0.54 ? SchoolType.Primary
                : u < 0.76 ? SchoolType.Junior
                : u < 0.86 ? SchoolType.NineYear
                : u < 0.875 ? SchoolType.TwelveYear
                : u < 0.905 ? SchoolType.Complete
                : SchoolType.TeachingPoint;
            var location = DrawLocation(type);
            var ownership = type != SchoolType.TeachingPoint && location != Location.Rural && Chance(0.04) ? Ownership.Private : Ownership.Public;
            d[i] = new Draft { Type = type, Location = location, Ownership = ownership };
        }

        if (special)
        {
            d[n - 1] = new Draft { Type = SchoolType.SpecialEducation, Location = Location.Urban };
        }

        for (var i = 0; i < n; i++)
        {
            d[i].ShortK = -1;
        }

        if (Fails("school_size"))
        {
            foreach (var i in Pick(rng.Next(1, 3), i => d[i] is { Location: Location.Urban, Ownership: Ownership.Public, Type: SchoolType.Primary or SchoolType.Junior }))
            {
                d[i].Oversize = true;
            }
        }
    }

    private Location DrawLocation(SchoolType type)
    {
        var u = rng.NextDouble();
        return type switch
        {
            SchoolType.TeachingPoint => Location.Rural,
            SchoolType.TwelveYear or SchoolType.Complete => u < 0.7 ? Location.Urban : Location.Town,
            SchoolType.Junior when id.IsDistrict => u < 0.5 ? Location.Urban : u < 0.8 ? Location.Town : Location.Rural,
            SchoolType.Junior => u < 0.2 ? Location.Urban : u < 0.7 ? Location.Town : Location.Rural,
            _ when id.IsDistrict => u < 0.55 ? Location.Urban : u < 0.8 ? Location.Town : Location.Rural,
            _ => u < 0.15 ? Location.Urban : u < 0.45 ? Location.Town : Location.Rural,
        };
    }

    private void DrawPupils(ref Draft s)
    {
        var size = ctx.Checks.Get<SchoolSizeRule>(CheckIds.SchoolSize);
        var loc = s.Location;
        switch (s.Type)
        {
            case SchoolType.Primary:
                s.Pupils[P] = s.Oversize ? rng.Next(size.MaxPupils + 1, size.MaxPupils + 401)
                    : Math.Min(size.MaxPupils, loc switch
                    {
                        Location.Urban => rng.Next(800, 2001),
                        Location.Town => rng.Next(300, 1201),
                        _ => 40 + (int)(360 * Math.Pow(rng.NextDouble(), 1.5)),
                    });
                break;
            case SchoolType.Junior:
                s.Pupils[J] = s.Oversize ? rng.Next(size.MaxPupils + 1, size.MaxPupils + 501)
                    : Math.Min(size.MaxPupils, loc switch
                    {
                        Location.Urban => rng.Next(900, 2001),
                        Location.Town => rng.Next(400, 1501),
                        _ => rng.Next(150, 601),
                    });
                break;
            case SchoolType.NineYear:
                s.Pupils[P] = loc switch
                {
                    Location.Urban => rng.Next(500, 1201),
                    Location.Town => rng.Next(250, 801),
                    _ => 60 + (int)(290 * Math.Pow(rng.NextDouble(), 1.5)),
                };
                s.Pupils[J] = loc switch
                {
                    Location.Urban => rng.Next(400, 1001),
                    Location.Town => rng.Next(150, 601),
                    _ => rng.Next(40, 251),
                };
                s.Pupils[J] = Math.Max(1, Math.Min(s.Pupils[J], size.MaxPupilsThroughTrain - s.Pupils[P]));
                break;
            case SchoolType.TwelveYear:
                s.Pupils[P] = rng.Next(500, 1101);
                s.Pupils[J] = Math.Max(1, Math.Min(rng.Next(400, 901), size.MaxPupilsThroughTrain - s.Pupils[P]));
                s.Senior = rng.Next(300, 1001);
                break;
            case SchoolType.Complete:
                s.Pupils[J] = Math.Min(size.MaxPupils, rng.Next(500, 1401));
                s.Senior = rng.Next(600, 1801);
                break;
            case SchoolType.TeachingPoint:
                s.Pupils[P] = Chance(0.45) ? rng.Next(8, 50) : rng.Next(50, 150);
                break;
            default:
                s.Pupils[P] = rng.Next(40, 151);
                s.Pupils[J] = rng.Next(15, 81);
                break;
        }
    }

    private bool IsEvaluated(in Draft s)
    {
        var ex = ctx.Exclusions;
        var excluded = s.Type switch
        {
            SchoolType.SpecialEducation => ex.SpecialEducation,
            SchoolType.Vocational => ex.Vocational,
            // A merged point counts through its parent; either way it is not a unit of its own.
            SchoolType.TeachingPoint => ex.EffectiveTeachingPoints != TeachingPointPolicy.ExcludeUnder || s.Pupils[P] < ex.TeachingPointMinPupils,
            _ => false,
        } || (s.Ownership == Ownership.Private && ex.Private);
        return !excluded;
    }

    /// <summary>Which schools carry the per-school faults, and which units are the poor ones of an unbalanced county.</summary>
    private void DrawFaultTargets()
    {
        var small = ctx.Checks.Get<SmallSchoolFundingRule>(CheckIds.SmallSchoolFunding).PupilsBelow;
        if (Fails("class_size"))
        {
            foreach (var i in Pick(rng.Next(1, 4), i => d[i].Evaluated && d[i].Location != Location.Rural))
            {
                d[i].Crowded = true;
            }
        }

        if (Fails("music_art_rooms"))
        {
            foreach (var i in Pick(rng.Next(1, 4), i => d[i].Evaluated))
            {
                d[i].RoomsFault = true;
            }
        }

        if (Fails("teacher_certification"))
        {
            foreach (var i in Pick(rng.Next(1, 3), i => d[i].Evaluated))
            {
                d[i].Uncertified = true;
            }
        }

        if (Fails("training_spend"))
        {
            foreach (var i in Pick(rng.Next(1, 5), i => d[i].Evaluated))
            {
                d[i].LowTraining = true;
            }
        }

        if (Fails("small_school_funding"))
        {
            var any = false;
            for (var i = 0; i < d.Length; i++)
            {
                if (d[i].Evaluated && d[i].Compulsory < small && Chance(0.5))
                {
                    d[i].Underfunded = any = true;
                }
            }

            if (!any)
            {
                foreach (var i in Pick(1, i => d[i].Evaluated && d[i].Compulsory < small))
                {
                    d[i].Underfunded = true;
                }
            }
        }

        if (intent != SampleQuality.Unbalanced)
        {
            return;
        }

        for (var i = 0; i < d.Length; i++)
        {
            // With a composite decision (pupil-weighted over eight indicators) some town schools are poor too.
            if (d[i].Location == Location.Rural ? Chance(0.7) : d[i].Location == Location.Town && ctx.Composite && Chance(0.35))
            {
                d[i].Poor = true;
            }
        }

        // Every level gets at least one poor unit: the most rural, then smallest, evaluated one.
        for (var level = 0; level < 2; level++)
        {
            var best = -1;
            for (var i = 0; i < d.Length; i++)
            {
                if (!d[i].Evaluated || d[i].Pupils[level] <= 0)
                {
                    continue;
                }

                if (d[i].Poor)
                {
                    best = -2;
                    break;
                }

                if (best < 0 || d[i].Location > d[best].Location || (d[i].Location == d[best].Location && d[i].Pupils[level] < d[best].Pupils[level]))
                {
                    best = i;
                }
            }

            if (best >= 0)
            {
                d[best].Poor = true;
            }
        }

        for (var i = 0; i < d.Length; i++)
        {
            if (d[i].Poor)
            {
                var missed = rng.Next(2, 5);
                for (var m = 0; m < missed; m++)
                {
                    int k;
                    do
                    {
                        k = Standardised[rng.Next(Standardised.Length)];
                    }
                    while ((d[i].PoorMask & (1 << k)) != 0);
                    d[i].PoorMask |= 1 << k;
                }

                if (ctx.Composite)
                {
                    // basic-2012 counts qualified teachers too: poor schools lack them.
                    d[i].PoorMask |= 1 << Qualified;
                }
            }
        }
    }

    private void DrawClassesAndTeachers(ref Draft s)
    {
        var rules = ctx.Checks.Get<ClassSizeRule>(CheckIds.ClassSize);
        for (var level = 0; level < 2; level++)
        {
            var pupils = s.Pupils[level];
            if (pupils <= 0)
            {
                continue;
            }

            var limit = level == P ? rules.MaxPrimary : rules.MaxJunior;
            double avg = s.Type == SchoolType.SpecialEducation ? Uniform(8, 12)
                : (level, s.Location) switch
                {
                    (P, Location.Urban) => Uniform(40, 45),
                    (P, Location.Town) => Uniform(36, 44),
                    (P, _) => Uniform(25, 40),
                    (_, Location.Urban) => Uniform(44, 50),
                    (_, Location.Town) => Uniform(40, 48),
                    _ => Uniform(32, 45),
                };
            avg = Math.Min(avg, limit);
            var grades = s.Type == SchoolType.TeachingPoint ? 4 : level == P ? 6 : 3;
            var classes = Math.Max((int)Math.Ceiling(pupils / avg), Math.Min(grades, (int)Math.Ceiling(pupils / 12.0)));
            var max = Math.Min(pupils, (int)Math.Ceiling((double)pupils / classes) + rng.Next(0, 4));
            max = Math.Min(max, limit);
            if (s.Crowded && (level == P || s.Pupils[P] <= 0))
            {
                // 大班额: the largest class is over the limit (some far over in an unbalanced county).
                max = limit + rng.Next(1, intent == SampleQuality.Unbalanced ? 11 : 6);
            }

            s.Classes[level] = classes;
            s.MaxClass[level] = max;

            var ratio = s.Type == SchoolType.SpecialEducation ? Uniform(3, 5) : level == P ? Uniform(14, 19) : Uniform(11, 14);
            s.Teachers[level] = Math.Max((int)Math.Round(pupils / ratio), classes);
        }

        // Share of teachers with an intermediate or higher title (中级及以上): lowest in poor rural schools.
        s.Titled = s.Poor ? Uniform(0.05, 0.25) : s.Location switch
        {
            Location.Urban => Uniform(0.45, 0.65),
            Location.Town => Uniform(0.35, 0.55),
            _ => Uniform(0.2, 0.45),
        };
    }

    private void DrawRatios(double skew)
    {
        r = new double[d.Length * 2 * K];
        for (var i = 0; i < d.Length; i++)
        {
            for (var level = 0; level < 2; level++)
            {
                if (d[i].Pupils[level] <= 0)
                {
                    continue;
                }

                for (var k = 0; k < K; k++)
                {
                    r[(i * 2 + level) * K + k] = BaseRatio(d[i], k, skew);
                }
            }
        }

        switch (intent)
        {
            case SampleQuality.Balanced:
                // Most units 5–40% above every standard; a few a little short of one facility (never below 88%).
                for (var i = 0; i < d.Length; i++)
                {
                    if (d[i].Evaluated && Chance(0.08))
                    {
                        d[i].ShortK = d[i].Location == Location.Urban && Chance(0.7) ? Sports : Spaces[rng.Next(Spaces.Length)];
                        d[i].ShortRatio = Uniform(0.88, 0.99);
                    }
                }

                break;

            case SampleQuality.Borderline:
            {
                var spread = ctx.Composite ? CompositeSpread : SpreadIndicators(rng.Next(1, 3));
                var shortable = new List<int>();
                foreach (var k in Spaces)
                {
                    if (Array.IndexOf(spread, k) < 0)
                    {
                        shortable.Add(k);
                    }
                }

                foreach (var i in Pick(shortable.Count == 0 ? 0 : rng.Next(1, 4), i => d[i].Evaluated))
                {
                    d[i].ShortK = shortable[rng.Next(shortable.Count)];
                    d[i].ShortRatio = Uniform(0.86, 0.99);
                }

                Spread(spread, ctx.Composite ? -0.06 : -0.08, ctx.Composite ? 0.04 : 0.03);
                break;
            }

            default:
                Spread(ctx.Composite ? CompositeSpread : SpreadIndicators(rng.Next(2, 4)), ctx.Composite ? 0.08 : 0.10, ctx.Composite ? 0.30 : 0.40);
                break;
        }

        for (var i = 0; i < d.Length; i++)
        {
            if (d[i].ShortK >= 0)
            {
                for (var level = 0; level < 2; level++)
                {
                    if (d[i].Pupils[level] > 0)
                    {
                        r[(i * 2 + level) * K + d[i].ShortK] = d[i].ShortRatio;
                    }
                }
            }
        }
    }

    /// <summary>A unit's ratio to standard before any county-wide spread, by intent and location.</summary>
    private double BaseRatio(in Draft s, int k, double skew)
    {
        var facility = SampleContext.Drawn[k].IsFacility;
        if (intent == SampleQuality.Unbalanced)
        {
            if (s.Poor)
            {
                return !SampleContext.HasStandard(k) ? Uniform(0.2, 0.6) : (s.PoorMask & (1 << k)) != 0 ? Uniform(0.3, 0.8) : Uniform(0.86, 1.1);
            }

            return s.Location switch
            {
                // City schools are short of land: sports space is what they lack.
                Location.Urban when k == Sports => Uniform(0.8, 1.3),
                Location.Urban => facility ? Uniform(1.2, 2.5) : Uniform(1.05, 1.6),
                Location.Town => facility ? Uniform(0.95, 1.6) : Uniform(1.0, 1.4),
                _ => Uniform(0.9, 1.25),
            };
        }

        var (lo, span) = intent == SampleQuality.Balanced ? (1.05, 0.35) : (1.02, 0.30);
        if (k == Qualified)
        {
            span -= 0.1;
        }

        var bonus = s.Location switch
        {
            Location.Urban when k == Equipment => 0.15,
            Location.Urban when k == Multimedia => 0.10,
            Location.Urban when k == Key => 0.10,
            Location.Urban when k == Computers || k == Books => 0.30,
            Location.Rural when k == Teaching => 0.20,
            Location.Rural when k == Sports => 0.40,
            _ => 0.0,
        };
        return lo + (span * rng.NextDouble() + bonus) * skew;
    }

    private int[] SpreadIndicators(int count)
    {
        int[] pool = [Equipment, Sports, Multimedia, Teaching];
        for (var i = 0; i < count; i++)
        {
            // Equipment and sports space vary most between schools; favour them.
            var j = i + (int)(Math.Pow(rng.NextDouble(), 1.6) * (pool.Length - i));
            (pool[i], pool[j]) = (pool[j], pool[i]);
        }

        return pool[..count];
    }

    /// <summary>
    /// Widens the given indicators of every level to a CV drawn at threshold + [lo, hi) (with a
    /// composite decision: the per-indicator CV that brings the mean of the eight CVs there): each
    /// evaluated unit's ratio becomes min(a + k·e, cap) with e ≥ 0 log-normal, weighted by where
    /// such resources pile up (<see cref="SpreadWeight"/>), and k solved so the pupil-weighted
    /// population CV comes as close to the target as the cap allows. Because e ≥ 0,
    /// no unit falls below where it was.
    /// </summary>
    private void Spread(int[] indicators, double lo, double hi)
    {
        for (var level = 0; level < 2; level++)
        {
            var units = new List<int>();
            for (var i = 0; i < d.Length; i++)
            {
                if (d[i].Evaluated && d[i].Pupils[level] > 0)
                {
                    units.Add(i);
                }
            }

            var a = new double[units.Count];
            var e = new double[units.Count];
            var w = new double[units.Count];
            var composite = 0.0;
            if (ctx.Composite)
            {
                // The eight CVs average to the target: the three teacher ones are already fixed.
                var teacherCvs = TeacherCvSum(units, level);
                composite = Math.Max(0, ((ctx.CompositeThresholds[level] + Uniform(lo, hi)) * 8 - teacherCvs) / indicators.Length);
            }

            foreach (var k in indicators)
            {
                var target = ctx.Composite ? composite * Uniform(0.9, 1.1) : ctx.Thresholds[level] + Uniform(lo, hi);
                for (var u = 0; u < units.Count; u++)
                {
                    var s = d[units[u]];
                    a[u] = r[(units[u] * 2 + level) * K + k];
                    e[u] = SpreadWeight(s, k) * Math.Exp((ctx.Composite ? 1.0 : 0.8) * Math.Clamp(Normal(), -2.5, 2.5));
                    w[u] = s.Pupils[level];
                }

                var cap = ctx.Composite ? MaxRatioComposite : MaxRatio;
                var scale = CvTarget.Solve(a, e, w, target, 5, cap);
                for (var u = 0; u < units.Count; u++)
                {
                    r[(units[u] * 2 + level) * K + k] = CvTarget.Capped(a[u], e[u], scale, cap);
                }
            }
        }
    }

    /// <summary>Sum of the pupil-weighted CVs of teachers, qualified and senior-title teachers per pupil at a level (basic-2012).</summary>
    private double TeacherCvSum(List<int> units, int level)
    {
        var w = new double[units.Count];
        var x = new double[3][];
        for (var m = 0; m < 3; m++)
        {
            x[m] = new double[units.Count];
        }

        for (var u = 0; u < units.Count; u++)
        {
            var (teachers, qualified, titled) = TeacherCounts(units[u], level);
            var pupils = (double)d[units[u]].Pupils[level];
            w[u] = pupils;
            x[0][u] = teachers / pupils;
            x[1][u] = qualified / pupils;
            x[2][u] = titled / pupils;
        }

        return CvTarget.Cv(x[0], w) + CvTarget.Cv(x[1], w) + CvTarget.Cv(x[2], w);
    }

    /// <summary>
    /// Where the extra of a spread indicator goes: equipment, rooms, computers and books pile up in
    /// town centres; space per pupil is largest in small rural schools and tightest in the city
    /// (land); poor units of an unbalanced county get almost none.
    /// </summary>
    private double SpreadWeight(in Draft s, int k)
    {
        if (s.Poor)
        {
            return 0.1;
        }

        var space = k == Teaching || k == Sports;
        var strong = intent == SampleQuality.Unbalanced;
        return s.Location switch
        {
            Location.Urban => space ? (strong ? 0.3 : 0.6) : (strong ? 2.0 : 1.4),
            Location.Rural => space ? (strong ? 2.0 : 1.4) : (strong ? 0.3 : 0.6),
            _ => 1.0,
        };
    }

    private School Materialize(int i, SchoolNames names, bool enrollment, bool pairing, bool afterSchool, List<int> urban)
    {
        ref var s = ref d[i];
        var code = SchoolCode(id.Code, i);
        var name = names.Name(s.Type, s.Location, s.Ownership);
        var staffP = Staff(i, P);
        var staffJ = Staff(i, J);
        var teachers = staffP.Teachers + staffJ.Teachers;

        // Whole-school facilities: the smallest total that gives every section its drawn ratio once
        // split by weighted enrolment (a section's value is Scale·w·F / W).
        // The scorer's own weights (SchoolTypeTraits); a section the type does not have has no pupils here.
        var traits = s.Type.Traits();
        var (wP, wJ, wS) = (traits.WeightOf(Level.Primary, ctx.Weights), traits.WeightOf(Level.Junior, ctx.Weights), traits.SeniorWeight(ctx.Weights));
        var weighted = wP * s.Pupils[P] + wJ * s.Pupils[J] + wS * s.Senior;
        var facilities = new double[K];
        var meets = new bool[K];
        foreach (var k in Facilities)
        {
            var best = 0.0;
            var bestRatio = 0.0;
            for (var level = 0; level < 2; level++)
            {
                var weight = level == P ? wP : wJ;
                if (s.Pupils[level] <= 0 || weight <= 0)
                {
                    continue;
                }

                var ratio = r[(i * 2 + level) * K + k];
                var total = ratio * ctx.Standards[level][k] * weighted / (SampleContext.Drawn[k].Scale * weight);
                if (total > best)
                {
                    (best, bestRatio) = (total, ratio);
                }
            }

            facilities[k] = best;
            meets[k] = bestRatio >= 1;
        }

        var classes = (s.Pupils[P] > 0 ? s.Classes[P] : 0) + (s.Pupils[J] > 0 ? s.Classes[J] : 0);
        var roomRule = ctx.Checks.Get<MusicArtRoomsRule>(CheckIds.MusicArtRooms);
        var required = classes <= 0 ? 0 : (classes + roomRule.ClassesPerRoom - 1) / roomRule.ClassesPerRoom;
        var music = required + (s.Location == Location.Urban && Chance(0.2) ? 1 : 0);
        var art = required + (s.Location == Location.Urban && Chance(0.15) ? 1 : 0);
        var musicMin = HalfUp(Uniform(roomRule.MusicRoomMinM2, roomRule.MusicRoomMinM2 + 16));
        var artMin = HalfUp(Uniform(roomRule.ArtRoomMinM2, roomRule.ArtRoomMinM2 + 18));
        if (s.RoomsFault)
        {
            switch (rng.Next(required > 0 ? 3 : 2))
            {
                case 0:
                    musicMin = HalfUp(Uniform(roomRule.MusicRoomMinM2 - 14, roomRule.MusicRoomMinM2 - 1));
                    break;
                case 1:
                    artMin = HalfUp(Uniform(roomRule.ArtRoomMinM2 - 12, roomRule.ArtRoomMinM2 - 1));
                    break;
                default:
                    if (Chance(0.5))
                    {
                        music = required - 1;
                    }
                    else
                    {
                        art = required - 1;
                    }

                    break;
            }
        }

        int? planned = null, catchment = null;
        if (enrollment && s.Ownership == Ownership.Public && s.Type is not (SchoolType.TeachingPoint or SchoolType.SpecialEducation))
        {
            var entry = s.Pupils[P] > 0 ? s.Pupils[P] / 6.0 : s.Pupils[J] / 3.0;
            planned = Math.Max(1, (int)Math.Round(entry * Uniform(0.95, 1.1)));
            var ratio = s.Location switch
            {
                Location.Urban => Chance(0.15) ? Uniform(0.9, 1.15) : Uniform(0.7, 0.9),
                Location.Town => Uniform(0.6, 0.95),
                _ => Uniform(0.4, 0.85),
            };
            catchment = (int)Math.Round(planned.Value * ratio);
        }

        string? paired = null;
        PairingScope? scope = null;
        if (pairing && s.Location == Location.Rural && s.Type != SchoolType.SpecialEducation
            && Chance(s.Compulsory < ctx.Profile.Signals.SmallSchoolPupils ? (intent == SampleQuality.Unbalanced ? 0.6 : 0.92) : 0.25))
        {
            var u = rng.NextDouble();
            (scope, paired) = u < 0.8 && urban.Count > 0 ? (PairingScope.WithinCounty, SchoolCode(id.Code, urban[rng.Next(urban.Count)]))
                : u < 0.95 ? (PairingScope.WithinCity, SchoolCode(CountyIdentities.Neighbour(id.Code, true, rng), rng.Next(200)))
                : (PairingScope.WithinProvince, SchoolCode(CountyIdentities.Neighbour(id.Code, false, rng), rng.Next(200)));
        }

        bool? offers = null;
        int? participating = null;
        if (afterSchool)
        {
            offers = Chance(s.Type is SchoolType.TeachingPoint or SchoolType.SpecialEducation ? 0.5
                : s.Location switch { Location.Urban => 0.98, Location.Town => 0.92, _ => 0.75 });
            // After-school service is counted over primary pupils; a junior-only school reports its own.
            participating = offers.Value ? (int)Math.Round((s.Pupils[P] > 0 ? s.Pupils[P] : s.Compulsory) * Uniform(0.55, 0.95)) : 0;
        }

        return new School
        {
            Code = code,
            Name = name,
            Type = s.Type,
            Location = s.Location,
            Ownership = s.Ownership,
            StudentsPrimary = s.Pupils[P],
            StudentsJunior = s.Pupils[J],
            StudentsSenior = s.Senior,
            ClassesPrimary = s.Classes[P],
            ClassesJunior = s.Classes[J],
            MaxClassPrimary = s.Pupils[P] > 0 ? s.MaxClass[P] : null,
            MaxClassJunior = s.Pupils[J] > 0 ? s.MaxClass[J] : null,
            // Certificates per section; an uncertified teacher is in the section with staff (junior first).
            StaffPrimary = s.Pupils[P] == 0 ? staffP : staffP with { Certified = s.Uncertified && staffJ.Teachers == 0 && staffP.Teachers > 0 ? staffP.Teachers - 1 : staffP.Teachers },
            StaffJunior = s.Pupils[J] == 0 ? staffJ : staffJ with { Certified = s.Uncertified && staffJ.Teachers > 0 ? staffJ.Teachers - 1 : staffJ.Teachers },
            CertifiedTeachers = s.Uncertified && teachers > 0 ? teachers - 1 : teachers,
            TeachingSpaceM2 = Tenth(facilities[Teaching], meets[Teaching]),
            SportsSpaceM2 = Tenth(facilities[Sports], meets[Sports]),
            EquipmentValueYuan = meets[Equipment] ? Math.Ceiling(facilities[Equipment] / 100) * 100 : Math.Round(facilities[Equipment] / 100) * 100,
            MultimediaRooms = meets[Multimedia] ? (int)Math.Ceiling(facilities[Multimedia] - 1e-9) : (int)Math.Floor(facilities[Multimedia] + 1e-9),
            Computers = (int)Math.Round(facilities[Computers]),
            Books = (int)Math.Round(facilities[Books]),
            MusicRooms = music,
            MusicRoomMinM2 = music > 0 ? musicMin : null,
            ArtRooms = art,
            ArtRoomMinM2 = art > 0 ? artMin : null,
            CatchmentChildren = catchment,
            PlannedIntake = planned,
            PairedSchoolCode = paired,
            PairingScope = scope,
            AfterSchoolService = offers,
            AfterSchoolPupils = participating,

            // Larger rural primary sections board a fifth of their pupils (no draw, so the rest of
            // the county is unchanged).
            BoardingPupils = afterSchool && s.Location == Location.Rural && s.Pupils[P] >= 200 ? s.Pupils[P] / 5 : null,
        };
    }

    /// <summary>
    /// A section's staff: the three standard-bearing counts from their drawn ratios (rounded up
    /// when the ratio meets the standard, down when it does not), teachers raised to cover them.
    /// </summary>
    private SectionStaff Staff(int i, int level)
    {
        ref var s = ref d[i];
        var pupils = s.Pupils[level];
        if (pupils <= 0)
        {
            return SectionStaff.None;
        }

        var (teachers, qualified, titled) = TeacherCounts(i, level);
        return new SectionStaff(teachers, qualified, Count(i, level, Key), Count(i, level, PeArt), titled);
    }

    private (int Teachers, int Qualified, int Titled) TeacherCounts(int i, int level)
    {
        var qualified = Count(i, level, Qualified);
        var teachers = Math.Max(d[i].Teachers[level], Math.Max(qualified, Math.Max(Count(i, level, Key), Count(i, level, PeArt))));
        return (teachers, qualified, Math.Min(teachers, (int)Math.Round(teachers * d[i].Titled)));
    }

    private int Count(int i, int level, int k)
    {
        var ratio = r[(i * 2 + level) * K + k];
        var x = ratio * ctx.Standards[level][k] * d[i].Pupils[level] / SampleContext.Drawn[k].Scale;
        return ratio >= 1 ? (int)Math.Ceiling(x - 1e-9) : (int)Math.Floor(x + 1e-9);
    }

    private RotationRecord[] DrawRotation(School[] schools, bool toRural)
    {
        var rule = ctx.Checks.Get<RotationRule>(CheckIds.TeacherRotation);
        var lowShare = Fails("teacher_rotation") && Chance(0.5);
        var lowKey = Fails("teacher_rotation") && !lowShare;
        var n = schools.Length;
        var eligible = new int[n];
        var rotated = new int[n];
        var rotatedKey = new int[n];
        var keyTeachers = new int[n];
        for (var i = 0; i < n; i++)
        {
            var s = schools[i];
            var teachers = s.StaffPrimary.Teachers + s.StaffJunior.Teachers;
            keyTeachers[i] = s.StaffPrimary.Key + s.StaffJunior.Key;
            eligible[i] = (int)Math.Round(teachers * Uniform(0.3, 0.6));
            rotated[i] = Math.Min(eligible[i], (int)Math.Round(eligible[i] * (lowShare ? Uniform(0.02, 0.07) : Uniform(0.08, 0.20))));
            rotatedKey[i] = Math.Min(Math.Min(rotated[i], keyTeachers[i]), (int)Math.Round(rotated[i] * (lowKey ? Uniform(0.03, 0.14) : Uniform(0.15, 0.35))));
        }

        if (!Fails("teacher_rotation"))
        {
            // Rounding in small schools must not make a county fail by accident: top up in row order.
            long sumEligible = eligible.Sum(x => (long)x), sumRotated = rotated.Sum(x => (long)x), sumKey = rotatedKey.Sum(x => (long)x);
            for (var i = 0; i < n && sumEligible > 0 && (double)sumRotated / sumEligible < rule.MinRotatedShare; i++)
            {
                while (rotated[i] < eligible[i] && (double)sumRotated / sumEligible < rule.MinRotatedShare)
                {
                    rotated[i]++;
                    sumRotated++;
                }
            }

            for (var i = 0; i < n; i++)
            {
                var keyBase = rule.KeyShareBase == KeyShareBase.Rotated ? sumRotated : sumEligible;
                while (keyBase > 0 && rotatedKey[i] < Math.Min(rotated[i], keyTeachers[i]) && (double)sumKey / keyBase < rule.MinKeyShare)
                {
                    rotatedKey[i]++;
                    sumKey++;
                }
            }
        }

        var rows = new RotationRecord[n];
        for (var i = 0; i < n; i++)
        {
            int? rural = toRural ? (schools[i].Location == Location.Rural ? 0 : (int)Math.Round(rotated[i] * Uniform(0.5, 0.8))) : null;
            rows[i] = new RotationRecord(schools[i].Code, eligible[i], rotated[i], rotatedKey[i], rural);
        }

        return rows;
    }

    private SpendingRecord[] DrawSpending(School[] schools)
    {
        var basePerPupil = (double)id.Province.BaseFundsYuan;
        var small = ctx.Checks.Get<SmallSchoolFundingRule>(CheckIds.SmallSchoolFunding);
        var minimum = small.FundedAsPupils * basePerPupil;
        var minTraining = ctx.Checks.Get<MinimumRule>(CheckIds.TrainingSpend).Min;
        var specialPerPupil = Math.Max(ctx.Checks.Get<MinimumRule>(CheckIds.SpecialEdFunding).Min, 6000) * Uniform(1.0, 1.4);
        var rows = new SpendingRecord[schools.Length];
        for (var i = 0; i < schools.Length; i++)
        {
            var s = schools[i];
            var compulsory = s.CompulsoryPupils;
            double funds;
            if (s.Type == SchoolType.SpecialEducation)
            {
                funds = compulsory * specialPerPupil;
            }
            else
            {
                funds = (s.StudentsPrimary + s.StudentsJunior * 1.25) * basePerPupil * Uniform(1.0, 1.15)
                    + s.StudentsSenior * basePerPupil * 1.5 * Uniform(1.0, 1.1);
                if (compulsory < small.PupilsBelow)
                {
                    // 不足100人的按100人核定; an underfunded one gets at most its own pupils' worth.
                    funds = d[i].Underfunded
                        ? Math.Min(compulsory * basePerPupil * Uniform(0.9, 1.0), minimum - 100)
                        : Math.Max(funds, minimum * Uniform(1.0, 1.12));
                }
            }

            funds = Math.Ceiling(Math.Max(funds, 1000));
            var share = d[i].LowTraining ? Uniform(minTraining * 0.7, minTraining * 0.98) : Uniform(minTraining + 0.001, minTraining + 0.03);
            rows[i] = new SpendingRecord(s.Code, funds, Math.Ceiling(funds * share));
        }

        return rows;
    }

    private CountyInfo DrawCountyInfo()
    {
        var c = ctx.Checks;
        var nearby = c.Get<NearbyEnrollmentRule>(CheckIds.NearbyEnrollment);
        double Min(string checkId) => c.Get<MinimumRule>(checkId).Min;
        var civil = Math.Round(id.Province.CivilServantPayYuan * Uniform(0.92, 1.08) / 100) * 100;
        var pay = Fails("teacher_pay")
            ? Math.Floor(civil * Min(CheckIds.TeacherPay) * Uniform(0.88, 0.99) / 100) * 100
            : Math.Ceiling(civil * Min(CheckIds.TeacherPay) * Uniform(1.0, 1.08) / 100) * 100;
        var nearbyPrimaryFails = Fails("nearby_enrollment") && Chance(0.5);
        var veto = vetoed ? rng.Next(4) : -1;
        return new CountyInfo
        {
            Code = id.Code,
            Name = id.Name,
            SchoolYear = ctx.Options.Year,
            Profile = ctx.Options.Profile,
            PublicFundsBasePerPupilYuan = id.Province.BaseFundsYuan,
            SpecialEdFundsPerPupilYuan = Fails("special_ed_funding")
                ? Math.Floor(Min(CheckIds.SpecialEdFunding) * Uniform(0.75, 0.98) / 10) * 10
                : Math.Ceiling(Min(CheckIds.SpecialEdFunding) * Uniform(1.0, 1.5) / 10) * 10,
            TeacherAveragePayYuan = pay,
            CivilServantAveragePayYuan = civil,
            TrainingCompletionRate = Rate(Min(CheckIds.TrainingCompletion), Fails("training_completion")),
            NearbyEnrollmentPrimaryRate = Rate(nearby.MinPrimary, nearbyPrimaryFails),
            NearbyEnrollmentJuniorRate = Rate(nearby.MinJunior, Fails("nearby_enrollment") && !nearbyPrimaryFails),
            QuotaAllocationRate = Rate(Min(CheckIds.QuotaAllocation), Fails("quota_allocation")),
            MigrantChildrenPublicRate = Rate(Min(CheckIds.MigrantChildrenPublic), Fails("migrant_children_public")),
            RetentionRateJunior = Rate(Min(CheckIds.RetentionRate), Fails("retention_rate")),
            DisabledEnrollmentRate = Rate(Min(CheckIds.DisabledEnrollment), Fails("disabled_enrollment")),
            SatisfactionRate = Rate(Min(CheckIds.SocialRecognition), Fails("social_recognition")),
            VetoExamAdmission = veto == 0,
            VetoIllegalSchoolChoice = veto == 1,
            VetoKeySchoolsOrClasses = veto == 2,
            VetoUnfilledPosts = veto == 3,
        };
    }

    /// <summary>A rate in [0, 1] with four decimals (a percentage to two): just below min when failing, else at or above it.</summary>
    private double Rate(double min, bool fail)
    {
        if (fail)
        {
            return Math.Clamp(Math.Floor((min - Uniform(0.005, 0.08)) * 10_000) / 10_000, 0, 1);
        }

        if (min >= 1)
        {
            return 1;
        }

        return Math.Min(1, Math.Ceiling(Uniform(min + 0.002, min + (1 - min) * 0.95) * 10_000) / 10_000);
    }

    /// <summary>Up to <paramref name="count"/> distinct indices satisfying <paramref name="eligible"/>, in random order.</summary>
    private List<int> Pick(int count, Func<int, bool> eligible)
    {
        var candidates = new List<int>();
        for (var i = 0; i < d.Length; i++)
        {
            if (eligible(i))
            {
                candidates.Add(i);
            }
        }

        count = Math.Min(count, candidates.Count);
        for (var i = 0; i < count; i++)
        {
            var j = rng.Next(i, candidates.Count);
            (candidates[i], candidates[j]) = (candidates[j], candidates[i]);
        }

        candidates.RemoveRange(count, candidates.Count - count);
        return candidates;
    }

    private static double Tenth(double value, bool up) => up ? Math.Ceiling(value * 10) / 10 : Math.Round(value * 10) / 10;

    private static double HalfUp(double value) => Math.Ceiling(value * 2) / 2;

    private bool Chance(double p) => rng.NextDouble() < p;

    private double Uniform(double lo, double hi) => lo + (hi - lo) * rng.NextDouble();

    /// <summary>Standard normal by Box–Muller (one of the pair; simplicity over speed).</summary>
    private double Normal()
    {
        var u1 = 1.0 - rng.NextDouble();
        var u2 = rng.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    /// <summary>A school while it is being drawn. Index 0 of the per-level arrays is primary, 1 junior.</summary>
    private struct Draft
    {
        public SchoolType Type;
        public Location Location;
        public Ownership Ownership;
        public LevelPair Pupils;
        public int Senior;
        public LevelPair Classes;
        public LevelPair MaxClass;
        public LevelPair Teachers;
        public bool Evaluated;
        public bool Oversize;
        public bool Crowded;
        public bool RoomsFault;
        public bool Uncertified;
        public bool LowTraining;
        public bool Underfunded;
        public bool Poor;
        public int PoorMask;
        public double Titled;
        public int ShortK;
        public double ShortRatio;

        public readonly int Compulsory => Pupils[P] + Pupils[J];
    }

    [System.Runtime.CompilerServices.InlineArray(2)]
    private struct LevelPair
    {
        private int element;
    }
}

/// <summary>The scale that brings a pupil-weighted CV to a target (see <see cref="CountyBuilder"/>'s spread step).</summary>
internal static class CvTarget
{
    /// <summary>
    /// Pupil-weighted population CV of <paramref name="x"/>, as the scorer computes it (Core's
    /// <see cref="WeightedStatistics.Dispersion"/>); 0 when it is undefined (mean 0).
    /// </summary>
    public static double Cv(double[] x, double[] w)
    {
        var units = new WeightedValue[x.Length];
        for (var i = 0; i < x.Length; i++)
        {
            units[i] = new WeightedValue(w[i], x[i]);
        }

        return WeightedStatistics.Dispersion(units).Cv ?? 0;
    }

    /// <summary>
    /// The k ≥ 0 with CV(a + k·e) = target, weights w (the population form the scorer uses). Writing
    /// the variance and mean of a + k·e in k gives a quadratic
    /// (Ve − t²me²)k² + 2(Cae − t²·ma·me)k + (Va − t²ma²) = 0; with a less dispersed than the target
    /// and e more, it has exactly one positive root. Returns 0 when a already reaches the target,
    /// the largest scale when e cannot, a moderate 1 with fewer than 3 units, and at most
    /// <paramref name="maxScale"/> (beyond it values would stop looking like a county's).
    /// </summary>
    public static double Solve(double[] a, double[] e, double[] w, double target, double maxScale, double cap)
    {
        var k = Solve(a, e, w, target, maxScale);
        var clipped = false;
        for (var i = 0; i < a.Length && !clipped; i++)
        {
            clipped = a[i] + k * e[i] > Math.Max(a[i], cap);
        }

        if (!clipped)
        {
            return k;
        }

        // The cap bends the curve (and eventually turns it down): find the first crossing of the
        // target on a grid and bisect it; if the target is out of reach, take the widest spread.
        const int steps = 48;
        var (lo, best, bestCv) = (0.0, 0.0, 0.0);
        for (var j = 1; j <= steps; j++)
        {
            var hi = maxScale * j / steps;
            var cv = CappedCv(a, e, w, hi, cap);
            if (cv >= target)
            {
                for (var iteration = 0; iteration < 30; iteration++)
                {
                    var mid = (lo + hi) / 2;
                    (lo, hi) = CappedCv(a, e, w, mid, cap) >= target ? (lo, mid) : (mid, hi);
                }

                return hi;
            }

            if (cv > bestCv)
            {
                (best, bestCv) = (hi, cv);
            }

            lo = hi;
        }

        return best;
    }

    /// <summary>a + k·e, but not above the cap (nor below a).</summary>
    public static double Capped(double a, double e, double k, double cap) => Math.Min(a + k * e, Math.Max(a, cap));

    private static double CappedCv(double[] a, double[] e, double[] w, double k, double cap)
    {
        var x = new double[a.Length];
        for (var i = 0; i < a.Length; i++)
        {
            x[i] = Capped(a[i], e[i], k, cap);
        }

        return Cv(x, w);
    }

    private static double Solve(double[] a, double[] e, double[] w, double target, double maxScale)
    {
        var n = a.Length;
        if (n < 3)
        {
            return 1;
        }

        double sw = 0, ma = 0, me = 0;
        for (var i = 0; i < n; i++)
        {
            sw += w[i];
            ma += w[i] * a[i];
            me += w[i] * e[i];
        }

        ma /= sw;
        me /= sw;
        double va = 0, ve = 0, cov = 0;
        for (var i = 0; i < n; i++)
        {
            var da = a[i] - ma;
            var de = e[i] - me;
            va += w[i] * da * da;
            ve += w[i] * de * de;
            cov += w[i] * da * de;
        }

        va /= sw;
        ve /= sw;
        cov /= sw;
        var t2 = target * target;
        var qa = ve - t2 * me * me;
        var qb = 2 * (cov - t2 * ma * me);
        var qc = va - t2 * ma * ma;
        if (qc >= 0)
        {
            return 0;
        }

        if (qa <= 0)
        {
            // CV(a + k·e) only approaches CV(e) ≤ target: go as far as allowed.
            return maxScale;
        }

        return Math.Min(maxScale, (-qb + Math.Sqrt(qb * qb - 4 * qa * qc)) / (2 * qa));
    }
}
