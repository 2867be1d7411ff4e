namespace Metrics.Pipeline.Storage;

/// <summary>One stored blob as seen by <see cref="IBlobStore"/>.</summary>
/// <param name="Path">"container/name/with/slashes", as accepted by <see cref="BlobPath.Validate"/>.</param>
/// <param name="Length">Content length in bytes.</param>
/// <param name="LastModified">Last write time (UTC).</param>
/// <param name="ETag">Opaque version tag: changes whenever the content is replaced. Compare for equality only.</param>
public sealed record BlobEntry(string Path, long Length, DateTimeOffset LastModified, string ETag);

/// <summary>
/// The storage port of the pipeline: a flat namespace of blobs addressed by
/// "container/name/with/slashes" (see <see cref="BlobPath"/>). Implemented by a local folder
/// (<see cref="FolderBlobStore"/>) and by Azure Blob Storage or Azurite (<see cref="AzureBlobStore"/>);
/// both pass the same contract tests.
/// </summary>
/// <remarks>
/// Every method validates its path with <see cref="BlobPath"/> and throws <see cref="ArgumentException"/>
/// for a bad one. A missing blob or container is never an error: reads return <see langword="null"/>,
/// <see cref="DeleteAsync"/> returns <see langword="false"/>, <see cref="ListAsync"/> yields nothing.
/// Containers are created on first write.
/// </remarks>
public interface IBlobStore
{
    /// <summary>Where the store points, for logs: "folder:/abs/path" or "blob:https://account.blob.core.windows.net". Never contains a key or SAS.</summary>
    string Describe { get; }

    /// <summary>Properties of the blob, or <see langword="null"/> when it does not exist.</summary>
    Task<BlobEntry?> GetAsync(string path, CancellationToken ct = default);

    /// <summary>The whole content of one version of the blob, or <see langword="null"/> when it does not exist.</summary>
    Task<byte[]?> ReadAllBytesAsync(string path, CancellationToken ct = default);

    /// <summary>A stream over one version of the blob (the caller disposes it), or <see langword="null"/> when it does not exist.</summary>
    Task<Stream?> OpenReadAsync(string path, CancellationToken ct = default);

    /// <summary>Creates or replaces the blob. Atomic: a concurrent reader sees the old whole content or the new whole content, never a part.</summary>
    Task WriteAsync(string path, ReadOnlyMemory<byte> content, string contentType, CancellationToken ct = default);

    /// <summary>
    /// Creates or replaces <paramref name="path"/> like <see cref="WriteAsync"/>, with <paramref name="content"/> that the blob
    /// <paramref name="source"/> already holds byte for byte (the caller wrote it there). A store may share the stored bytes
    /// instead of writing them again (a folder hard-links the file: one write and one flush to disk instead of two); either
    /// way, replacing or deleting one of the two blobs later leaves the other as it is. When <paramref name="source"/> is
    /// gone, <paramref name="content"/> is written.
    /// </summary>
    Task WriteLikeAsync(string path, string source, ReadOnlyMemory<byte> content, string contentType, CancellationToken ct = default) =>
        WriteAsync(path, content, contentType, ct);

    /// <summary>
    /// Creates the blob only if it does not exist. Returns <see langword="true"/> when this call created it,
    /// <see langword="false"/> (and changes nothing) when it already existed. Among concurrent callers on one
    /// path exactly one gets <see langword="true"/>. Used for receipts and history entries.
    /// </summary>
    Task<bool> TryCreateAsync(string path, ReadOnlyMemory<byte> content, string contentType, CancellationToken ct = default);

    /// <summary>Deletes the blob; <see langword="true"/> when it existed.</summary>
    Task<bool> DeleteAsync(string path, CancellationToken ct = default);

    /// <summary>
    /// Every blob whose path starts with <paramref name="prefix"/> (plain string prefix, so "data/2024/1" matches
    /// "data/2024/1101.json"), sorted ordinally by path. The prefix is validated when this method is called.
    /// A prefix without '/' is a prefix of container names ("" lists every container).
    /// Only paths valid under <see cref="BlobPath"/> are returned: partial writes, temporary files and
    /// foreign names (dotfiles, backslashes, empty segments) are never listed.
    /// </summary>
    IAsyncEnumerable<BlobEntry> ListAsync(string prefix, CancellationToken ct = default);

    /// <summary>
    /// The folders directly under <paramref name="prefix"/> that hold at least one blob, as prefixes ending in '/'
    /// ("data/summaries/2023/"), sorted ordinally: one level of a listing by '/', so a caller that wants one file of
    /// each folder need not list every file of every folder. <paramref name="prefix"/> names a container and ends in
    /// '/' ("data/summaries/"); it is validated when this method is called. Folders whose name is not a valid
    /// <see cref="BlobPath"/> segment are not returned.
    /// </summary>
    IAsyncEnumerable<string> ListFoldersAsync(string prefix, CancellationToken ct = default);

    /// <summary>
    /// Takes an exclusive lease named <paramref name="path"/> (a valid blob path; the store may create a
    /// marker there) and holds it until the returned handle is disposed. Among all callers on one store, in
    /// every process, at most one holds a given lease at a time; a caller that dies loses it (a folder lock
    /// is released by the OS at once, an Azure blob lease expires within <see cref="LeaseDuration"/>).
    /// Waits up to <paramref name="timeout"/>, then throws <see cref="TimeoutException"/> (a transient failure:
    /// the caller's retry takes it again).
    /// </summary>
    Task<IAsyncDisposable> AcquireLeaseAsync(string path, TimeSpan timeout, CancellationToken ct = default);

    /// <summary>Longest time a lease of a crashed holder keeps others waiting.</summary>
    static TimeSpan LeaseDuration => TimeSpan.FromSeconds(15);
}
