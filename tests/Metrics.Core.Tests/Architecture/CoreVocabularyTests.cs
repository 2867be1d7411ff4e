using Metrics.Excel.Schema;

namespace Metrics.Core.Tests.Architecture;

/// <summary>
/// Core speaks the domain, not the workbook: no sheet name of the county workbook appears in its
/// source as a string of its own. Where Core reports a location it uses what the reader recorded
/// (a school's <c>SourceSheet</c>), so renaming a sheet is one edit in the Excel layer.
/// </summary>
public class CoreVocabularyTests
{
    [Fact]
    public void CoreSource_HasNoWorkbookSheetNameLiteral()
    {
        var core = Path.Combine(FindRoot(), "functions", "Metrics.Core");
        // The Chinese names: the English ones ("Schools", "County") are ordinary words of the domain too.
        var names = WorkbookSchema.Sheets.Select(s => s.NameZh).ToArray();

        var hits = Directory.EnumerateFiles(core, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => names.Where(n => File.ReadAllText(f).Contains('"' + n + '"', StringComparison.Ordinal)).Select(n => $"{Path.GetFileName(f)}: \"{n}\""))
            .ToArray();

        Assert.NotEmpty(names);
        Assert.Empty(hits);
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
