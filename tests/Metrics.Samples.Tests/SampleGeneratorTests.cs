using FsCheck.Xunit;
using Metrics.Core.Json;
using Metrics.Core.Model;
using Metrics.Core.Profiles;
using Metrics.Core.Scoring;

namespace Metrics.Samples.Tests;

public class SampleGeneratorTests
{
    private static readonly Profile Quality = ProfileCatalog.Default.Get("quality-2017");

    // Generated once and shared: the invariant tests all look at the same 50-county batch.
    private static readonly Lazy<IReadOnlyList<SampleCounty>> Fifty = new(() => SampleGenerator.Generate(new SampleOptions { Counties = 50, Seed = 1 }));

    private static string Json(SampleCounty c, Profile? profile = null) =>
        Convert.ToBase64String(ScorecardJson.Serialize(CountyScorer.Score(c.Submission, profile ?? Quality)));

    // ---- determinism -------------------------------------------------------------------------

    [Fact]
    public void Generate_SameOptions_GivesEqualScorecardsAndDefects()
    {
        var options = new SampleOptions { Counties = 12, Seed = 7, WithErrors = true };
        var first = SampleGenerator.Generate(options);
        var second = SampleGenerator.Generate(options);

        Assert.Equal(12, first.Count);
        for (var i = 0; i < first.Count; i++)
        {
            Assert.Equal(Json(first[i]), Json(second[i]));
            Assert.Equal(first[i].Intent, second[i].Intent);
            Assert.Equal(first[i].Defects, second[i].Defects);
            Assert.Equal(first[i].Submission.Rotation, second[i].Submission.Rotation);
            Assert.Equal(first[i].Submission.Spending, second[i].Submission.Spending);
        }
    }

    [Fact]
    public void County_ByIndex_EqualsTheBatchMemberWhateverTheBatchSize()
    {
        var options = new SampleOptions { Counties = 10, Seed = 3 };
        var batch = SampleGenerator.Generate(options);
        var small = SampleGenerator.Generate(options with { Counties = 4 });

        Assert.Equal(Json(batch[7]), Json(SampleGenerator.County(7, options)));
        Assert.Equal(Json(batch[3]), Json(small[3]));
        // Beyond the batch size too: a county depends on (seed, index) only.
        Assert.Equal(Json(SampleGenerator.County(40, options)), Json(SampleGenerator.County(40, options with { Counties = 1 })));
    }

    [Fact]
    public void Generate_DifferentSeed_GivesDifferentCounties()
    {
        var one = SampleGenerator.Generate(new SampleOptions { Counties = 5, Seed = 1 });
        var two = SampleGenerator.Generate(new SampleOptions { Counties = 5, Seed = 2 });

        for (var i = 0; i < one.Count; i++)
        {
            Assert.NotEqual(Json(one[i]), Json(two[i]));
        }

        Assert.NotEqual(one.Select(c => c.Submission.County.Code), two.Select(c => c.Submission.County.Code));
    }

    [Fact]
    public void Generate_WithOrWithoutErrors_GivesTheSameRecords()
    {
        var clean = SampleGenerator.Generate(new SampleOptions { Counties = 8, Seed = 5 });
        var faulty = SampleGenerator.Generate(new SampleOptions { Counties = 8, Seed = 5, WithErrors = true });

        Assert.Equal(clean.Select(c => Json(c)), faulty.Select(c => Json(c)));
        Assert.All(clean, c => Assert.Empty(c.Defects));
    }

    // ---- identities --------------------------------------------------------------------------

    [Fact]
    public void CountyCodesAndNames_AreUniqueAndRealLooking()
    {
        string[] provinces = ["13", "14", "32", "34", "36", "41", "43", "45", "51", "52", "53", "62"];
        var batch = SampleGenerator.Generate(new SampleOptions { Counties = 300, Seed = 11, MaxSchools = 40 });
        var codes = batch.Select(c => c.Submission.County.Code).ToArray();
        var names = batch.Select(c => c.Submission.County.Name).ToArray();

        Assert.Equal(codes.Length, codes.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(names.Length, names.Distinct(StringComparer.Ordinal).Count());
        Assert.All(codes, code =>
        {
            Assert.Matches("^[0-9]{6}$", code);
            Assert.Contains(code[..2], provinces);
            Assert.NotEqual("00", code.Substring(2, 2));
            Assert.NotEqual("00", code.Substring(4, 2));
        });
        Assert.All(names, name => Assert.Matches("^.{2}[县区]$", name));
        // Districts (区) have sequence numbers 01–18, counties (县) 21 and above.
        Assert.All(batch, c => Assert.Equal(c.Submission.County.Name.EndsWith('区'), int.Parse(c.Submission.County.Code[4..], System.Globalization.CultureInfo.InvariantCulture) <= 18));
        Assert.True(codes.Select(c => c[..2]).Distinct().Count() >= 8, "counties spread over the provinces");
    }

    [Fact]
    public void Identities_AreUniqueOverEveryAllowedIndex()
    {
        var ids = Enumerable.Range(0, SampleGenerator.MaxCounties).Select(i => CountyIdentities.For(42, i)).ToArray();

        Assert.Equal(ids.Length, ids.Select(i => i.Code).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(ids.Length, ids.Select(i => i.Name).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void SchoolCodesAndNames_AreUniqueWithinACounty()
    {
        Assert.All(Fifty.Value, c =>
        {
            var schools = c.Submission.Schools;
            Assert.Equal(schools.Count, schools.Select(s => s.Code).Distinct(StringComparer.Ordinal).Count());
            Assert.Equal(schools.Count, schools.Select(s => s.Name).Distinct(StringComparer.Ordinal).Count());
            Assert.All(schools, s => Assert.Matches("^2" + c.Submission.County.Code + "[0-9]{3}$", s.Code));
        });
    }

    // ---- invariants of every record ----------------------------------------------------------

    [Fact]
    public void EverySchool_OfAFiftyCountyBatch_IsConsistent()
    {
        foreach (var c in Fifty.Value)
        {
            Assert.InRange(c.Submission.Schools.Count, 10, 600);
            foreach (var s in c.Submission.Schools)
            {
                AssertConsistent(s);
            }
        }
    }

    [Fact]
    public void RotationAndSpending_HaveOneConsistentRowPerSchool()
    {
        foreach (var c in Fifty.Value)
        {
            var sub = c.Submission;
            var byCode = sub.Schools.ToDictionary(s => s.Code, StringComparer.Ordinal);
            Assert.Equal(sub.Schools.Select(s => s.Code), sub.Rotation.Select(r => r.SchoolCode));
            Assert.Equal(sub.Schools.Select(s => s.Code), sub.Spending.Select(r => r.SchoolCode));
            foreach (var r in sub.Rotation)
            {
                var s = byCode[r.SchoolCode];
                var teachers = s.StaffPrimary.Teachers + s.StaffJunior.Teachers;
                Assert.InRange(r.EligibleTeachers, 0, teachers);
                Assert.InRange(r.RotatedTeachers, 0, r.EligibleTeachers);
                Assert.InRange(r.RotatedKeyTeachers, 0, Math.Min(r.RotatedTeachers, s.StaffPrimary.Key + s.StaffJunior.Key));
                if (r.RotatedToRural is { } rural)
                {
                    Assert.InRange(rural, 0, r.RotatedTeachers);
                }
            }

            var basePerPupil = Assert.NotNull(sub.County.PublicFundsBasePerPupilYuan);
            foreach (var r in sub.Spending)
            {
                var s = byCode[r.SchoolCode];
                Assert.True(r.PublicFundsYuan > 0);
                Assert.InRange(r.TrainingFundsYuan / r.PublicFundsYuan, 0.03, 0.09);
                if (s.Type != SchoolType.SpecialEducation)
                {
                    // About pupils × base (junior and senior pupils cost more); small schools usually as if 100 pupils.
                    var pupils = s.CompulsoryPupils + s.StudentsSenior;
                    Assert.InRange(r.PublicFundsYuan, pupils * basePerPupil * 0.9, Math.Max(pupils, 100) * basePerPupil * 2);
                }
            }
        }
    }

    [Fact]
    public void CountyInputs_AreFilledWithPlausibleValues()
    {
        foreach (var c in Fifty.Value)
        {
            var county = c.Submission.County;
            Assert.Equal(2024, county.SchoolYear);
            Assert.Equal("quality-2017", county.Profile);
            Assert.InRange(Assert.NotNull(county.PublicFundsBasePerPupilYuan), 650, 1000);
            Assert.InRange(Assert.NotNull(county.SpecialEdFundsPerPupilYuan), 4000, 10_000);
            Assert.InRange(Assert.NotNull(county.TeacherAveragePayYuan) / Assert.NotNull(county.CivilServantAveragePayYuan), 0.85, 1.1);
            double?[] rates =
            [
                county.TrainingCompletionRate, county.NearbyEnrollmentPrimaryRate, county.NearbyEnrollmentJuniorRate,
                county.QuotaAllocationRate, county.MigrantChildrenPublicRate, county.RetentionRateJunior,
                county.DisabledEnrollmentRate, county.SatisfactionRate,
            ];
            Assert.All(rates, r => Assert.InRange(Assert.NotNull(r), 0.3, 1.0));
            Assert.NotNull(county.VetoExamAdmission);
            Assert.NotNull(county.VetoIllegalSchoolChoice);
            Assert.NotNull(county.VetoKeySchoolsOrClasses);
            Assert.NotNull(county.VetoUnfilledPosts);
        }

        var vetoes = Fifty.Value.Count(c => c.Submission.County is { VetoExamAdmission: true } or { VetoIllegalSchoolChoice: true } or { VetoKeySchoolsOrClasses: true } or { VetoUnfilledPosts: true });
        Assert.True(vetoes <= 5, $"veto items are mostly false ({vetoes} of 50 counties have one)");
    }

    [Fact]
    public void OptionalSignalColumns_ArePresentInMostCounties()
    {
        var counties = Fifty.Value.Select(c => c.Submission).ToArray();
        Assert.InRange(counties.Count(c => c.Schools.Any(s => s.PlannedIntake is not null)), 30, 50);
        Assert.InRange(counties.Count(c => c.Schools.Any(s => s.AfterSchoolService is not null)), 30, 50);
        Assert.InRange(counties.Count(c => c.Schools.Any(s => s.PairingScope is not null)), 25, 50);

        var scopes = counties.SelectMany(c => c.Schools).Where(s => s.PairingScope is not null).GroupBy(s => s.PairingScope!.Value).ToDictionary(g => g.Key, g => g.Count());
        var total = (double)scopes.Values.Sum();
        Assert.InRange(scopes[PairingScope.WithinCounty] / total, 0.65, 0.92);
        Assert.InRange(scopes.GetValueOrDefault(PairingScope.WithinCity) / total, 0.05, 0.3);
        Assert.True(scopes.GetValueOrDefault(PairingScope.WithinProvince) > 0);
    }

    [Fact]
    public void ABatch_HasEverySchoolTypeLocationAndOwnership()
    {
        var schools = Fifty.Value.SelectMany(c => c.Submission.Schools).ToArray();
        SchoolType[] workbookTypes =
        [
            SchoolType.Primary, SchoolType.Junior, SchoolType.NineYear, SchoolType.TwelveYear,
            SchoolType.Complete, SchoolType.TeachingPoint, SchoolType.SpecialEducation,
        ];

        Assert.All(workbookTypes, t => Assert.Contains(schools, s => s.Type == t));
        Assert.All(Enum.GetValues<Location>(), l => Assert.Contains(schools, s => s.Location == l));
        Assert.Contains(schools, s => s.Ownership == Ownership.Private);
        Assert.Contains(schools, s => s.Type == SchoolType.TeachingPoint && s.StudentsPrimary < 50);
        Assert.Contains(schools, s => s.Type == SchoolType.TeachingPoint && s.StudentsPrimary >= 50);

        // Mostly 小学 and 初中; a few percent private; the county seat's schools are the large ones.
        var share = (Func<School, bool> p) => schools.Count(p) / (double)schools.Length;
        Assert.True(share(s => s.Type is SchoolType.Primary or SchoolType.Junior) > 0.6);
        Assert.InRange(share(s => s.Ownership == Ownership.Private), 0.005, 0.08);
        var urbanPrimary = schools.Where(s => s is { Type: SchoolType.Primary, Location: Location.Urban }).Average(s => s.StudentsPrimary);
        var ruralPrimary = schools.Where(s => s is { Type: SchoolType.Primary, Location: Location.Rural }).Average(s => s.StudentsPrimary);
        Assert.True(urbanPrimary > 3 * ruralPrimary, $"urban {urbanPrimary:F0} vs rural {ruralPrimary:F0}");
        Assert.Contains(schools, s => s.MaxClassPrimary > 45 || s.MaxClassJunior > 50);
    }

    // ---- scoring mix -------------------------------------------------------------------------

    [Fact]
    public void Seed1TwentyCounties_SomePassAndSomeFailTheResourcePartOfBothLevels()
    {
        var batch = SampleGenerator.Generate(new SampleOptions { Counties = 20, Seed = 1 });
        var passing = batch.Count(c => PassesResources(CountyScorer.Score(c.Submission, Quality)));

        Assert.True(passing >= 5, $"{passing} of 20 pass");
        Assert.True(20 - passing >= 5, $"{20 - passing} of 20 fail");
    }

    [Fact]
    public void Intents_AreHalfBalancedAQuarterEachBorderlineAndUnbalanced()
    {
        var intents = SampleGenerator.Generate(new SampleOptions { Counties = 20, Seed = 9, MaxSchools = 30 }).Select(c => c.Intent).ToArray();

        Assert.Equal(10, intents.Count(i => i == SampleQuality.Balanced));
        Assert.Equal(5, intents.Count(i => i == SampleQuality.Borderline));
        Assert.Equal(5, intents.Count(i => i == SampleQuality.Unbalanced));
    }

    [Fact]
    public void Scoring_FollowsTheIntent()
    {
        var cards = Fifty.Value.Select(c => (c.Intent, Card: CountyScorer.Score(c.Submission, Quality))).ToArray();

        // Balanced: every unit meets the school rule and every CV is well under its threshold.
        Assert.All(cards.Where(x => x.Intent == SampleQuality.Balanced), x =>
        {
            Assert.True(PassesResources(x.Card));
            Assert.All(x.Card.Levels.SelectMany(l => l.Indicators), i => Assert.True(i.Cv < 0.3, $"{i.Id} CV {i.Cv}"));
        });

        // Unbalanced: some units miss several standards and some CV is over its threshold, at both levels.
        Assert.All(cards.Where(x => x.Intent == SampleQuality.Unbalanced), x =>
        {
            Assert.All(x.Card.Levels, l =>
            {
                Assert.Equal(Status.Fail, l.Status);
                Assert.Contains(l.Schools, s => s.Met <= 5);
            });
            Assert.Contains(x.Card.Levels.SelectMany(l => l.Indicators), i => i.Status == IndicatorStatus.Fail);
        });

        // Borderline: at each level some CV is near its threshold, and some of them pass.
        var borderline = cards.Where(x => x.Intent == SampleQuality.Borderline).ToArray();
        Assert.All(borderline, x => Assert.All(x.Card.Levels, l =>
            Assert.Contains(l.Indicators, i => Math.Abs(i.Cv!.Value - i.Threshold!.Value) <= 0.12)));
        Assert.Contains(borderline, x => PassesResources(x.Card));
        Assert.Contains(borderline, x => !PassesResources(x.Card));
    }

    [Fact]
    public void ABatch_HasCountiesPassingAndFailingOverall()
    {
        var overall = Fifty.Value.Select(c => CountyScorer.Score(c.Submission, Quality).Overall).ToArray();

        Assert.Contains(overall, o => o.Status == Status.Pass);
        Assert.Contains(overall, o => o.Status == Status.Fail && !o.FailedChecks.Any(id => id.StartsWith("resources_", StringComparison.Ordinal)));
        Assert.All(overall, o => Assert.Empty(o.NotAssessedChecks));
    }

    [Fact]
    public void Basic2012Profile_GeneratesAndScores()
    {
        var basic = ProfileCatalog.Default.Get("basic-2012");
        var batch = SampleGenerator.Generate(new SampleOptions { Counties = 8, Profile = "basic-2012", MaxSchools = 120 });

        Assert.All(batch, c =>
        {
            Assert.Equal("basic-2012", c.Submission.County.Profile);
            var card = CountyScorer.Score(c.Submission, basic);
            Assert.All(card.Levels, l => Assert.NotNull(l.CompositeCv));
        });
        var balanced = batch.Where(c => c.Intent == SampleQuality.Balanced).Select(c => CountyScorer.Score(c.Submission, basic).Primary.CompositeCv!.Value);
        var unbalanced = batch.Where(c => c.Intent == SampleQuality.Unbalanced).Select(c => CountyScorer.Score(c.Submission, basic).Primary.CompositeCv!.Value);
        Assert.True(balanced.Max() < unbalanced.Min());
    }

    // ---- defects -----------------------------------------------------------------------------

    [Fact]
    public void WithErrors_OnlySomeCountiesGetOneToThreeDefectsOfDifferentKinds()
    {
        var batch = SampleGenerator.Generate(new SampleOptions { Counties = 40, Seed = 4, WithErrors = true, MaxSchools = 60 });
        var withDefects = batch.Where(c => c.Defects.Count > 0).ToArray();

        Assert.Equal(10, withDefects.Length);
        Assert.All(withDefects, c =>
        {
            Assert.InRange(c.Defects.Count, 1, 3);
            Assert.Equal(c.Defects.Count, c.Defects.Select(d => d.Kind).Distinct().Count());
            Assert.All(c.Defects, d =>
            {
                Assert.Contains(d.Kind, SampleDefectKinds.All);
                Assert.Contains(c.Submission.Schools, s => s.Code == d.SchoolCode);
                Assert.Equal(d.Kind == SampleDefectKinds.RotatedExceedsEligible ? SampleDefectKinds.RotationSheet : SampleDefectKinds.SchoolsSheet, d.Sheet);
                Assert.False(string.IsNullOrEmpty(d.Field));
            });
        });
        Assert.True(withDefects.SelectMany(c => c.Defects).Select(d => d.Kind).Distinct().Count() >= 4);
    }

    // ---- size and options --------------------------------------------------------------------

    [Fact]
    public void Generate_ThreeHundredCounties_HasSkewedSchoolCounts()
    {
        var batch = SampleGenerator.Generate(new SampleOptions { Counties = 300, Seed = 2 });
        var sizes = batch.Select(c => c.Submission.Schools.Count).Order().ToArray();

        Assert.Equal(300, batch.Count);
        Assert.All(sizes, n => Assert.InRange(n, 10, 600));
        var mean = sizes.Average();
        Assert.InRange(mean, 45, 110);
        Assert.True(sizes[150] < mean, "many small counties, few large");
        Assert.True(sizes[^1] > 3 * sizes[150]);
    }

    [Theory]
    [InlineData(-1, 10, 600, "quality-2017")]
    [InlineData(5, 1, 600, "quality-2017")]
    [InlineData(5, 50, 40, "quality-2017")]
    [InlineData(5, 10, 1000, "quality-2017")]
    [InlineData(5, 10, 600, "no-such-profile")]
    public void Generate_InvalidOptions_Throws(int counties, int min, int max, string profile)
    {
        Assert.ThrowsAny<ArgumentException>(() =>
            SampleGenerator.Generate(new SampleOptions { Counties = counties, MinSchools = min, MaxSchools = max, Profile = profile }));
    }

    [Fact]
    public void County_IndexOutOfRange_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SampleGenerator.County(-1, new SampleOptions()));
        Assert.Throws<ArgumentOutOfRangeException>(() => SampleGenerator.County(SampleGenerator.MaxCounties, new SampleOptions()));
    }

    [Fact]
    public void Generate_FixedSchoolCount_IsHonoured()
    {
        var batch = SampleGenerator.Generate(new SampleOptions { Counties = 6, MinSchools = 2, MaxSchools = 2 });

        Assert.All(batch, c =>
        {
            Assert.Equal(2, c.Submission.Schools.Count);
            var card = CountyScorer.Score(c.Submission, Quality);
            Assert.Equal((1, 1), (card.Primary.Units, card.Junior.Units));
        });
    }

    [Property(MaxTest = 25)]
    public void County_AnySeedAndIndex_GivesConsistentRecordsScoredAsIntended(int seed, byte index)
    {
        var c = SampleGenerator.County(index, new SampleOptions { Seed = seed, MaxSchools = 80, WithErrors = true });

        Assert.All(c.Submission.Schools, AssertConsistent);
        var card = CountyScorer.Score(c.Submission, Quality);
        if (c.Intent == SampleQuality.Balanced)
        {
            Assert.True(PassesResources(card));
        }
        else if (c.Intent == SampleQuality.Unbalanced)
        {
            Assert.Equal((Status.Fail, Status.Fail), (card.Primary.Status, card.Junior.Status));
        }
    }

    private static bool PassesResources(Scorecard card) => card.Primary.Status == Status.Pass && card.Junior.Status == Status.Pass;

    private static void AssertConsistent(School s)
    {
        int[] counts =
        [
            s.StudentsPrimary, s.StudentsJunior, s.StudentsSenior, s.ClassesPrimary, s.ClassesJunior,
            s.MultimediaRooms, s.Computers, s.Books, s.MusicRooms, s.ArtRooms,
        ];
        Assert.All(counts, n => Assert.True(n >= 0));
        Assert.True(s.CompulsoryPupils > 0);

        // Sections match the school type.
        switch (s.Type)
        {
            case SchoolType.Primary or SchoolType.TeachingPoint:
                Assert.Equal((0, 0), (s.StudentsJunior, s.StudentsSenior));
                break;
            case SchoolType.Junior:
                Assert.Equal((0, 0), (s.StudentsPrimary, s.StudentsSenior));
                break;
            case SchoolType.Complete:
                Assert.Equal(0, s.StudentsPrimary);
                Assert.True(s.StudentsJunior > 0 && s.StudentsSenior > 0);
                break;
            case SchoolType.NineYear or SchoolType.TwelveYear:
                Assert.True(s.StudentsPrimary > 0 && s.StudentsJunior > 0);
                Assert.Equal(s.Type == SchoolType.TwelveYear, s.StudentsSenior > 0);
                break;
        }

        foreach (var level in new[] { Level.Primary, Level.Junior })
        {
            var pupils = s.StudentsAt(level);
            var staff = s.StaffAt(level);
            if (pupils == 0)
            {
                Assert.Equal(SectionStaff.None, staff);
                Assert.Equal(0, s.ClassesAt(level));
                Assert.Null(s.MaxClassAt(level));
                continue;
            }

            var classes = s.ClassesAt(level);
            var max = Assert.NotNull(s.MaxClassAt(level));
            Assert.InRange(classes, 1, pupils);
            Assert.InRange(max, (int)Math.Ceiling((double)pupils / classes), Math.Min(pupils, 70));
            Assert.True(staff.Teachers > 0);
            Assert.InRange(staff.Qualified, 0, staff.Teachers);
            Assert.InRange(staff.Key, 0, staff.Teachers);
            Assert.InRange(staff.PeArt, 0, staff.Teachers);
            Assert.InRange(staff.SeniorTitle, 0, staff.Teachers);
            if (s.Type != SchoolType.SpecialEducation && pupils >= 200)
            {
                // About one teacher per 14–19 primary / 11–14 junior pupils (more where the standards ask for it).
                var ratio = (double)pupils / staff.Teachers;
                Assert.InRange(ratio, level == Level.Primary ? 8 : 7, level == Level.Primary ? 20 : 15);
            }
        }

        var teachers = s.StaffPrimary.Teachers + s.StaffJunior.Teachers;
        Assert.InRange(Assert.NotNull(s.CertifiedTeachers), teachers - 1, teachers);

        // Facilities in natural units: 元 (not 万元) and m².
        var all = s.CompulsoryPupils + s.StudentsSenior;
        Assert.InRange(s.EquipmentValueYuan / all, 200, 25_000);
        Assert.InRange(s.TeachingSpaceM2 / all, 1, 60);
        Assert.InRange(s.SportsSpaceM2 / all, 1, 100);

        // Music and art rooms follow classes (one per 12), sized around 90–110 m².
        var required = (s.ClassesPrimary + s.ClassesJunior + 11) / 12;
        Assert.InRange(s.MusicRooms, required - 1, required + 1);
        Assert.InRange(s.ArtRooms, required - 1, required + 1);
        Assert.Equal(s.MusicRooms > 0, s.MusicRoomMinM2 is not null);
        Assert.Equal(s.ArtRooms > 0, s.ArtRoomMinM2 is not null);
        if (s.MusicRoomMinM2 is { } music)
        {
            Assert.InRange(music, 80, 115);
        }

        if (s.ArtRoomMinM2 is { } art)
        {
            Assert.InRange(art, 75, 110);
        }

        // Optional signals are coherent when present.
        Assert.Equal(s.PairedSchoolCode is null, s.PairingScope is null);
        if (s.PairedSchoolCode is { } paired)
        {
            Assert.Matches("^[0-9]{10}$", paired);
            Assert.NotEqual(s.Code, paired);
        }

        if (s.PlannedIntake is { } planned)
        {
            Assert.True(planned > 0);
            Assert.InRange(Assert.NotNull(s.CatchmentChildren), 0, 2 * planned);
        }

        if (s.AfterSchoolService is { } offers)
        {
            Assert.InRange(Assert.NotNull(s.AfterSchoolPupils), 0, offers ? s.CompulsoryPupils : 0);
        }
    }
}
