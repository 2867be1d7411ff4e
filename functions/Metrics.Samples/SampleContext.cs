using Metrics.Core.Model;
using Metrics.Core.Profiles;

namespace Metrics.Samples;

/// <summary>
/// What every county of a batch shares: the validated options, the profile and the standards,
/// CV thresholds and check limits values are drawn around, resolved once.
/// </summary>
internal sealed class SampleContext
{
    /// <summary>The quality-2017 indicators in DOMAIN.md §2 order; the builder's indicator indices refer to this list.</summary>
    public static readonly string[] IndicatorIds =
    [
        "qualified_teachers_per100",
        "key_teachers_per100",
        "pe_art_teachers_per100",
        "teaching_space_per_pupil",
        "sports_space_per_pupil",
        "equipment_value_per_pupil",
        "multimedia_rooms_per100",
    ];

    /// <summary>
    /// Scale of each drawn resource (100 for "per 100 pupils"): the seven of <see cref="IndicatorIds"/>,
    /// then computers per 100 pupils and books per pupil (basic-2012 indicators without a standard).
    /// </summary>
    public static readonly double[] Scale = [100, 100, 100, 1, 1, 1, 100, 100, 1];

    /// <summary>Reference levels computers and books are drawn around (primary, junior): typical provincial norms, not national standards.</summary>
    private static readonly double[][] Reference = [[10, 20], [12, 30]];

    public SampleContext(SampleOptions options)
    {
        options.Validate();
        Options = options;
        Profile = ProfileCatalog.Default.Get(options.Profile);
        var reference = ProfileCatalog.Default.Get(ProfileCatalog.DefaultId);
        foreach (var level in new[] { Level.Primary, Level.Junior })
        {
            var rules = Profile.RulesFor(level);
            var fallback = reference.RulesFor(level);
            var standards = new double[Scale.Length];
            for (var k = 0; k < IndicatorIds.Length; k++)
            {
                standards[k] = rules.Standards.TryGetValue(IndicatorIds[k], out var s) && s > 0 ? s : fallback.Standards[IndicatorIds[k]];
            }

            standards[IndicatorIds.Length] = Reference[(int)level][0];
            standards[IndicatorIds.Length + 1] = Reference[(int)level][1];
            Standards[(int)level] = standards;
            Thresholds[(int)level] = rules.CvThreshold ?? fallback.CvThreshold ?? 0.5;
            CompositeThresholds[(int)level] = rules.CompositeCvThreshold ?? (level == Level.Primary ? 0.65 : 0.55);
        }
    }

    public SampleOptions Options { get; }

    public Profile Profile { get; }

    /// <summary>Standard (or reference level) of resource k at a level: <c>Standards[(int)level][k]</c>.</summary>
    public double[][] Standards { get; } = new double[2][];

    /// <summary>Per-indicator CV threshold at a level (the profile's, else quality-2017's).</summary>
    public double[] Thresholds { get; } = new double[2];

    /// <summary>Composite CV threshold at a level (the profile's, else basic-2012's 0.65 / 0.55).</summary>
    public double[] CompositeThresholds { get; } = new double[2];

    /// <summary>Whether the profile decides by the composite CV (basic-2012) rather than per indicator.</summary>
    public bool Composite => Profile.Decision == Decision.CompositeCv;

    public CheckRules Checks => Profile.Checks;

    public SectionWeights Weights => Profile.SectionWeights;

    public Exclusions Exclusions => Profile.Exclusions;
}
