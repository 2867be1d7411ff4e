using Metrics.Core.Catalog;
using Metrics.Core.Model;
using Metrics.Core.Profiles;

namespace Metrics.Samples;

/// <summary>
/// What every county of a batch shares: the validated options, the profile and the standards,
/// CV thresholds and check limits values are drawn around, resolved once.
/// </summary>
internal sealed class SampleContext
{
    /// <summary>
    /// The resources drawn for each school section, as <see cref="IndicatorCatalog"/> entries: the
    /// seven indicators a profile sets a standard for, then computers per 100 pupils and books per
    /// pupil (basic-2012 indicators without a standard). The builder's slot numbers are positions
    /// in this list and the list's order fixes the order of random draws: reordering it changes
    /// every generated workbook.
    /// </summary>
    public static readonly Indicator[] Drawn =
    [
        .. new[]
        {
            "qualified_teachers_per100",
            "key_teachers_per100",
            "pe_art_teachers_per100",
            "teaching_space_per_pupil",
            "sports_space_per_pupil",
            "equipment_value_per_pupil",
            "multimedia_rooms_per100",
            "computers_per100",
            "books_per_pupil",
        }.Select(IndicatorCatalog.Get),
    ];

    /// <summary>
    /// Reference levels (primary, junior) for the drawn resources no profile sets a standard for:
    /// typical provincial norms, not national standards.
    /// </summary>
    private static readonly Dictionary<string, double[]> Unstandardised = new(StringComparer.Ordinal)
    {
        ["computers_per100"] = [10, 12],
        ["books_per_pupil"] = [20, 30],
    };

    /// <summary>The builder's slot of an indicator: its position in <see cref="Drawn"/>.</summary>
    /// <exception cref="ArgumentException">The indicator is not drawn.</exception>
    public static int Slot(string indicatorId)
    {
        var slot = Array.FindIndex(Drawn, i => i.Id == indicatorId);
        return slot >= 0 ? slot : throw new ArgumentException($"The generator draws no indicator '{indicatorId}'.", nameof(indicatorId));
    }

    /// <summary>Whether a profile sets a standard for the drawn indicator (false for computers and books).</summary>
    public static bool HasStandard(int slot) => !Unstandardised.ContainsKey(Drawn[slot].Id);

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
            var standards = new double[Drawn.Length];
            for (var k = 0; k < Drawn.Length; k++)
            {
                var id = Drawn[k].Id;
                standards[k] = Unstandardised.TryGetValue(id, out var norm) ? norm[(int)level]
                    : rules.Standards.TryGetValue(id, out var s) && s > 0 ? s : fallback.Standards[id];
            }

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
