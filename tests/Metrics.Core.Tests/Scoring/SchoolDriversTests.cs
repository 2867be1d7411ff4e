using Metrics.Core.Model;
using Metrics.Core.Profiles;
using Metrics.Core.Scoring;
using Metrics.Core.Statistics;
using Metrics.TestSupport;

namespace Metrics.Core.Tests.Scoring;

public class SchoolDriversTests
{
    private static LevelResult Primary()
    {
        School[] schools = [Schools.Primary("P1", 600), Schools.Primary("P2", 480, Location.Rural), Schools.Primary("P3", 300, Location.Town)];
        return CountyScorer.Score(Schools.Submission(schools), ProfileCatalog.Default.Get("quality-2017")).Primary;
    }

    [Fact]
    public void Of_EveryIndicator_SameAsComputingItDirectly_InSchoolOrder()
    {
        var level = Primary();
        foreach (var ind in level.Indicators)
        {
            var drivers = SchoolDrivers.Of(level, ind.Id);
            var units = SchoolDrivers.Units(level, ind.Id);
            var direct = CvDrivers.Compute(units);
            var (atkinson, ge) = EquityFamilies.Reported(units);

            // The units are the schools in order: pupils 600, 480, 300; location urban, rural, town.
            Assert.Equal([600.0, 480.0, 300.0], drivers.Units.Select(u => u.Weight));
            Assert.Equal(units, drivers.Units);
            Assert.Equal(direct.Terms.Select(t => (t.Index, t.Term, t.Share)), drivers.Breakdown.Terms.Select(t => (t.Index, t.Term, t.Share)));
            Assert.Equal(direct.Split?.Within, drivers.Breakdown.Split?.Within);
            Assert.Equal(direct.Split?.Between, drivers.Breakdown.Split?.Between);
            Assert.Equal(atkinson, drivers.Atkinson);
            Assert.Equal(ge, drivers.Ge);
        }
    }

    [Fact]
    public async Task Of_PageAndWorkbookAskingTogether_ComputedOnce_ACopiedLevelGetsItsOwn()
    {
        var level = Primary();
        var id = level.Indicators[0].Id;

        var both = await Task.WhenAll(Task.Run(() => SchoolDrivers.Of(level, id)), Task.Run(() => SchoolDrivers.Of(level, id)));

        Assert.Same(both[0], both[1]);
        Assert.Same(both[0], SchoolDrivers.Of(level, id));
        // A level changed by `with` is another level: its drivers are its own (here equal, since the schools are the same).
        var copy = level with { Units = level.Units };
        Assert.NotSame(both[0], SchoolDrivers.Of(copy, id));
        Assert.Equal(both[0].Units, SchoolDrivers.Of(copy, id).Units);
    }
}
