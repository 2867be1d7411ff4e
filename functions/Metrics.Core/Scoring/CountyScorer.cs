using Metrics.Core.Catalog;
using Metrics.Core.Model;
using Metrics.Core.Profiles;

namespace Metrics.Core.Scoring;

/// <summary>Scores one county submission with one profile. Pure: the same input gives the same scorecard.</summary>
public static class CountyScorer
{
    public static Scorecard Score(CountySubmission submission, Profile profile, SubmissionRef? source = null)
    {
        var units = UnitBuilder.Build(submission.Schools, profile);
        var primary = LevelScorer.Score(Level.Primary, units.Primary, profile);
        var junior = LevelScorer.Score(Level.Junior, units.Junior, profile);

        var context = new CheckContext(submission, profile, units);
        var checks = CheckCatalog.Checks.Concat(CheckCatalog.VetoItems)
            .Where(def => def.IsEnabled(profile))
            .Select(def => def.Evaluate(context))
            .ToArray();

        return new Scorecard(
            submission.County.Code,
            submission.County.Name,
            submission.County.SchoolYear,
            profile.Id,
            source,
            primary,
            junior,
            checks,
            Decide(primary, junior, checks),
            SignalBuilder.Build(context),
            units.Warnings);
    }

    /// <summary>
    /// The county passes only when both levels' resource parts and every assessed check pass and
    /// no veto item is found; anything not assessed keeps it from passing.
    /// </summary>
    private static Overall Decide(LevelResult primary, LevelResult junior, IReadOnlyList<CheckResult> checks)
    {
        var failed = new List<string>();
        var notAssessed = new List<string>();
        foreach (var level in new[] { primary, junior })
        {
            var id = level.Level == Level.Primary ? "resources_primary" : "resources_junior";
            (level.Status == Status.Fail ? failed : level.Status == Status.NotAssessed ? notAssessed : null)?.Add(id);
        }

        foreach (var check in checks)
        {
            (check.Status == Status.Fail ? failed : check.Status == Status.NotAssessed ? notAssessed : null)?.Add(check.Id);
        }

        return new Overall(failed.Count == 0 && notAssessed.Count == 0 ? Status.Pass : Status.Fail, failed, notAssessed);
    }
}
