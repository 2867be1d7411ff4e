using System.Text.RegularExpressions;
using Metrics.Core.Model;
using Metrics.Excel.Reading;
using Metrics.Excel.Tests.Builders;

namespace Metrics.Excel.Tests.Reading;

/// <summary>The issue-code catalog: every code declared once with its severities and meaning, and every raise consistent with it.</summary>
public partial class IssueCodesTests
{
    public static TheoryData<string> AllIds => new(IssueCodes.All);

    [Theory]
    [MemberData(nameof(AllIds))]
    public void EveryId_IsDeclaredOnceWithASeverityAndABilingualMeaning(string id)
    {
        var code = IssueCodes.Get(id);
        Assert.Single(IssueCodes.Catalog, c => c.Id == id);
        Assert.Matches("^[a-z][a-z_]*[a-z]$", id);
        Assert.NotEmpty(code.Severities);
        Assert.Equal(code.Severities.Count, code.Severities.Distinct().Count());
        Assert.False(string.IsNullOrWhiteSpace(code.MeaningZh));
        Assert.False(string.IsNullOrWhiteSpace(code.MeaningEn));
    }

    [Fact]
    public void EveryConstant_IsInTheCatalog()
    {
        var constants = typeof(IssueCodes).GetFields().Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!).ToArray();

        Assert.Equal(constants.Order(), IssueCodes.All.Order());
    }

    [Fact]
    public void EveryRaiseInTheSource_UsesADeclaredCodeWithADeclaredSeverity()
    {
        // Scans the reader and pipeline sources: "Severity.X, IssueCodes.Y" must agree with the
        // catalog, and no issue is raised with a string literal for its code.
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "Metrics.sln")))
        {
            root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("Metrics.sln not found above the test assembly.");
        }

        var files = new[] { "Metrics.Excel", "Metrics.Pipeline" }
            .SelectMany(p => Directory.EnumerateFiles(Path.Combine(root, "functions", p), "*.cs", SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToArray();
        var raises = 0;
        foreach (var file in files)
        {
            var text = File.ReadAllText(file);
            foreach (Match m in Raise().Matches(text))
            {
                raises++;
                var severity = Enum.Parse<Severity>(m.Groups[1].Value);
                var id = (string)typeof(IssueCodes).GetField(m.Groups[2].Value)!.GetRawConstantValue()!;
                Assert.True(IssueCodes.Get(id).Severities.Contains(severity), $"{Path.GetFileName(file)}: {id} raised as {severity}");
            }

            Assert.DoesNotMatch(LiteralRaise(), text);
        }

        Assert.True(raises > 40, $"only {raises} raises found: the scan pattern no longer matches the code");
    }

    [Theory]
    [MemberData(nameof(BadWorkbookCorpusTests.CaseNames), MemberType = typeof(BadWorkbookCorpusTests))]
    public void EveryIssueOfTheBadCorpus_IsDeclaredWithItsSeverity(string name)
    {
        var result = WorkbookReaderTests.ReadBytes(TestFiles.Read("bad", name + ".xlsx"));

        Assert.All(result.Issues, i => Assert.True(IssueCodes.TryGet(i.Code, out var c) && c.Severities.Contains(i.Severity), $"{i.Code} {i.Severity}"));
    }

    [GeneratedRegex(@"Severity\.(Error|Warning), IssueCodes\.(\w+)")]
    private static partial Regex Raise();

    [GeneratedRegex(@"new ValidationIssue\(Severity\.\w+, """)]
    private static partial Regex LiteralRaise();
}
