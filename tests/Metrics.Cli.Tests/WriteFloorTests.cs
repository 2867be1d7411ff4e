using Metrics.Cli.Commands;

namespace Metrics.Cli.Tests;

/// <summary>
/// The bench's write floors: they must write exactly what the timed run stored (no more, or the floor is too high and
/// the ratio against it flatters the program; no less, or it is too low), copies linked the way ingest links them.
/// </summary>
public sealed class WriteFloorTests : IDisposable
{
    private readonly DirectoryInfo work = Directory.CreateTempSubdirectory("metrics-write-floor-");

    public void Dispose() => work.Delete(recursive: true);

    private static readonly string Key = new('a', 32);

    /// <summary>A storage folder as ingest leaves it, in miniature: path → content.</summary>
    private static readonly Dictionary<string, string> Stored = new()
    {
        ["submissions/2024/110101/upload.xlsx"] = "XXXXX", // there before the timed run: not the program's to store
        ["status/current/2024/.lease-110101.lock"] = "", // a lease's lock file: a dotfile
        ["reports/2024/110101/history/20240101T000000Z-abcdef01/scorecard.json"] = "AAAA",
        ["reports/2024/110101/scorecard.json"] = "AAAA", // the same county's copy of the history entry: linked
        ["reports/2024/110101/validation.json"] = "BB",
        ["data/2024/110101.json"] = "CCCCCC",
        ["data/summaries/2024/110102.json"] = "AAAA", // same bytes, another county: written
        [$"receipts/{Key}/{Key}.json"] = "DDD",
    };

    private DirectoryInfo Storage()
    {
        var root = work.CreateSubdirectory("stored");
        foreach (var (path, content) in Stored)
        {
            var full = Path.Combine(root.FullName, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, content);
        }

        return root;
    }

    private static Dictionary<string, string> Read(DirectoryInfo root) =>
        Directory.EnumerateFiles(root.FullName, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(root.FullName, f).Replace(Path.DirectorySeparatorChar, '/'), File.ReadAllText);

    private static Dictionary<string, string> Expected =>
        Stored.Where(f => !f.Key.StartsWith("submissions/", StringComparison.Ordinal) && !f.Key.Contains("/.", StringComparison.Ordinal))
            .ToDictionary();

    [Fact]
    public void Capture_CountsTheProgramsFiles_AndTheBytesOfACopyOnce()
    {
        var floor = WriteFloor.Capture(Storage().FullName);

        // Eight files less the upload and the lock file: 6. Bytes: the history entry 4 + validation 2 + data 6
        // + the other county's summary 4 + the receipt 3 = 19; the current scorecard is a link to the entry (not 4 more).
        Assert.Equal(6, floor.Files);
        Assert.Equal(19, floor.Bytes);
    }

    [Fact]
    public async Task Durable_WritesEveryFileAgainThroughTheFolderStore_AndLeavesNoTemporaryFile()
    {
        var floor = WriteFloor.Capture(Storage().FullName);
        var into = work.CreateSubdirectory("durable");

        await floor.DurableAsync(into, CancellationToken.None);

        Assert.Equal(Expected, Read(into));
    }

    [Fact]
    public void Plain_WritesEveryFileAgain()
    {
        var floor = WriteFloor.Capture(Storage().FullName);
        var into = work.CreateSubdirectory("plain");

        floor.Plain(into);

        Assert.Equal(Expected, Read(into));
    }
}
