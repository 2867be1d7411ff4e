using System.Text.RegularExpressions;

namespace Metrics.Core.Tests.Architecture;

/// <summary>
/// Logging across the product, read from the source of every product project: each assembly that
/// logs declares its events in one <c>Log.cs</c> (source-generated <c>[LoggerMessage]</c>) with an
/// event id unique across the product; nothing logs through ad-hoc <c>logger.LogX("…")</c> calls; and
/// the events carry only opaque identifiers, never a school's name or who called.
/// </summary>
public partial class LogEventTests
{
    private static readonly string Functions = Path.Combine(FindRoot(), "functions");

    /// <summary>Every product source file (generated files under obj/ excluded), by project folder.</summary>
    private static readonly (string Project, string File, string Text)[] Sources = Directory
        .EnumerateFiles(Functions, "*.cs", SearchOption.AllDirectories)
        .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
            && !p.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
        .Select(p => (Path.GetRelativePath(Functions, p).Split(Path.DirectorySeparatorChar)[0], Path.GetRelativePath(Functions, p), File.ReadAllText(p)))
        .ToArray();

    /// <summary>
    /// The properties an event may carry. Each is an opaque identifier or a count: county codes (public
    /// administrative codes), school years, storage paths (county code and upload time), outcomes.
    /// A new one is added here on purpose, after checking it names no person and no school.
    /// </summary>
    private static readonly HashSet<string> AllowedProperties = new(StringComparer.Ordinal)
    {
        "County", "SchoolYear", "Path", "BlobPath", "Overall", "Errors", "Attempt", "Attempts", "Reason",
        "Counties", "Passing", "Missing", "Result", "Detail", "Trigger", "PastDue", "Operation", "StatusCode", "Next",
    };

    private static IEnumerable<(string Project, string File, int Id, string Message)> Events() =>
        Sources.SelectMany(s => LoggerMessage().Matches(s.Text).Select(m => (
            s.Project,
            s.File,
            EventId().Match(m.Value) is { Success: true } id ? int.Parse(id.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : 0,
            MessageText().Match(m.Value).Groups[1].Value)));

    [Fact]
    public void EveryEvent_IsInItsAssemblysOneLogClass_WithAnIdUniqueAcrossTheProduct()
    {
        var events = Events().ToArray();

        // Functions (5), Pipeline (13) and Cli (2) log today; the walk must find them all.
        Assert.True(events.Length >= 20, $"only {events.Length} [LoggerMessage] declarations found under {Functions}");
        Assert.All(events, e => Assert.True(Path.GetFileName(e.File) == "Log.cs", $"{e.File}: '{e.Message}' is declared outside the project's Log.cs"));
        Assert.All(events, e => Assert.True(e.Id > 0, $"{e.File}: '{e.Message}' has no EventId"));
        var duplicates = events.GroupBy(e => e.Id).Where(g => g.Count() > 1).Select(g => $"{g.Key}: {string.Join(", ", g.Select(e => e.File))}").ToArray();
        Assert.Empty(duplicates);
        // One Log class per assembly: one Log.cs per project folder that logs.
        foreach (var project in events.GroupBy(e => e.Project))
        {
            Assert.Single(project.Select(e => e.File).Distinct());
        }
    }

    [Fact]
    public void NothingLogs_ThroughAdHocCalls()
    {
        var adHoc = Sources
            .SelectMany(s => AdHocCall().Matches(s.Text).Select(m => $"{s.File}: {m.Value}"))
            .ToArray();

        Assert.Empty(adHoc);
    }

    [Fact]
    public void Events_CarryNoPersonalData()
    {
        var properties = Events()
            .SelectMany(e => Property().Matches(e.Message).Select(p => (e.File, Name: p.Groups[1].Value)))
            .Where(p => !AllowedProperties.Contains(p.Name))
            .Select(p => $"{p.File}: {{{p.Name}}}")
            .ToArray();

        Assert.Empty(properties);
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Metrics.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Metrics.sln not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"\[LoggerMessage\([^\]]*\)\]")]
    private static partial Regex LoggerMessage();

    [GeneratedRegex(@"EventId\s*=\s*([0-9]+)")]
    private static partial Regex EventId();

    [GeneratedRegex(@"Message\s*=\s*""((?:[^""\\]|\\.)*)""")]
    private static partial Regex MessageText();

    [GeneratedRegex(@"\{([A-Za-z_][A-Za-z0-9_]*)(?:[:,][^}]*)?\}")]
    private static partial Regex Property();

    [GeneratedRegex(@"\.Log(?:Trace|Debug|Information|Warning|Error|Critical)\s*\(|\.Log\s*\(\s*LogLevel\.")]
    private static partial Regex AdHocCall();
}
