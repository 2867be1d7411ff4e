namespace Metrics.Infra.Tests;

/// <summary>Paths in the repository under test, found by walking up to <c>Metrics.sln</c>.</summary>
internal static class Repository
{
    private static readonly Lazy<string> RootPath = new(FindRoot);

    public static string Root => RootPath.Value;

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    public static string ReadText(params string[] parts) => File.ReadAllText(PathOf(parts));

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Metrics.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No Metrics.sln above {AppContext.BaseDirectory}.");
    }
}
