using Metrics.Core.Model;

namespace Metrics.Samples;

/// <summary>What a generated county was drawn to look like (scoring decides what it is).</summary>
public enum SampleQuality
{
    /// <summary>
    /// Nearly every unit 5–40% above each standard, small spread; a few a little short on one
    /// facility (never below 85%). Passes the quality-2017 resource part of both levels.
    /// </summary>
    Balanced,

    /// <summary>
    /// One or two facility indicators with a CV drawn close to the threshold (either side) and a
    /// few units short of one standard: some pass, some fail.
    /// </summary>
    Borderline,

    /// <summary>
    /// Rural (else the weakest) units far below several standards and facility CVs above the
    /// threshold. Fails the quality-2017 resource part.
    /// </summary>
    Unbalanced,
}

/// <summary>One generated county: the submission, the intent it was drawn with and the defects to inject.</summary>
public sealed record SampleCounty(CountySubmission Submission, SampleQuality Intent, IReadOnlyList<SampleDefect> Defects);
