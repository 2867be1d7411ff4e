using Metrics.Core.Profiles;

namespace Metrics.Samples;

/// <summary>
/// What <see cref="SampleGenerator"/> produces. The same options always give equal counties; a
/// county depends only on (<see cref="Seed"/>, its index) and the options, never on the batch size.
/// </summary>
public sealed record SampleOptions
{
    /// <summary>Number of counties in a batch (0 to <see cref="SampleGenerator.MaxCounties"/>). Default 5.</summary>
    public int Counties { get; init; } = 5;

    /// <summary>Seed of the whole batch. Default 1.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>School year written to every county (first calendar year, e.g. 2024 for 2024–25). Default 2024.</summary>
    public int Year { get; init; } = 2024;

    /// <summary>
    /// Profile id written to every county. Its standards, section weights and exclusions are what
    /// values are drawn around (indicators it sets no standard for fall back to quality-2017's).
    /// Default <c>quality-2017</c>.
    /// </summary>
    public string Profile { get; init; } = ProfileCatalog.DefaultId;

    /// <summary>Fewest schools in a county (at least 2: every county has a 小学 and a 初中). Default 10.</summary>
    public int MinSchools { get; init; } = 10;

    /// <summary>Most schools in a county (at most 999, the width of the school sequence in a code). Default 600.</summary>
    public int MaxSchools { get; init; } = 600;

    /// <summary>
    /// When true, about one county in four carries 1–3 <see cref="SampleDefect"/> entries for the
    /// workbook writer to inject. The records themselves are the same with or without it.
    /// </summary>
    public bool WithErrors { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> when an option is out of range or the profile is unknown.</summary>
    public void Validate()
    {
        if (Counties < 0 || Counties > SampleGenerator.MaxCounties)
        {
            throw new ArgumentOutOfRangeException(nameof(Counties), Counties, $"Counties must be between 0 and {SampleGenerator.MaxCounties}.");
        }

        if (MinSchools < 2 || MaxSchools > 999 || MinSchools > MaxSchools)
        {
            throw new ArgumentOutOfRangeException(nameof(MinSchools), MinSchools, "Schools per county must satisfy 2 ≤ MinSchools ≤ MaxSchools ≤ 999.");
        }

        if (Year < 1990 || Year > 2100)
        {
            throw new ArgumentOutOfRangeException(nameof(Year), Year, "Year must be between 1990 and 2100.");
        }

        if (!ProfileCatalog.Default.TryGet(Profile, out _))
        {
            throw new ArgumentException($"Unknown profile '{Profile}'.", nameof(Profile));
        }
    }
}
