using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Metrics.Pipeline.Storage;

/// <summary>
/// <see cref="IBlobStore"/> over a local folder: each container is a subfolder of the root and each '/' in a
/// blob name is a subfolder, so "reports/2024/110101/scorecard.json" is
/// <c>{root}/reports/2024/110101/scorecard.json</c>. Files can be dropped in or picked up by hand.
/// </summary>
/// <remarks>
/// <para>Writes go to a temporary file <c>.tmp-{guid}</c> in the target's folder, flushed to disk (on the threads of
/// <see cref="DiskFlusher"/>, not the caller's), then renamed
/// over the target, so a reader sees the old or the new whole file. <see cref="TryCreateAsync"/> gives the temp
/// file the target name only if it is absent, atomically: link(2) on Unix (File.Move without overwrite checks then
/// renames, and lost races there), MoveFileEx without replace on Windows. Readers open files
/// with delete sharing so that a rename over an open file succeeds and the reader keeps the old version.</para>
/// <para>Listing skips dotfiles and dot-folders (temporary files, <c>.DS_Store</c>, LibreOffice locks) and any
/// name that is not a valid <see cref="BlobPath"/> segment. ETag: last-write ticks and length. The content type
/// is not stored. Unlike Azure, a folder cannot hold both a blob "a/b" and a blob "a/b/c": such a write throws
/// <see cref="IOException"/>. On Windows, names differing only by case are the same file.</para>
/// </remarks>
public sealed class FolderBlobStore : IBlobStore
{
    /// <summary>Prefix of temporary files; never listed (segments starting with '.' are not valid blob names).</summary>
    internal const string TempPrefix = ".tmp-";

    private static readonly EnumerationOptions OneLevel = new()
    {
        RecurseSubdirectories = false,
        IgnoreInaccessible = true,
        AttributesToSkip = 0, // filter by name ourselves, identically on every OS
        ReturnSpecialDirectories = false,
    };

    private readonly bool _flushToDisk;

    /// <param name="root">The folder holding one subfolder per container; created on first write. Relative paths are resolved against the current directory.</param>
    /// <param name="flushToDisk">Flush each written file to the disk before it replaces the target, so a power cut cannot leave an empty file. Turn off only for throwaway data.</param>
    public FolderBlobStore(string root, bool flushToDisk = true)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        Root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        _flushToDisk = flushToDisk;
    }

    /// <summary>Absolute path of the root folder.</summary>
    public string Root { get; }

    /// <inheritdoc />
    public string Describe => "folder:" + Root;

    /// <inheritdoc />
    public Task<BlobEntry?> GetAsync(string path, CancellationToken ct = default)
    {
        var full = Resolve(path);
        ct.ThrowIfCancellationRequested();
        var info = new FileInfo(full);
        return Task.FromResult(info.Exists ? ToEntry(path, info) : null);
    }

    /// <inheritdoc />
    public async Task<byte[]?> ReadAllBytesAsync(string path, CancellationToken ct = default)
    {
        var full = Resolve(path);
        ct.ThrowIfCancellationRequested();
        var stream = OpenOrNull(full, bufferSize: 1);
        if (stream is null)
        {
            return null;
        }

        await using (stream.ConfigureAwait(false))
        {
            // Length of the file this handle opened: a concurrent rename over the path does not change it.
            var bytes = new byte[checked((int)stream.Length)];
            await stream.ReadExactlyAsync(bytes, ct).ConfigureAwait(false);
            return bytes;
        }
    }

    /// <inheritdoc />
    public Task<Stream?> OpenReadAsync(string path, CancellationToken ct = default)
    {
        var full = Resolve(path);
        ct.ThrowIfCancellationRequested();
        return Task.FromResult<Stream?>(OpenOrNull(full, bufferSize: 81920));
    }

    /// <inheritdoc />
    public async Task WriteAsync(string path, ReadOnlyMemory<byte> content, string contentType, CancellationToken ct = default)
    {
        var full = Resolve(path);
        ArgumentException.ThrowIfNullOrWhiteSpace(contentType);
        ct.ThrowIfCancellationRequested();
        var temp = await WriteTempAsync(full, content, ct).ConfigureAwait(false);
        try
        {
            await MoveOverAsync(temp, full, ct).ConfigureAwait(false);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// On Unix the source file is linked to a temporary name that is then renamed over the target: no bytes are written.
    /// Every write of this store replaces a file by renaming a new one over it, never in place, so the two names keep
    /// their content independently: a later write of either gives that name a new file and leaves the other alone.
    /// </remarks>
    public async Task WriteLikeAsync(string path, string source, ReadOnlyMemory<byte> content, string contentType, CancellationToken ct = default)
    {
        var full = Resolve(path);
        var from = Resolve(source);
        ArgumentException.ThrowIfNullOrWhiteSpace(contentType);
        ct.ThrowIfCancellationRequested();
        if (!OperatingSystem.IsWindows())
        {
            var folder = Path.GetDirectoryName(full)!;
            Directory.CreateDirectory(folder);
            var temp = Path.Combine(folder, TempPrefix + Guid.NewGuid().ToString("N"));
            if (Link(from, temp) == 0)
            {
                try
                {
                    if (new FileInfo(temp).Length == content.Length)
                    {
                        await MoveOverAsync(temp, full, ct).ConfigureAwait(false);
                        return;
                    }
                }
                catch
                {
                    TryDelete(temp);
                    throw;
                }

                TryDelete(temp);
            }
        }

        // Windows, a source that is gone (or not what the caller said): write the bytes.
        await WriteAsync(path, content, contentType, ct).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<bool> TryCreateAsync(string path, ReadOnlyMemory<byte> content, string contentType, CancellationToken ct = default)
    {
        var full = Resolve(path);
        ArgumentException.ThrowIfNullOrWhiteSpace(contentType);
        ct.ThrowIfCancellationRequested();
        if (File.Exists(full))
        {
            return false;
        }

        var temp = await WriteTempAsync(full, content, ct).ConfigureAwait(false);
        try
        {
            return CreateExclusively(temp, full);
        }
        finally
        {
            TryDelete(temp);
        }
    }

    /// <summary>
    /// Gives the written temp file the target name unless the target exists, atomically. On Unix
    /// that is link(2), which fails with EEXIST; .NET's File.Move(overwrite: false) checks and then
    /// renames, so concurrent callers could all "win" (seen under load: 3 of 20). Windows'
    /// MoveFileEx without REPLACE_EXISTING is atomic already.
    /// </summary>
    private static bool CreateExclusively(string temp, string full)
    {
        if (!OperatingSystem.IsWindows())
        {
            if (Link(temp, full) == 0)
            {
                return true;
            }

            var errno = Marshal.GetLastPInvokeError();
            if (errno == EExist)
            {
                return false;
            }

            throw new IOException($"Could not create '{full}' (link failed with errno {errno}).");
        }

        try
        {
            File.Move(temp, full, overwrite: false);
            return true;
        }
        catch (IOException) when (File.Exists(full))
        {
            return false;
        }
    }

    private const int EExist = 17;

    [DllImport("libc", EntryPoint = "link", SetLastError = true)]
    private static extern int Link([MarshalAs(UnmanagedType.LPUTF8Str)] string existing, [MarshalAs(UnmanagedType.LPUTF8Str)] string created);

    /// <inheritdoc />
    public Task<bool> DeleteAsync(string path, CancellationToken ct = default)
    {
        var full = Resolve(path);
        ct.ThrowIfCancellationRequested();
        if (!File.Exists(full))
        {
            return Task.FromResult(false);
        }

        File.Delete(full); // no error if a concurrent delete won
        return Task.FromResult(true);
    }

    /// <inheritdoc />
    public IAsyncEnumerable<BlobEntry> ListAsync(string prefix, CancellationToken ct = default)
    {
        var parsed = BlobPath.ParsePrefix(prefix);
        return ListCoreAsync(parsed, ct);
    }

    private async IAsyncEnumerable<BlobEntry> ListCoreAsync(BlobPrefix prefix, [EnumeratorCancellation] CancellationToken ct)
    {
        await Task.Yield();
        var entries = new List<BlobEntry>();
        if (prefix.HasContainer)
        {
            // Start at the deepest folder the prefix names completely; filter the rest by string prefix.
            var name = prefix.NamePrefix!;
            var lastSlash = name.LastIndexOf('/');
            var folderPart = lastSlash < 0 ? "" : name[..lastSlash];
            var start = folderPart.Length == 0
                ? Path.Combine(Root, prefix.Container)
                : Path.Combine([Root, prefix.Container, .. folderPart.Split('/')]);
            var startPath = prefix.Container + "/" + (folderPart.Length == 0 ? "" : folderPart + "/");
            Walk(start, startPath, prefix.Value, entries, ct);
        }
        else if (Directory.Exists(Root))
        {
            foreach (var dir in new DirectoryInfo(Root).EnumerateDirectories("*", OneLevel))
            {
                if (BlobPath.IsValidContainerName(dir.Name) && dir.Name.StartsWith(prefix.Container, StringComparison.Ordinal)
                    && !dir.Attributes.HasFlag(FileAttributes.ReparsePoint))
                {
                    Walk(dir.FullName, dir.Name + "/", prefix.Value, entries, ct);
                }
            }
        }

        entries.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        foreach (var entry in entries)
        {
            ct.ThrowIfCancellationRequested();
            yield return entry;
        }
    }

    private static void Walk(string folder, string pathPrefix, string filter, List<BlobEntry> into, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        IEnumerable<FileSystemInfo> children;
        try
        {
            children = new DirectoryInfo(folder).EnumerateFileSystemInfos("*", OneLevel).ToList();
        }
        catch (Exception e) when (e is DirectoryNotFoundException or IOException or UnauthorizedAccessException)
        {
            return; // missing, a file, or removed while walking: nothing to list
        }

        foreach (var child in children)
        {
            if (!BlobPath.IsValidSegment(child.Name))
            {
                continue;
            }

            var path = pathPrefix + child.Name;
            if (child is DirectoryInfo dir)
            {
                // Descend only where the filter can still match; do not follow links (no cycles).
                var canMatch = path.Length + 1 >= filter.Length
                    ? (path + "/").StartsWith(filter, StringComparison.Ordinal)
                    : filter.StartsWith(path + "/", StringComparison.Ordinal);
                if (canMatch && !dir.Attributes.HasFlag(FileAttributes.ReparsePoint))
                {
                    Walk(dir.FullName, path + "/", filter, into, ct);
                }
            }
            else if (child is FileInfo file && path.StartsWith(filter, StringComparison.Ordinal))
            {
                into.Add(ToEntry(path, file));
            }
        }
    }

    /// <inheritdoc />
    public IAsyncEnumerable<string> ListFoldersAsync(string prefix, CancellationToken ct = default)
    {
        var parsed = BlobPath.ParseFolderPrefix(prefix);
        return ListFoldersCoreAsync(parsed, ct);
    }

    private async IAsyncEnumerable<string> ListFoldersCoreAsync(BlobPrefix prefix, [EnumeratorCancellation] CancellationToken ct)
    {
        await Task.Yield();
        var name = prefix.NamePrefix!;
        var folder = Path.Combine([Root, prefix.Container, .. name.Split('/', StringSplitOptions.RemoveEmptyEntries)]);
        var found = new List<string>();
        try
        {
            foreach (var dir in new DirectoryInfo(folder).EnumerateDirectories("*", OneLevel))
            {
                // Like Azure, where a folder exists only through its blobs: an emptied folder is not listed.
                if (BlobPath.IsValidSegment(dir.Name) && !dir.Attributes.HasFlag(FileAttributes.ReparsePoint) && HoldsBlob(dir, ct))
                {
                    found.Add(prefix.Value + dir.Name + "/");
                }
            }
        }
        catch (Exception e) when (e is DirectoryNotFoundException or IOException or UnauthorizedAccessException)
        {
            // Missing, a file, or removed while listing: nothing to list.
        }

        found.Sort(StringComparer.Ordinal);
        foreach (var f in found)
        {
            ct.ThrowIfCancellationRequested();
            yield return f;
        }
    }

    /// <summary>Whether the folder holds a listable blob at any depth; stops at the first.</summary>
    private static bool HoldsBlob(DirectoryInfo folder, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var subfolders = new List<DirectoryInfo>();
        foreach (var child in folder.EnumerateFileSystemInfos("*", OneLevel))
        {
            if (!BlobPath.IsValidSegment(child.Name))
            {
                continue;
            }

            if (child is FileInfo)
            {
                return true;
            }

            if (child is DirectoryInfo dir && !dir.Attributes.HasFlag(FileAttributes.ReparsePoint))
            {
                subfolders.Add(dir);
            }
        }

        return subfolders.Exists(d => HoldsBlob(d, ct));
    }

    /// <inheritdoc />
    /// <remarks>
    /// The lease is an exclusive OS lock on a dotfile beside <paramref name="path"/> (never listed): a FileStream
    /// opened with <see cref="FileShare.None"/>, which .NET maps to flock(LOCK_EX) on Unix and to a share-mode lock
    /// on Windows. Both hold across processes and between two opens in one process, and the OS drops the lock when
    /// its holder dies, so a crash never leaves a stale lease. The file is never deleted: deleting it while
    /// another caller has it open would let two callers lock two different files of the same name.
    /// </remarks>
    public async Task<IAsyncDisposable> AcquireLeaseAsync(string path, TimeSpan timeout, CancellationToken ct = default)
    {
        var full = Resolve(path);
        var lockFile = Path.Combine(Path.GetDirectoryName(full)!, ".lease-" + Path.GetFileName(full));
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        // A wait is a duration: timed on the monotonic clock, so a step of the wall clock cannot cut it short or stretch it.
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        for (var wait = 5; ; wait = Math.Min(wait * 2, 100))
        {
            ct.ThrowIfCancellationRequested();
            try
            {
                return new FolderLease(new FileStream(lockFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, bufferSize: 1));
            }
            catch (IOException) when (System.Diagnostics.Stopwatch.GetElapsedTime(started) < timeout)
            {
                await Task.Delay(wait, ct).ConfigureAwait(false);
            }
            catch (IOException e)
            {
                throw new TimeoutException($"The lease '{path}' stayed taken for {timeout.TotalSeconds:0.#} s.", e);
            }
        }
    }

    private sealed class FolderLease(FileStream handle) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => handle.DisposeAsync();
    }

    private string Resolve(string path)
    {
        BlobPath.Validate(path);
        return Path.Combine([Root, .. path.Split('/')]);
    }

    private static BlobEntry ToEntry(string path, FileInfo info)
    {
        var written = info.LastWriteTimeUtc;
        var etag = string.Create(CultureInfo.InvariantCulture, $"\"{written.Ticks:x}-{info.Length:x}\"");
        return new BlobEntry(path, info.Length, new DateTimeOffset(written, TimeSpan.Zero), etag);
    }

    private static FileStream? OpenOrNull(string full, int bufferSize)
    {
        try
        {
            return new FileStream(full, new FileStreamOptions
            {
                Mode = FileMode.Open,
                Access = FileAccess.Read,
                Share = FileShare.ReadWrite | FileShare.Delete,
                BufferSize = bufferSize,
                Options = FileOptions.Asynchronous | FileOptions.SequentialScan,
            });
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            // Absent when the open ran. Not re-checked: a writer may rename the file into place a moment
            // later, and "absent" is still a true answer for the moment of the read (the load test met it).
            return null;
        }
        catch (IOException) when (!File.Exists(full))
        {
            return null; // a parent segment is a file
        }
        catch (UnauthorizedAccessException) when (Directory.Exists(full))
        {
            return null; // a folder, i.e. only a prefix of other blobs
        }
    }

    private async Task<string> WriteTempAsync(string full, ReadOnlyMemory<byte> content, CancellationToken ct)
    {
        var folder = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(folder);
        var temp = Path.Combine(folder, TempPrefix + Guid.NewGuid().ToString("N"));
        try
        {
            var stream = new FileStream(temp, new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                Share = FileShare.None,
                BufferSize = 0,
                Options = FileOptions.Asynchronous,
                PreallocationSize = content.Length,
            });
            await using (stream.ConfigureAwait(false))
            {
                await stream.WriteAsync(content, ct).ConfigureAwait(false);
                if (_flushToDisk)
                {
                    await DiskFlusher.FlushAsync(stream).ConfigureAwait(false);
                }
            }

            return temp;
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    private static async Task MoveOverAsync(string temp, string full, CancellationToken ct)
    {
        // Rename over the target is atomic. On Windows it can fail briefly while another process holds the
        // target open without delete sharing (antivirus, indexer, Excel): retry for about two seconds.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                File.Move(temp, full, overwrite: true);
                return;
            }
            catch (Exception e) when (OperatingSystem.IsWindows() && attempt < 8 && e is IOException or UnauthorizedAccessException)
            {
                await Task.Delay(attempt * 50, ct).ConfigureAwait(false);
            }
        }
    }

    private static void TryDelete(string file)
    {
        try
        {
            File.Delete(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A leftover .tmp- file is never listed or read; nothing else to do.
        }
    }
}
