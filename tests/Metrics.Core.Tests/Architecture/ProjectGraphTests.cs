using System.Xml.Linq;
using Metrics.Core.Scoring;

namespace Metrics.Core.Tests.Architecture;

/// <summary>
/// The project graph as the .csproj files declare it: the sample generator stays out of the domain
/// and out of the product pipeline, and test code is shared through one support library only.
/// </summary>
public class ProjectGraphTests
{
    private static readonly string Root = FindRoot();

    /// <summary>Every project of the repository by name, with the names of the projects it references directly.</summary>
    private static readonly Dictionary<string, ProjectFile> Projects = Directory
        .EnumerateFiles(Root, "*.csproj", SearchOption.AllDirectories)
        .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
            && !p.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
        .Select(ProjectFile.Load)
        .ToDictionary(p => p.Name, StringComparer.Ordinal);

    [Fact]
    public void CoreAssembly_HasNoSampleGenerator()
    {
        var core = typeof(CountyScorer).Assembly;
        var sampleTypes = core.GetTypes()
            .Where(t => (t.Namespace?.Contains(".Samples", StringComparison.Ordinal) ?? false)
                || t.Name.StartsWith("Sample", StringComparison.Ordinal))
            .Select(t => t.FullName)
            .ToArray();

        Assert.Empty(sampleTypes);
        Assert.False(Directory.Exists(Path.Combine(Root, "functions", "Metrics.Core", "Samples")));
    }

    [Fact]
    public void CoreAssembly_DeclaresNoWorkbookTypes()
    {
        // Sheets, columns and cells are the Excel adapter's vocabulary (Metrics.Excel.Schema);
        // Core speaks of schools, indicators and checks.
        string[] excelWords = ["Workbook", "Worksheet", "Sheet", "Excel", "Xlsx", "Template"];
        var core = typeof(CountyScorer).Assembly;
        var offending = core.GetTypes()
            .Where(t => !t.IsNested && excelWords.Any(w => t.Name.Contains(w, StringComparison.Ordinal)
                || (t.Namespace?.Contains(w, StringComparison.Ordinal) ?? false)))
            .Select(t => t.FullName)
            .ToArray();

        Assert.Empty(offending);
        Assert.DoesNotContain("Metrics.Excel", Projects["Metrics.Core"].References);
        Assert.DoesNotContain("Metrics.Samples", Projects["Metrics.Core"].References);
    }

    [Fact]
    public void TheProjectGraph_IsRead()
    {
        // Guards the tests below against passing on an empty or partial graph.
        Assert.Contains("Metrics.Pipeline", Projects["Metrics.Cli"].References);
        Assert.Contains("Metrics.Excel", Projects["Metrics.Samples"].References);
        Assert.All(
            new[] { "Metrics.Core", "Metrics.Excel", "Metrics.Reports", "Metrics.Pipeline", "Metrics.Functions", "Metrics.Cli", "Metrics.Samples", "Metrics.TestSupport" },
            name => Assert.True(Projects.ContainsKey(name), name));
    }

    [Fact]
    public void SampleGenerator_IsReferencedByNoProductProjectButTheCli()
    {
        // Samples draws synthetic counties; the pipeline that scores real uploads must not be able
        // to reach it, not even through another project.
        var products = Projects.Values.Where(p => !p.IsUnderTests).ToArray();
        var direct = products.Where(p => p.References.Contains("Metrics.Samples")).Select(p => p.Name).ToArray();
        Assert.Equal(["Metrics.Cli"], direct);

        foreach (var name in new[] { "Metrics.Core", "Metrics.Excel", "Metrics.Reports", "Metrics.Pipeline", "Metrics.Functions" })
        {
            Assert.DoesNotContain("Metrics.Samples", Reachable(name));
        }
    }

    [Fact]
    public void TestSupport_IsReferencedOnlyByTestProjects()
    {
        var referrers = Projects.Values.Where(p => p.References.Contains("Metrics.TestSupport")).ToArray();

        Assert.NotEmpty(referrers);
        Assert.All(referrers, p => Assert.True(p.IsUnderTests && p.Name.EndsWith(".Tests", StringComparison.Ordinal), p.Name));
        Assert.All(Projects.Values.Where(p => !p.IsUnderTests), p => Assert.DoesNotContain("Metrics.TestSupport", Reachable(p.Name)));
    }

    [Fact]
    public void TestProjects_ShareCodeOnlyThroughTestSupport()
    {
        // No test project references another, and none compiles another's files by a link.
        foreach (var project in Projects.Values.Where(p => p.IsUnderTests))
        {
            Assert.DoesNotContain(project.References, r => r.EndsWith(".Tests", StringComparison.Ordinal));
            Assert.Empty(project.LinkedFromOtherProjects);
        }
    }

    private static HashSet<string> Reachable(string name)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>(Projects[name].References);
        while (pending.TryPop(out var next))
        {
            if (seen.Add(next) && Projects.TryGetValue(next, out var project))
            {
                foreach (var reference in project.References)
                {
                    pending.Push(reference);
                }
            }
        }

        return seen;
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

    private sealed record ProjectFile(string Name, bool IsUnderTests, IReadOnlyList<string> References, IReadOnlyList<string> LinkedFromOtherProjects)
    {
        public static ProjectFile Load(string path)
        {
            var doc = XDocument.Load(path);
            var references = doc.Descendants("ProjectReference")
                .Select(e => Path.GetFileNameWithoutExtension(((string?)e.Attribute("Include") ?? "").Replace('\\', '/')))
                .ToArray();

            // A Compile item that climbs out of its own folder compiles another project's source.
            var linked = doc.Descendants("Compile")
                .Select(e => ((string?)e.Attribute("Include") ?? "").Replace('\\', '/'))
                .Where(include => include.StartsWith("../", StringComparison.Ordinal))
                .ToArray();

            var relative = Path.GetRelativePath(Root, path).Replace('\\', '/');
            return new ProjectFile(Path.GetFileNameWithoutExtension(path), relative.StartsWith("tests/", StringComparison.Ordinal), references, linked);
        }
    }
}
