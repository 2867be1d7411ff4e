using System.Xml.Linq;

namespace Metrics.Core.Tests.Architecture;

/// <summary>
/// The build policy every project inherits (Directory.Build.props): code style checked by the
/// compiler, unused usings and banned symbols as errors, and the clock and environment reads banned.
/// </summary>
public class BuildPolicyTests
{
    private static readonly string Root = FindRoot();

    [Fact]
    public void Props_EnforceCodeStyle_AndMakeUnusedUsingsAndBannedSymbolsErrors()
    {
        var props = XDocument.Load(Path.Combine(Root, "Directory.Build.props"));
        string? Property(string name) => props.Descendants(name).Select(e => e.Value).LastOrDefault();

        Assert.Equal("true", Property("EnforceCodeStyleInBuild"));
        Assert.Equal("true", Property("TreatWarningsAsErrors"));
        // IDE0005 is reported by the build only with a documentation file.
        Assert.Equal("true", Property("GenerateDocumentationFile"));
        var errors = (Property("WarningsAsErrors") ?? "").Split(';', StringSplitOptions.TrimEntries);
        Assert.Contains("IDE0005", errors);
        Assert.Contains("RS0030", errors);
        Assert.Contains(props.Descendants("PackageReference"), e => (string?)e.Attribute("Include") == "Microsoft.CodeAnalysis.BannedApiAnalyzers");
        Assert.Contains(props.Descendants("AdditionalFiles"), e => ((string?)e.Attribute("Include") ?? "").EndsWith("BannedSymbols.txt", StringComparison.Ordinal));
    }

    [Fact]
    public void BannedSymbols_CoverTheClockAndTheEnvironment()
    {
        var banned = File.ReadAllLines(Path.Combine(Root, "functions", "BannedSymbols.txt"))
            .Select(l => l.Split(';')[0].Trim())
            .Where(l => l.Length > 0)
            .ToHashSet(StringComparer.Ordinal);

        string[] required =
        [
            "P:System.DateTime.Now", "P:System.DateTime.UtcNow", "P:System.DateTimeOffset.Now", "P:System.DateTimeOffset.UtcNow",
            "P:System.TimeProvider.System", "M:System.Environment.GetEnvironmentVariable(System.String)",
        ];
        Assert.All(required, symbol => Assert.Contains(symbol, banned));
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
}
