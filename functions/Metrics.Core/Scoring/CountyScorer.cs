using Metrics.Core.Catalog;
using Metrics.Core.Model;
using Metrics.Core.Profiles;

namespace Metrics.Core.Scoring;

/// <summary>Scores one county submission with one profile. Pure: the same input gives the same scorecard.</summary>
public static class CountyScorer
{
    public static Scorecard Score(CountySubmission submission, Profile profile, SubmissionRef? source = null)
    {
        var units = UnitBuilder.Build(submission.Schools, profile, profile.IndoorSportsAsSportsSpace, submission.SchoolsLocation);
        var primary = LevelScorer.Score(Level.Primary, units.Primary, profile);
        var junior = LevelScorer.Score(Level.Junior, units.Junior, profile);

        var context = new CheckContext(submission, profile, units);
        var checks = CheckCatalog.All
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
            units.Warnings)
        {
            Excluded = units.Excluded,
            IndoorSports = IndoorSportsEffectOf(submission, profile, primary, junior),
            Plan = Planning.RemediationPlanner.ForScorecard(submission, profile, primary, junior),
            ProfileDefinition = profile,
        };
    }

    /// <summary>
    /// Scores the levels again with the gym option the other way round and lists the verdicts that
    /// differ, so the scorecard can say when the option decided one. Null when no school reports a gym.
    /// </summary>
    private static IndoorSportsEffect? IndoorSportsEffectOf(CountySubmission submission, Profile profile, LevelResult primary, LevelResult junior)
    {
        if (!submission.Schools.Any(s => s.IndoorSportsM2 > 0))
        {
            return null;
        }

        var applied = profile.IndoorSportsAsSportsSpace;
        var other = UnitBuilder.Build(submission.Schools, profile, !applied, submission.SchoolsLocation);
        var changes = new List<VerdictChange>();
        foreach (var actual in new[] { primary, junior })
        {
            var alternative = LevelScorer.Score(actual.Level, other.At(actual.Level), profile);
            var level = actual.Level == Level.Primary ? "primary" : "junior";
            void Add(string subject, Status? real, Status? alt)
            {
                if (real != alt)
                {
                    changes.Add(applied ? new VerdictChange(level, subject, alt, real) : new VerdictChange(level, subject, real, alt));
                }
            }

            Add(level, actual.Status, alternative.Status);
            foreach (var (a, b) in actual.Indicators.Zip(alternative.Indicators))
            {
                Add(a.Id, ToStatus(a.Status), ToStatus(b.Status));
            }

            foreach (var (a, b) in actual.Schools.Zip(alternative.Schools))
            {
                Add(a.Code, a.Status, b.Status);
            }
        }

        return new IndoorSportsEffect(applied, changes);
    }

    private static Status? ToStatus(IndicatorStatus s) => s switch
    {
        IndicatorStatus.Pass => Status.Pass,
        IndicatorStatus.Fail => Status.Fail,
        _ => null,
    };

    /// <summary>
    /// The county passes only when both levels' resource parts and every assessed check pass and
    /// no veto item is found; anything not assessed keeps it from passing.
    /// </summary>
    internal static Overall Decide(LevelResult primary, LevelResult junior, IReadOnlyList<CheckResult> checks)
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
