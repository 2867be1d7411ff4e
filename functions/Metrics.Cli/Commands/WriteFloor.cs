using System.Diagnostics;
using Metrics.Pipeline;
using Metrics.Pipeline.Hosting;
using Metrics.Pipeline.Storage;

namespace Metrics.Cli.Commands;

/// <summary>
/// The output side's floor for <c>bench score</c>: the files a timed run wrote, written again with no
/// computing at all. The unzip floor says what reading the uploads costs; this says what storing the
/// results costs, so a program's time less the floors is what its computing costs.
/// The files' bytes are read once (setup, not timed); each round writes them afresh into a new folder.
/// </summary>
internal sealed class WriteFloor
{
    /// <summary>One file to write: its path under the folder, its bytes, and the earlier path it is linked to, if a copy.</summary>
    private readonly record struct Stored(string Path, byte[] Bytes, string? SameAs);

    private readonly Stored[][] groups;

    private WriteFloor(Stored[][] groups)
    {
        this.groups = groups;
        Files = groups.Sum(g => g.Length);
        Bytes = groups.Sum(g => g.Where(f => f.SameAs is null).Sum(f => (long)f.Bytes.Length));
    }

    /// <summary>How many files each round writes.</summary>
    public int Files { get; }

    /// <summary>How many bytes each round writes (a file linked to one before it counts once).</summary>
    public long Bytes { get; }

    /// <summary>
    /// Every file under <paramref name="root"/> except dotfiles (temporary files, leases) and, in a storage folder,
    /// the uploads (they were there before the timed run), grouped by county (<see cref="StorageLayout.TryParse"/>;
    /// any other file by its folder) in path order. In a group, a file with the same bytes as one before it is
    /// linked to that one rather than written, as ingest links a county's current outputs to its history entry.
    /// </summary>
    public static WriteFloor Capture(string root)
    {
        var groups = new SortedDictionary<string, List<Stored>>(StringComparer.Ordinal);
        var files = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(root, f).Replace(Path.DirectorySeparatorChar, '/'))
            .Where(p => !p.Split('/').Any(s => s.StartsWith('.')) && !p.StartsWith(StorageLayout.Submissions + "/", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);
        foreach (var path in files)
        {
            var at = StorageLayout.TryParse(path) is { County: { } county } p ? p.Year + "/" + county : path[..Math.Max(0, path.LastIndexOf('/'))];
            if (!groups.TryGetValue(at, out var group))
            {
                groups[at] = group = [];
            }

            var bytes = File.ReadAllBytes(Path.Combine(root, path));
            var same = group.Find(f => f.SameAs is null && f.Bytes.AsSpan().SequenceEqual(bytes)).Path;
            group.Add(new Stored(path, bytes, same));
        }

        return new WriteFloor(groups.Values.Select(g => g.ToArray()).ToArray());
    }

    /// <summary>
    /// Plain files (create, write, close) on every core, as <c>metrics score</c> writes its outputs: the write-back to
    /// disk is left to the kernel, as it is after <c>score</c> exits.
    /// </summary>
    public double Plain(DirectoryInfo into)
    {
        var sw = Stopwatch.StartNew();
        Parallel.ForEach(groups, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, group =>
        {
            foreach (var (path, bytes, _) in group)
            {
                var full = Path.Combine(into.FullName, path);
                Directory.CreateDirectory(Path.GetDirectoryName(full)!);
                File.WriteAllBytes(full, bytes);
            }
        });
        return sw.Elapsed.TotalSeconds;
    }

    /// <summary>
    /// Through <see cref="FolderBlobStore"/> as ingest stores them (each file a temporary file flushed to disk and renamed
    /// into place; a copy linked), as many counties at once as ingest processes uploads (<see cref="IngestOptions.Parallelism"/>).
    /// A county's files are all written at once, then its linked copies, so no ordering ingest keeps (the history entry
    /// before the current files, the status last) makes the floor slower than ingest could be.
    /// </summary>
    public async Task<double> DurableAsync(DirectoryInfo into, CancellationToken ct)
    {
        var store = new FolderBlobStore(into.FullName);
        var sw = Stopwatch.StartNew();
        await Parallel.ForEachAsync(groups, new ParallelOptions { MaxDegreeOfParallelism = new IngestOptions().Parallelism, CancellationToken = ct }, async (group, token) =>
        {
            await Task.WhenAll(group.Where(f => f.SameAs is null).Select(f => store.WriteAsync(f.Path, f.Bytes, "application/octet-stream", token)));
            await Task.WhenAll(group.Where(f => f.SameAs is not null).Select(f => store.WriteLikeAsync(f.Path, f.SameAs!, f.Bytes, "application/octet-stream", token)));
        });
        return sw.Elapsed.TotalSeconds;
    }
}
