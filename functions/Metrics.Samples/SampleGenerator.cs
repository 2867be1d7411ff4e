namespace Metrics.Samples;

/// <summary>
/// Generates realistic county submissions for <c>metrics sample</c>, demos, benchmarks and tests.
/// </summary>
/// <remarks>
/// <para>
/// Deterministic: a county depends only on (<see cref="SampleOptions.Seed"/>, its index) and the
/// options, so <see cref="County"/> can build any county of a batch on its own, lazily or in
/// parallel, and <see cref="Generate"/> returns exactly <c>County(0..Counties-1)</c>. Each county
/// draws from its own <see cref="Random"/> seeded from a hash of (seed, index); seeded
/// <see cref="Random"/> is stable across .NET versions.
/// </para>
/// <para>
/// County codes are 6-digit division codes under real province prefixes and names are two
/// syllables plus 县/区; both are images of the index under seed-keyed permutations, so they are
/// unique for every index below <see cref="MaxCounties"/>. Values are drawn around the profile's
/// standards by the county's <see cref="SampleQuality"/> (half balanced, a quarter borderline, a
/// quarter unbalanced, in blocks of four) and each school's location; the checks pass unless
/// the county was drawn to fail a few of them. Records are always valid; errors are only listed
/// (<see cref="SampleCounty.Defects"/>) for the workbook writer.
/// </para>
/// </remarks>
public static class SampleGenerator
{
    /// <summary>Most counties with distinct codes and names (the smaller of the two identity spaces).</summary>
    public static int MaxCounties { get; } = Math.Min(CountyIdentities.CodeSpace, CountyIdentities.NameSpace);

    /// <summary>Counties 0 … <c>options.Counties − 1</c>.</summary>
    /// <exception cref="ArgumentException">An option is out of range or the profile is unknown.</exception>
    public static IReadOnlyList<SampleCounty> Generate(SampleOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var context = new SampleContext(options);
        var counties = new SampleCounty[options.Counties];
        for (var i = 0; i < counties.Length; i++)
        {
            counties[i] = Build(context, i);
        }

        return counties;
    }

    /// <summary>County <paramref name="index"/> of the batch the options describe (the index need not be below <c>options.Counties</c>).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is negative or not below <see cref="MaxCounties"/>.</exception>
    public static SampleCounty County(int index, SampleOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Build(new SampleContext(options), index);
    }

    private static SampleCounty Build(SampleContext context, int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, MaxCounties);
        var builder = new CountyBuilder(context, index);
        var submission = builder.Build();
        var defects = context.Options.WithErrors ? SampleDefects.For(context.Options.Seed, index, submission) : [];
        return new SampleCounty(submission, builder.Intent, defects);
    }
}
