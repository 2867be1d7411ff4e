using Metrics.Core.Model;
using Metrics.Core.Profiles;
using Metrics.Core.Scoring;
using Metrics.TestSupport;

namespace Metrics.Core.Tests.Catalog;

/// <summary>The enum name tables and the school-type traits: every value declared, each once.</summary>
public class VocabularyTests
{
    public static TheoryData<SchoolType> AllSchoolTypes => new(Enum.GetValues<SchoolType>());

    [Fact]
    public void EveryNameTable_HasOneRowPerValueWithDistinctKeysAndNames()
    {
        AssertTable(Names.Levels);
        AssertTable(Names.Locations);
        AssertTable(Names.Ownerships);
        AssertTable(Names.PairingScopes);
        AssertTable(Names.SchoolTypes);
        AssertTable(Names.Statuses);
        AssertTable(Names.IndicatorStatuses);
    }

    [Fact]
    public void ANameTable_MissingAValue_IsRejected()
    {
        var e = Assert.Throws<InvalidOperationException>(() => new EnumNames<Location>(new EnumName<Location>(Location.Urban, "urban", "城区", "urban")));
        Assert.Contains("Town, Rural", e.Message);
    }

    [Fact]
    public void StatusKeys_AreTheJsonContractsSpelling()
    {
        Assert.Equal(["pass", "fail", "not_assessed", "not_applicable"], Enum.GetValues<Status>().Select(Names.Statuses.Key));
        Assert.Equal(("未评估", "Not assessed"), Names.Statuses.Bilingual(Status.NotAssessed));
    }

    [Theory]
    [MemberData(nameof(AllSchoolTypes))]
    public void EverySchoolType_HasTraitsConsistentWithItsWeighting(SchoolType type)
    {
        var t = type.Traits();
        Assert.Equal(type, t.Type);
        var sections = (t.TeachesPrimary ? 1 : 0) + (t.TeachesJunior ? 1 : 0);
        Assert.Equal(sections, t.Levels.Count);
        var expected = sections == 0 ? SectionWeighting.None
            : sections == 1 && !t.HasSenior ? SectionWeighting.Single
            : t.TeachesPrimary ? SectionWeighting.ThroughTrain
            : SectionWeighting.Complete;
        Assert.Equal(expected, t.Weighting);
    }

    [Fact]
    public void SchoolTypeTraits_GiveTheProfileWeights()
    {
        // Default weights: primary 1.0, junior 1.1, senior 1.32; 完全中学 junior 1.0 : senior 1.2.
        var w = new SectionWeights();
        Assert.Equal((1.0, 1.1, 1.32), (SchoolType.TwelveYear.Traits().WeightOf(Level.Primary, w), SchoolType.TwelveYear.Traits().WeightOf(Level.Junior, w), SchoolType.TwelveYear.Traits().SeniorWeight(w)));
        Assert.Equal((1.1, 0.0), (SchoolType.NineYear.Traits().WeightOf(Level.Junior, w), SchoolType.NineYear.Traits().SeniorWeight(w)));
        Assert.Equal((1.0, 1.2), (SchoolType.Complete.Traits().WeightOf(Level.Junior, w), SchoolType.Complete.Traits().SeniorWeight(w)));
        Assert.Equal([Level.Junior], SchoolType.Complete.Traits().Levels);
        Assert.Equal([Level.Primary], SchoolType.TeachingPoint.Traits().Levels);
        Assert.Empty(SchoolType.Vocational.Traits().Levels);
    }

    [Fact]
    public void IndicatorStatus_UnderACompositeProfile_IsNotJudgedAndWrittenAsNull()
    {
        // basic-2012 decides by the composite CV: two schools of 100 pupils with 1 and 3 computers
        // per 100 pupils have CV |1−3|/(1+3) = 0.5, defined but neither passing nor failing on its own.
        var basic = ProfileCatalog.Default.Get("basic-2012");
        School Make(string code, int computers) => Schools.Primary(code, 100) with { Computers = computers };
        var level = LevelScorer.Score(Level.Primary, UnitBuilder.Build([Make("A", 1), Make("B", 3)], basic).Primary, basic);

        var mm = level.Indicators.Single(i => i.Id == "computers_per100");
        Assert.Equal(0.5, mm.Cv!.Value, 12);
        Assert.Equal(IndicatorStatus.NotJudged, mm.Status);
        Assert.Null(Metrics.Core.Json.ScorecardJson.StatusName(mm));
    }

    private static void AssertTable<T>(EnumNames<T> table)
        where T : struct, Enum
    {
        Assert.Equal(Enum.GetValues<T>(), table.Rows.Select(r => r.Value).Order());
        Assert.All(table.Rows, r => Assert.False(string.IsNullOrWhiteSpace(r.Key) || string.IsNullOrWhiteSpace(r.Zh) || string.IsNullOrWhiteSpace(r.En), r.Value.ToString()));
        Assert.Equal(table.Rows.Count, table.Rows.Select(r => r.Key).Distinct().Count());
        Assert.Equal(table.Rows.Count, table.Rows.Select(r => r.Zh).Distinct().Count());
    }
}
