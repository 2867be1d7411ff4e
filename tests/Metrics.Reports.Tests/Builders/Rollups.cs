using Metrics.Core.Model;
using Metrics.Core.Rollup;

namespace Metrics.Reports.Tests.Builders;

/// <summary>Rollup results built by hand (the rollup builder lives elsewhere).</summary>
public static class Rollups
{
    public static readonly string[] QualityIds =
    [
        "qualified_teachers_per100", "key_teachers_per100", "pe_art_teachers_per100", "teaching_space_per_pupil",
        "sports_space_per_pupil", "equipment_value_per_pupil", "multimedia_rooms_per100",
    ];

    public static readonly string[] BasicIds =
    [
        "teaching_space_per_pupil", "sports_space_per_pupil", "equipment_value_per_pupil", "computers_per100",
        "books_per_pupil", "teachers_per_pupil", "qualified_teachers_per_pupil", "senior_title_teachers_per_pupil",
    ];

    /// <summary>A county scored with quality-2017; CVs are <paramref name="baseCv"/> + 0.01·k (with a tail that needs full precision).</summary>
    public static ScorecardSummary Quality(string code, string name, Status overall, double baseCv) => new(
        code, name, 2024, "quality-2017", overall,
        Level(QualityIds, baseCv, composite: false, overall),
        Level(QualityIds, baseCv * 0.9, composite: false, overall),
        [("music_art_rooms", overall), ("class_size", Status.Pass), ("veto_exam_admission", Status.Pass)]);

    public static ScorecardSummary Basic(string code, string name, Status overall, double baseCv) => new(
        code, name, 2024, "basic-2012", overall,
        Level(BasicIds, baseCv, composite: true, overall),
        Level(BasicIds, baseCv * 0.8, composite: true, overall),
        [("class_size", Status.NotAssessed)]);

    private static LevelSummary Level(string[] ids, double baseCv, bool composite, Status status)
    {
        var cvs = ids.Select((id, k) => (id, cv: (double?)(baseCv + 0.01 * k + 1.0 / 3000))).ToDictionary(x => x.id, x => x.cv, StringComparer.Ordinal);
        if (!composite)
        {
            // One undefined CV (county mean 0) is a null, not a number.
            cvs[ids[1]] = null;
        }

        return new LevelSummary(status, 12, 6_543, cvs, composite ? cvs.Values.Average() : null, status == Status.Pass ? 12 : 10);
    }

    private static Dictionary<Dimension, Status> Dims(Status resources, Status checks) => new()
    {
        [Dimension.ResourcesPrimary] = resources,
        [Dimension.ResourcesJunior] = resources,
        [Dimension.Checks] = checks,
        [Dimension.Vetoes] = Status.Pass,
    };

    /// <summary>Three scored counties (one with a script for a name), and one that did not submit.</summary>
    public static RollupResult Sample()
    {
        RollupRow[] rows =
        [
            new("130102", "长安区", false, Quality("130102", "长安区", Status.Pass, 0.05), Dims(Status.Pass, Status.Pass), 0.0812345678901, 1,
                new RollupChange(0.0934, 2, 0.0812345678901 - 0.0934, 1, Status.Fail, new Dictionary<string, double> { ["primary:multimedia_rooms_per100"] = -0.0213 })),
            new("130104", "桥西区", false, Basic("130104", "桥西区", Status.Fail, 0.30), Dims(Status.Fail, Status.NotAssessed), 0.4211, 3, null),
            new("130105", Cards.ScriptName, false, Quality("130105", Cards.ScriptName, Status.Fail, 0.20), Dims(Status.Fail, Status.Fail), 0.3105, 2,
                new RollupChange(0.2999, 1, 0.3105 - 0.2999, -1, Status.Pass, new Dictionary<string, double>())),
            new("130107", "井陉矿区", true, null, new Dictionary<Dimension, Status>(), null, null,
                new RollupChange(0.2, 3, null, null, Status.Fail, new Dictionary<string, double>())),
        ];
        return new RollupResult(2024, 2023, rows, 4, 1, 2, 1, new Dictionary<Dimension, int>
        {
            [Dimension.ResourcesPrimary] = 1,
            [Dimension.ResourcesJunior] = 1,
            [Dimension.Checks] = 1,
            [Dimension.Vetoes] = 3,
        });
    }

    /// <summary>Many counties (for the histogram and the size of the outputs).</summary>
    public static RollupResult Many(int n)
    {
        var rows = Enumerable.Range(0, n).Select(i =>
        {
            var code = (130000 + i).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var name = "县" + code;
            var pass = i % 3 != 0;
            var card = i % 2 == 0 ? Quality(code, name, pass ? Status.Pass : Status.Fail, 0.02 + 0.0003 * i) : Basic(code, name, pass ? Status.Pass : Status.Fail, 0.1 + 0.0002 * i);
            return new RollupRow(code, name, false, card, Dims(pass ? Status.Pass : Status.Fail, Status.Pass), 0.05 + 0.0001 * i, i + 1, null);
        }).ToArray();
        return new RollupResult(2024, null, rows, n, rows.Count(r => r.Card!.Overall == Status.Pass), rows.Count(r => r.Card!.Overall != Status.Pass), 0,
            new Dictionary<Dimension, int>());
    }
}
