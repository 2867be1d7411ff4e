using Metrics.Core.Model;
using Metrics.Core.Profiles;
using Metrics.Core.Scoring;

namespace Metrics.Core.Import;

/// <summary>
/// Where a scorecard's data came from when it was scored straight from the education-statistics
/// export instead of the county workbook: which export (shape and form generation), the template
/// fields the county still has to complete, the checks that therefore could not be assessed, and the
/// teaching points held back because the export cannot say which school each belongs to.
/// </summary>
/// <param name="Mapping">The mapping that read the export (<c>school-list</c>, <c>forms-2021</c>, <c>forms-2018</c>).</param>
/// <param name="FieldsToComplete">Template column keys of the 学校 sheet the export lacks.</param>
/// <param name="ChecksNotAssessed">Checks that need those fields: <c>not_assessed</c> whatever the export says.</param>
/// <param name="HeldBackTeachingPoints">Teaching points (是否计校数 = 0) left out until their parent school is filled in (profile policy "merge into parent").</param>
public sealed record ExportSource(string Mapping, IReadOnlyList<string> FieldsToComplete, IReadOnlyList<string> ChecksNotAssessed, int HeldBackTeachingPoints)
{
    public const string Kind = "statistics_export";
}

/// <summary>Scores what an export allows: the resource part and the per-school rule; checks lacking data are not assessed.</summary>
public static class ExportScoring
{
    public static Scorecard Score(CountySubmission submission, Profile profile, SubmissionRef? source, ExportSource export)
    {
        var card = CountyScorer.Score(submission, profile, source);
        var lacking = export.ChecksNotAssessed.ToHashSet(StringComparer.Ordinal);
        var checks = card.Checks
            .Select(c => lacking.Contains(c.Id) ? c with { Value = null, Status = Status.NotAssessed, Parts = [], Findings = [] } : c)
            .ToArray();
        return card with { Checks = checks, Overall = CountyScorer.Decide(card.Primary, card.Junior, checks), FromExport = export };
    }
}
