using Metrics.Core.Model;

namespace Metrics.Core.Scoring;

/// <summary>The optional signals of DOMAIN.md §7, built only from the columns a workbook carries.</summary>
internal static class SignalBuilder
{
    public static Signals Build(CheckContext c) => new(EnrollmentWarnings(c), Pairing(c), AfterSchool(c));

    /// <summary>入学预警: catchment children ÷ planned intake; ≥ yellow threshold yellow, ≥ red threshold red.</summary>
    private static IReadOnlyList<EnrollmentWarning>? EnrollmentWarnings(CheckContext c)
    {
        var rules = c.Profile.Signals;
        var reported = c.Schools.Where(s => s is { CatchmentChildren: not null, PlannedIntake: > 0 }).ToArray();
        if (reported.Length == 0)
        {
            return null;
        }

        return reported
            .Select(s => (School: s, Ratio: (double)s.CatchmentChildren!.Value / s.PlannedIntake!.Value))
            .Where(x => x.Ratio >= rules.EnrollmentYellow)
            .Select(x => new EnrollmentWarning(x.School.Code, x.School.Name, x.School.CatchmentChildren!.Value, x.School.PlannedIntake!.Value, x.Ratio,
                x.Ratio >= rules.EnrollmentRed ? "red" : "yellow"))
            .ToArray();
    }

    /// <summary>结对帮扶: coverage of rural small schools and the mix of pairing scopes against targets.</summary>
    private static PairingSummary? Pairing(CheckContext c)
    {
        if (!c.Schools.Any(s => s.PairedSchoolCode is not null || s.PairingScope is not null))
        {
            return null;
        }

        var rules = c.Profile.Signals;
        var ruralSmall = c.Schools.Where(s => s.Location == Location.Rural && s.CompulsoryPupils < rules.SmallSchoolPupils).ToArray();
        var paired = ruralSmall.Count(s => !string.IsNullOrWhiteSpace(s.PairedSchoolCode));
        var scoped = c.Schools.Where(s => s.PairingScope is not null).ToArray();
        var shares = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (key, scope) in new[] { ("withinCounty", PairingScope.WithinCounty), ("withinCity", PairingScope.WithinCity), ("withinProvince", PairingScope.WithinProvince) })
        {
            shares[key] = scoped.Length == 0 ? 0 : (double)scoped.Count(s => s.PairingScope == scope) / scoped.Length;
        }

        var targets = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["withinCounty"] = rules.PairingScopeTargets.WithinCounty,
            ["withinCity"] = rules.PairingScopeTargets.WithinCity,
            ["withinProvince"] = rules.PairingScopeTargets.WithinProvince,
        };
        return new PairingSummary(ruralSmall.Length, paired, ruralSmall.Length == 0 ? null : (double)paired / ruralSmall.Length, shares, targets);
    }

    /// <summary>课后服务: share of schools offering it and share of pupils taking part.</summary>
    private static AfterSchoolSummary? AfterSchool(CheckContext c)
    {
        if (!c.Schools.Any(s => s.AfterSchoolService is not null))
        {
            return null;
        }

        var offering = c.Schools.Where(s => s.AfterSchoolService == true).ToArray();
        long pupils = c.Schools.Sum(s => (long)s.CompulsoryPupils);
        long participating = offering.Sum(s => (long)(s.AfterSchoolPupils ?? 0));
        return new AfterSchoolSummary(
            c.Schools.Count,
            offering.Length,
            c.Schools.Count == 0 ? null : (double)offering.Length / c.Schools.Count,
            pupils,
            participating,
            pupils == 0 ? null : (double)participating / pupils);
    }
}
