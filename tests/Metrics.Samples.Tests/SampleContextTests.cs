using Metrics.Core.Catalog;
using Metrics.Core.Model;
using Metrics.Core.Profiles;

namespace Metrics.Samples.Tests;

public class SampleContextTests
{
    [Fact]
    public void DrawnIndicators_AreCatalogEntries_AndHaveAStandardExactlyWhereQuality2017SetsOne()
    {
        // The generator draws every resource as a ratio to a standard: the seven quality-2017
        // indicators use the profile's, computers and books fixed reference levels.
        var quality = ProfileCatalog.Default.Get("quality-2017");
        Assert.Equal(9, SampleContext.Drawn.Length);
        for (var k = 0; k < SampleContext.Drawn.Length; k++)
        {
            var indicator = SampleContext.Drawn[k];
            Assert.Same(IndicatorCatalog.Get(indicator.Id), indicator);
            Assert.Equal(k, SampleContext.Slot(indicator.Id));
            foreach (var level in new[] { Level.Primary, Level.Junior })
            {
                Assert.Equal(SampleContext.HasStandard(k), quality.RulesFor(level).Standards.ContainsKey(indicator.Id));
            }
        }

        Assert.Throws<ArgumentException>(() => SampleContext.Slot("teachers_per_pupil"));
    }

    [Fact]
    public void Standards_AreTheProfilesOrTheReferenceLevels()
    {
        // quality-2017 primary: teaching space 4.5 m² per pupil is the profile's standard;
        // computers 10 per 100 pupils (primary) and books 30 per pupil (junior) are reference levels.
        var context = new SampleContext(new SampleOptions());
        var primary = context.Standards[(int)Level.Primary];
        var junior = context.Standards[(int)Level.Junior];
        Assert.Equal(4.5, primary[SampleContext.Slot("teaching_space_per_pupil")]);
        Assert.Equal(10, primary[SampleContext.Slot("computers_per100")]);
        Assert.Equal(30, junior[SampleContext.Slot("books_per_pupil")]);
    }
}
