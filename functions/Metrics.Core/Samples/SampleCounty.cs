using Metrics.Core.Model;

namespace Metrics.Core.Samples;

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

/// <summary>
/// A data error the workbook writer is to inject when it writes the county. The generator only
/// produces valid records; this list says where to break them.
/// </summary>
/// <param name="Sheet">Canonical Chinese sheet name: <c>学校</c> or <c>教师交流</c> (see <see cref="SampleDefectKinds"/>).</param>
/// <param name="SchoolCode">Code of the school whose row is affected.</param>
/// <param name="Field">English column key of DOMAIN.md §8, e.g. <c>teaching_space_m2</c>.</param>
/// <param name="Kind">One of the <see cref="SampleDefectKinds"/> constants.</param>
public sealed record SampleDefect(string Sheet, string SchoolCode, string Field, string Kind);

/// <summary>One generated county: the submission, the intent it was drawn with and the defects to inject.</summary>
public sealed record SampleCounty(CountySubmission Submission, SampleQuality Intent, IReadOnlyList<SampleDefect> Defects);

/// <summary>The defect kinds of <see cref="SampleDefect"/> and what a writer does for each.</summary>
public static class SampleDefectKinds
{
    /// <summary>Sheet name of the school rows.</summary>
    public const string SchoolsSheet = "学校";

    /// <summary>Sheet name of the rotation rows.</summary>
    public const string RotationSheet = "教师交流";

    /// <summary>Write the field's value negated (−1 when it is 0).</summary>
    public const string Negative = "negative";

    /// <summary>Write text in the numeric cell, e.g. <c>约1200</c> or <c>不详</c>.</summary>
    public const string TextInNumber = "text_in_number";

    /// <summary>Write the school's row a second time, so its <c>school_code</c> appears twice.</summary>
    public const string DuplicateCode = "duplicate_code";

    /// <summary>Write a value outside the field's vocabulary (e.g. <c>中学</c> for school_type, <c>郊区</c> for location, <c>合办</c> for ownership).</summary>
    public const string UnknownEnum = "unknown_enum";

    /// <summary>On the rotation sheet, write <c>rotated_teachers</c> greater than <c>eligible_teachers</c>.</summary>
    public const string RotatedExceedsEligible = "rotated_exceeds_eligible";

    /// <summary>Every kind, in a fixed order.</summary>
    public static IReadOnlyList<string> All { get; } = [Negative, TextInNumber, DuplicateCode, UnknownEnum, RotatedExceedsEligible];
}
