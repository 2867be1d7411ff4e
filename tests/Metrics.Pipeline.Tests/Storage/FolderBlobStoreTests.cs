using Metrics.Pipeline.Storage;

namespace Metrics.Pipeline.Tests.Storage;

/// <summary>The contract on a fresh temporary folder per test, plus what only a folder can show.</summary>
public sealed class FolderBlobStoreTests : BlobStoreContractTests, IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "metrics-folder-" + Guid.NewGuid().ToString("N"));
    private readonly FolderBlobStore _store;

    public FolderBlobStoreTests() => _store = new FolderBlobStore(_root);

    protected override IBlobStore Store => _store;

    protected override async Task SimulateInterruptedWriteAsync(string path, byte[] partialContent)
    {
        // What WriteAsync leaves if the process dies before the rename: a temp file beside the target.
        var target = Path.Combine([_root, .. path.Split('/')]);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        await File.WriteAllBytesAsync(Path.Combine(Path.GetDirectoryName(target)!, FolderBlobStore.TempPrefix + Guid.NewGuid().ToString("N")), partialContent);
    }

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public void Describe_IsFolderAndAbsoluteRoot()
    {
        Assert.Equal("folder:" + _root, _store.Describe);
        Assert.True(Path.IsPathFullyQualified(_store.Root));
    }

    [Fact]
    public async Task WriteAsync_MapsPathToNestedFilesAndLeavesNoTempFiles()
    {
        await _store.WriteAsync("reports/2024/110101/scorecard.json", "{}"u8.ToArray(), "application/json");
        await _store.WriteAsync("reports/2024/110101/scorecard.json", "{ }"u8.ToArray(), "application/json");
        Assert.True(await _store.TryCreateAsync("receipts/2024/r.json", "{}"u8.ToArray(), "application/json"));
        Assert.False(await _store.TryCreateAsync("receipts/2024/r.json", "{}"u8.ToArray(), "application/json"));

        Assert.Equal("{ }", await File.ReadAllTextAsync(Path.Combine(_root, "reports", "2024", "110101", "scorecard.json")));
        var files = Directory.GetFiles(_root, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(_root, f).Replace('\\', '/'));
        Assert.Equal(["receipts/2024/r.json", "reports/2024/110101/scorecard.json"], files.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ListAsync_SkipsDotfilesFoldersAndForeignNames()
    {
        await _store.WriteAsync("submissions/2024/110101/a.xlsx", "x"u8.ToArray(), "application/octet-stream");
        var county = Path.Combine(_root, "submissions", "2024", "110101");
        await File.WriteAllTextAsync(Path.Combine(county, ".~lock.a.xlsx#"), "lock");
        await File.WriteAllTextAsync(Path.Combine(county, ".DS_Store"), "mac");
        Directory.CreateDirectory(Path.Combine(county, ".git"));
        await File.WriteAllTextAsync(Path.Combine(county, ".git", "x.xlsx"), "hidden");
        Directory.CreateDirectory(Path.Combine(_root, "Not A Container"));
        await File.WriteAllTextAsync(Path.Combine(_root, "Not A Container", "y.xlsx"), "foreign");
        await File.WriteAllTextAsync(Path.Combine(_root, "loose-file-in-root.txt"), "foreign");
        Directory.CreateDirectory(Path.Combine(county, "empty-folder"));

        var listed = new List<string>();
        await foreach (var entry in _store.ListAsync(""))
        {
            listed.Add(entry.Path);
        }

        Assert.Equal(["submissions/2024/110101/a.xlsx"], listed);
    }

    [Fact]
    public async Task Reads_MissingRoot_ReturnNothing()
    {
        var store = new FolderBlobStore(Path.Combine(_root, "never-created"));

        Assert.Null(await store.GetAsync("reports/x.json"));
        await foreach (var entry in store.ListAsync(""))
        {
            Assert.Fail($"unexpected {entry.Path}");
        }
    }

    [Fact]
    public async Task OpenReadAsync_StreamKeepsItsVersionWhenOverwritten()
    {
        await _store.WriteAsync("reports/v.txt", "version one"u8.ToArray(), "text/plain");
        await using var stream = await _store.OpenReadAsync("reports/v.txt");

        await _store.WriteAsync("reports/v.txt", "version two!"u8.ToArray(), "text/plain");

        using var reader = new StreamReader(stream!);
        Assert.Equal("version one", await reader.ReadToEndAsync());
        Assert.Equal("version two!"u8.ToArray(), await _store.ReadAllBytesAsync("reports/v.txt"));
    }

    [Fact]
    public async Task TryCreateAsync_ManyRacesOnFreshPaths_EachHasExactlyOneWinner()
    {
        // A check-then-rename lets several racers "win" now and then (seen in CI: 3 of 20), so
        // this runs many barrier-started races (the old code failed within seconds); receipts and history rely on it.
        for (var round = 0; round < 200; round++)
        {
            var path = $"receipts/race/{round}.json";
            using var start = new ManualResetEventSlim();
            var racers = Enumerable.Range(0, 16).Select(i => Task.Factory.StartNew(
                () =>
                {
                    start.Wait();
                    return _store.TryCreateAsync(path, new[] { (byte)i }, "application/json").GetAwaiter().GetResult();
                },
                CancellationToken.None,
                TaskCreationOptions.LongRunning,
                TaskScheduler.Default)).ToArray();
            start.Set();
            var results = await Task.WhenAll(racers);

            Assert.Equal(1, results.Count(r => r));
            var winner = Array.IndexOf(results, true);
            Assert.Equal(new[] { (byte)winner }, await _store.ReadAllBytesAsync(path));
        }
    }
}
