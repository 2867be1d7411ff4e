using System.Text;
using Metrics.Pipeline.Storage;

namespace Metrics.Pipeline.Tests.Storage;

/// <summary>
/// The behaviour every <see cref="IBlobStore"/> must have; run against each adapter by a subclass.
/// Each test works under its own unique folder ("reports/t-{id}/...") so tests can share one Azurite.
/// </summary>
public abstract class BlobStoreContractTests
{
    private const string Json = "application/json";

    /// <summary>A per-test unique segment.</summary>
    protected string Id { get; } = "t-" + Guid.NewGuid().ToString("N")[..12];

    protected abstract IBlobStore Store { get; }

    /// <summary>Leaves what an interrupted write of <paramref name="path"/> would leave behind (temp file, uncommitted blocks).</summary>
    protected abstract Task SimulateInterruptedWriteAsync(string path, byte[] partialContent);

    private string P(string name) => $"reports/{Id}/{name}";

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    private async Task<List<BlobEntry>> ListAsync(string prefix)
    {
        var result = new List<BlobEntry>();
        await foreach (var entry in Store.ListAsync(prefix))
        {
            result.Add(entry);
        }

        return result;
    }

    [Fact]
    public async Task WriteAsync_ThenRead_RoundTripsContentAndProperties()
    {
        var path = P("2024/110101/scorecard.json");
        var content = Bytes("{\"schemaVersion\":1,\"name\":\"东城区\"}");

        await Store.WriteAsync(path, content, Json);

        Assert.Equal(content, await Store.ReadAllBytesAsync(path));
        await using (var stream = await Store.OpenReadAsync(path))
        {
            Assert.NotNull(stream);
            using var copy = new MemoryStream();
            await stream.CopyToAsync(copy);
            Assert.Equal(content, copy.ToArray());
        }

        var entry = await Store.GetAsync(path);
        Assert.NotNull(entry);
        Assert.Equal(path, entry.Path);
        Assert.Equal(content.Length, entry.Length);
        Assert.False(string.IsNullOrEmpty(entry.ETag));
        Assert.InRange(entry.LastModified, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(5));
    }

    [Fact]
    public async Task WriteAsync_EmptyAndLargeContent_RoundTrip()
    {
        var large = new byte[3 * 1024 * 1024 + 17];
        new Random(42).NextBytes(large);

        await Store.WriteAsync(P("empty.bin"), ReadOnlyMemory<byte>.Empty, "application/octet-stream");
        await Store.WriteAsync(P("large.bin"), large, "application/octet-stream");

        Assert.Equal(Array.Empty<byte>(), await Store.ReadAllBytesAsync(P("empty.bin")));
        Assert.Equal(0, (await Store.GetAsync(P("empty.bin")))!.Length);
        Assert.Equal(large, await Store.ReadAllBytesAsync(P("large.bin")));
        Assert.Equal(large.Length, (await Store.GetAsync(P("large.bin")))!.Length);
    }

    [Fact]
    public async Task WriteAsync_ExistingBlob_OverwritesAndChangesETag()
    {
        var path = P("status.json");
        await Store.WriteAsync(path, Bytes("old old old"), Json);
        var before = await Store.GetAsync(path);

        await Store.WriteAsync(path, Bytes("new"), Json);

        Assert.Equal(Bytes("new"), await Store.ReadAllBytesAsync(path));
        var after = await Store.GetAsync(path);
        Assert.Equal(3, after!.Length);
        Assert.NotEqual(before!.ETag, after.ETag);
        Assert.Single(await ListAsync(P("")));
    }

    [Fact]
    public async Task Reads_MissingBlobOrContainer_ReturnNullAndDeleteReturnsFalse()
    {
        string[] missing = [P("nothing.json"), $"nosuch-{Id}/x/y.json"];
        foreach (var path in missing)
        {
            Assert.Null(await Store.GetAsync(path));
            Assert.Null(await Store.ReadAllBytesAsync(path));
            Assert.Null(await Store.OpenReadAsync(path));
            Assert.False(await Store.DeleteAsync(path));
        }

        Assert.Empty(await ListAsync($"nosuch-{Id}/"));
        Assert.Empty(await ListAsync($"nosuch-{Id}"));
    }

    [Fact]
    public async Task Reads_PathThatIsOnlyAFolderPrefix_ReturnNull()
    {
        await Store.WriteAsync(P("a/b/c.json"), Bytes("c"), Json);

        Assert.Null(await Store.GetAsync(P("a/b")));
        Assert.Null(await Store.ReadAllBytesAsync(P("a/b")));
        Assert.Null(await Store.OpenReadAsync(P("a")));
        Assert.False(await Store.DeleteAsync(P("a/b")));
        Assert.Equal(Bytes("c"), await Store.ReadAllBytesAsync(P("a/b/c.json")));
    }

    [Fact]
    public async Task TryCreateAsync_Twice_TrueThenFalseAndContentUnchanged()
    {
        var path = $"receipts/{Id}/submissions/2024/110101/a.xlsx/0x8DC1";

        Assert.True(await Store.TryCreateAsync(path, Bytes("first"), Json));
        var entry = await Store.GetAsync(path);
        Assert.False(await Store.TryCreateAsync(path, Bytes("second, longer"), Json));

        Assert.Equal(Bytes("first"), await Store.ReadAllBytesAsync(path));
        Assert.Equal(entry, await Store.GetAsync(path));
        Assert.Single(await ListAsync($"receipts/{Id}/"));
    }

    [Fact]
    public async Task WriteLikeAsync_TargetHoldsTheContent_AndEachNameKeepsItsOwnContentAfterward()
    {
        var history = P("history/2024-01-01T000000Z-abcdef12/scorecard.json");
        var current = P("scorecard.json");
        var content = Bytes("{\"cv\":0.42}");
        Assert.True(await Store.TryCreateAsync(history, content, Json));
        await Store.WriteAsync(current, Bytes("the previous upload's"), Json);

        await Store.WriteLikeAsync(current, history, content, Json);

        Assert.Equal(content, await Store.ReadAllBytesAsync(current));
        Assert.Equal(content.Length, (await Store.GetAsync(current))!.Length);

        // Replacing the current file leaves the history entry as it was, and the other way round for a delete.
        await Store.WriteAsync(current, Bytes("the next upload's"), Json);
        Assert.Equal(content, await Store.ReadAllBytesAsync(history));
        await Store.WriteLikeAsync(current, history, content, Json);
        Assert.True(await Store.DeleteAsync(history));
        Assert.Equal(content, await Store.ReadAllBytesAsync(current));

        // The source gone: the content is written.
        await Store.WriteLikeAsync(P("other.json"), history, content, Json);
        Assert.Equal(content, await Store.ReadAllBytesAsync(P("other.json")));
        Assert.Equal([P("other.json"), current], (await ListAsync(P(""))).Select(e => e.Path));
    }

    [Fact]
    public async Task TryCreateAsync_TwentyConcurrentCallers_ExactlyOneWins()
    {
        var path = P("history/20240601T000000Z-abcdef12/scorecard.json");
        using var start = new ManualResetEventSlim();
        var tasks = Enumerable.Range(0, 20)
            .Select(i => Task.Run(async () =>
            {
                start.Wait();
                return (Caller: i, Created: await Store.TryCreateAsync(path, Bytes($"caller {i}"), Json));
            }))
            .ToArray();
        start.Set();
        var results = await Task.WhenAll(tasks);

        var winner = Assert.Single(results, r => r.Created);
        Assert.Equal(Bytes($"caller {winner.Caller}"), await Store.ReadAllBytesAsync(path));
        Assert.Single(await ListAsync(P("")));
    }

    [Fact]
    public async Task WriteAsync_ConcurrentWithReaders_ReadersSeeOnlyWholeVersions()
    {
        var path = P("data.json");
        var versions = new[] { new byte[200_000], new byte[300_000] };
        Array.Fill(versions[0], (byte)'a');
        Array.Fill(versions[1], (byte)'b');
        await Store.WriteAsync(path, versions[0], Json);

        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        var writer = Task.Run(async () =>
        {
            for (var i = 1; !stop.IsCancellationRequested; i++)
            {
                await Store.WriteAsync(path, versions[i % 2], Json);
            }
        });
        var readers = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            var reads = 0;
            while (!stop.IsCancellationRequested)
            {
                var bytes = await Store.ReadAllBytesAsync(path);
                Assert.NotNull(bytes);
                Assert.True(bytes.AsSpan().SequenceEqual(versions[0]) || bytes.AsSpan().SequenceEqual(versions[1]),
                    $"read {bytes.Length} bytes that are neither whole version");
                reads++;
            }

            return reads;
        })).ToArray();

        await writer;
        Assert.All(await Task.WhenAll(readers), reads => Assert.True(reads > 0));
    }

    [Fact]
    public async Task ListAsync_Prefix_ReturnsMatchesOnlySortedOrdinally()
    {
        string[] names =
        [
            "z.json", "a/b.json", "a-b.json", "a.json", "B.json", "b/c/d/e.json", "x1.json", "x/2.json", "东城区.xlsx", "x.json", "a/b/c.json",
        ];
        foreach (var name in names.Reverse())
        {
            await Store.WriteAsync(P(name), Bytes(name), Json);
        }

        await Store.WriteAsync($"data/{Id}/outside.json", Bytes("outside"), Json);
        await Store.WriteAsync($"reports/{Id}-other/outside.json", Bytes("outside"), Json);

        var all = await ListAsync(P(""));
        var expected = names.Select(P).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expected, all.Select(e => e.Path));
        Assert.All(all, e => Assert.Equal(Encoding.UTF8.GetByteCount(e.Path[(P("").Length)..]), e.Length));

        // A partial last segment is a plain string prefix.
        Assert.Equal([P("x.json"), P("x/2.json"), P("x1.json")], (await ListAsync(P("x"))).Select(e => e.Path));
        Assert.Equal([P("x/2.json")], (await ListAsync(P("x/"))).Select(e => e.Path));
        Assert.Equal([P("a/b.json"), P("a/b/c.json")], (await ListAsync(P("a/b"))).Select(e => e.Path));
        Assert.Equal([P("b/c/d/e.json")], (await ListAsync(P("b/c/d/"))).Select(e => e.Path));
        Assert.Empty(await ListAsync(P("b/c/d/e.json/")));

        // The entries agree with GetAsync.
        foreach (var entry in all)
        {
            Assert.Equal(entry, await Store.GetAsync(entry.Path));
        }
    }

    [Fact]
    public async Task ListAsync_PrefixWithoutSlash_MatchesContainerNames()
    {
        var stem = "c" + Id[2..10]; // unique container stem
        await Store.WriteAsync($"{stem}-b/x.json", Bytes("b"), Json);
        await Store.WriteAsync($"{stem}/y/z.json", Bytes("root"), Json);
        await Store.WriteAsync($"{stem}-a/x.json", Bytes("a"), Json);

        var paths = (await ListAsync(stem)).Select(e => e.Path).ToList();

        // Ordinal on the whole path: '-' (0x2D) sorts before '/' (0x2F).
        Assert.Equal([$"{stem}-a/x.json", $"{stem}-b/x.json", $"{stem}/y/z.json"], paths);
        Assert.Equal([$"{stem}-a/x.json"], (await ListAsync($"{stem}-a")).Select(e => e.Path));
    }

    private async Task<List<string>> FoldersAsync(string prefix)
    {
        var result = new List<string>();
        await foreach (var folder in Store.ListFoldersAsync(prefix))
        {
            result.Add(folder);
        }

        return result;
    }

    [Fact]
    public async Task ListFoldersAsync_OneLevel_OnlyFoldersHoldingBlobs_SortedOrdinally()
    {
        foreach (var name in new[] { "2024/110101.json", "2023/110101.json", "2023/120101.json", "2025/sub/deep.json", "top.json", "2022/x.json", "2022-b/x.json" })
        {
            await Store.WriteAsync(P(name), Bytes(name), Json);
        }

        await Store.DeleteAsync(P("2022/x.json"));
        await SimulateInterruptedWriteAsync(P("2026/partial.json"), Bytes("half"));

        // 2022 was emptied and 2026 holds only a write that never finished: neither is a folder of blobs.
        // Ordinal: "2022-b/" ('-' is 0x2D) sorts before "2023/".
        Assert.Equal([P("2022-b/"), P("2023/"), P("2024/"), P("2025/")], await FoldersAsync(P("")));
        Assert.Equal([P("2025/sub/")], await FoldersAsync(P("2025/")));
        Assert.Empty(await FoldersAsync(P("2024/")));
        Assert.Empty(await FoldersAsync($"nosuch-{Id}/"));
        Assert.Empty(await FoldersAsync(P("nosuch/")));
    }

    [Theory]
    [InlineData("reports")]
    [InlineData("reports/2024")]
    [InlineData("../x/")]
    [InlineData("Reports/")]
    public void ListFoldersAsync_NotAFolderPrefix_ThrowsWhenCalled(string prefix)
    {
        Assert.ThrowsAny<ArgumentException>(() => Store.ListFoldersAsync(prefix));
    }

    [Fact]
    public async Task InterruptedWrite_IsNeverListedOrReadAsCurrent()
    {
        var existing = P("scorecard.json");
        var fresh = P("new.json");
        await Store.WriteAsync(existing, Bytes("whole old version"), Json);

        await SimulateInterruptedWriteAsync(existing, Bytes("half of a new"));
        await SimulateInterruptedWriteAsync(fresh, Bytes("half"));

        Assert.Equal([existing], (await ListAsync(P(""))).Select(e => e.Path));
        Assert.Equal(Bytes("whole old version"), await Store.ReadAllBytesAsync(existing));
        Assert.Equal(17, (await Store.GetAsync(existing))!.Length);
        Assert.Null(await Store.GetAsync(fresh));
        Assert.Null(await Store.ReadAllBytesAsync(fresh));

        // A later complete write replaces the leftovers. (Not TryCreateAsync: Azurite 3.35, unlike Azure, counts
        // uncommitted blocks as an existing blob for If-None-Match: *.)
        await Store.WriteAsync(fresh, Bytes("whole"), Json);
        Assert.Equal(Bytes("whole"), await Store.ReadAllBytesAsync(fresh));
        Assert.Equal([fresh, existing], (await ListAsync(P(""))).Select(e => e.Path));
    }

    [Fact]
    public async Task DeleteAsync_ExistingBlob_RemovesItOnce()
    {
        var path = P("validation.json");
        var sibling = P("validation.xlsx");
        await Store.WriteAsync(path, Bytes("{}"), Json);
        await Store.WriteAsync(sibling, Bytes("xlsx"), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");

        Assert.True(await Store.DeleteAsync(path));
        Assert.False(await Store.DeleteAsync(path));

        Assert.Null(await Store.GetAsync(path));
        Assert.Null(await Store.ReadAllBytesAsync(path));
        Assert.Equal([sibling], (await ListAsync(P(""))).Select(e => e.Path));
        Assert.True(await Store.TryCreateAsync(path, Bytes("again"), Json));
    }

    public static TheoryData<string> InvalidPaths() =>
    [
        "../x", "reports//x", "Reports/x", "/reports/x", "reports\\x", "reports/./x", "reports/../x", "reports/x/",
        "reports", "", "re/x", "-reports/x", "rep--orts/x", "reports/a\u0001b", "reports/.hidden", "reports/x.",
        "reports/a:b", "C:/x", "reports/" + new string('x', 256),
    ];

    [Fact]
    public async Task EveryMethod_UnpairedSurrogate_ThrowsArgumentException()
    {
        // Built at run time: xUnit turns a lone surrogate in theory data into U+FFFD.
        var path = "reports/" + new string((char)0xD800, 1) + "x";
        await EveryMethod_InvalidPath_ThrowsArgumentException(path);
    }

    [Theory]
    [MemberData(nameof(InvalidPaths))]
    public async Task EveryMethod_InvalidPath_ThrowsArgumentException(string path)
    {
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.GetAsync(path));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.ReadAllBytesAsync(path));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.OpenReadAsync(path));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.WriteAsync(path, Bytes("x"), Json));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.TryCreateAsync(path, Bytes("x"), Json));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.DeleteAsync(path));
    }

    [Theory]
    [InlineData("../x")]
    [InlineData("reports//x")]
    [InlineData("Reports/x")]
    [InlineData("Reports")]
    [InlineData("reports/.tmp-")]
    [InlineData("reports/a\\b")]
    public void ListAsync_InvalidPrefix_ThrowsWhenCalled(string prefix)
    {
        Assert.ThrowsAny<ArgumentException>(() => Store.ListAsync(prefix));
    }

    [Fact]
    public void Describe_NamesTheLocationWithoutSecrets()
    {
        Assert.Matches("^(folder|blob):", Store.Describe);
        Assert.DoesNotContain("AccountKey", Store.Describe, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Eby8vdM02", Store.Describe, StringComparison.Ordinal);
        Assert.DoesNotContain("sig=", Store.Describe, StringComparison.OrdinalIgnoreCase);
    }
}
