using System.Collections.Frozen;
using Metrics.Core.Profiles;

namespace Metrics.Core.Model;

/// <summary>Which weights of <see cref="SectionWeights"/> split a school type's whole-school facilities.</summary>
public enum SectionWeighting
{
    /// <summary>No compulsory section (special-education and vocational schools): no units.</summary>
    None,

    /// <summary>One compulsory section and no senior pupils: it gets everything (weight 1).</summary>
    Single,

    /// <summary>一贯制: primary and junior weights, and the senior weight for senior pupils.</summary>
    ThroughTrain,

    /// <summary>完全中学: the complete-school junior : senior weights.</summary>
    Complete,
}

/// <summary>What a school type teaches, declared once for the scorer, the reader and the writers.</summary>
/// <param name="Type">The school type.</param>
/// <param name="TeachesPrimary">It has a primary section.</param>
/// <param name="TeachesJunior">It has a junior section.</param>
/// <param name="HasSenior">It has senior (高中) pupils, who share facilities but are not evaluated.</param>
/// <param name="Weighting">How whole-school facilities are split across its sections.</param>
public sealed record SchoolTypeTraits(SchoolType Type, bool TeachesPrimary, bool TeachesJunior, bool HasSenior, SectionWeighting Weighting)
{
    /// <summary>Whether it has a section at <paramref name="level"/>.</summary>
    public bool Teaches(Level level) => level == Level.Primary ? TeachesPrimary : TeachesJunior;

    /// <summary>Its compulsory sections in level order.</summary>
    public IReadOnlyList<Level> Levels { get; } =
        [.. (TeachesPrimary ? [Level.Primary] : Array.Empty<Level>()), .. (TeachesJunior ? [Level.Junior] : Array.Empty<Level>())];

    /// <summary>The weight of a pupil of <paramref name="level"/> in the weighted enrolment.</summary>
    public double WeightOf(Level level, SectionWeights w) => Weighting switch
    {
        SectionWeighting.ThroughTrain => level == Level.Primary ? w.Primary : w.Junior,
        SectionWeighting.Complete => w.CompleteJunior,
        _ => 1.0,
    };

    /// <summary>The weight of a senior pupil; 0 for a type without senior pupils.</summary>
    public double SeniorWeight(SectionWeights w) => !HasSenior ? 0.0
        : Weighting == SectionWeighting.Complete ? w.CompleteSenior
        : w.Senior;
}

/// <summary>The traits of every school type.</summary>
public static class SchoolTypes
{
    private static readonly FrozenDictionary<SchoolType, SchoolTypeTraits> ByType = new SchoolTypeTraits[]
    {
        new(SchoolType.Primary, true, false, false, SectionWeighting.Single),
        new(SchoolType.Junior, false, true, false, SectionWeighting.Single),
        new(SchoolType.NineYear, true, true, false, SectionWeighting.ThroughTrain),
        new(SchoolType.TwelveYear, true, true, true, SectionWeighting.ThroughTrain),
        new(SchoolType.Complete, false, true, true, SectionWeighting.Complete),
        new(SchoolType.TeachingPoint, true, false, false, SectionWeighting.Single),
        new(SchoolType.SpecialEducation, false, false, false, SectionWeighting.None),
        new(SchoolType.Vocational, false, false, false, SectionWeighting.None),
    }.ToFrozenDictionary(t => t.Type);

    /// <summary>The traits of <paramref name="type"/>.</summary>
    public static SchoolTypeTraits Traits(this SchoolType type) => ByType[type];

    /// <summary>Every type's traits.</summary>
    public static IEnumerable<SchoolTypeTraits> All => Enum.GetValues<SchoolType>().Select(t => ByType[t]);
}
