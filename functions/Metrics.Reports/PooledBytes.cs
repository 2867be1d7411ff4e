using System.Buffers;

namespace Metrics.Reports;

/// <summary>
/// A rendered output in the array it was written into, rented from the shared pool, handed to whoever
/// stores it instead of being copied into an array of its own. The scorecard page (about 400 KB for a
/// 70-school county) used to be copied into a fresh large-object array per county; touching that
/// fresh memory (a page fault per 4 KiB, expensive on a virtual machine) cost more than rendering
/// the page's tables. The pooled array is already in memory when the next county rents it.
/// </summary>
/// <remarks>
/// Dispose gives the array back once the bytes are stored; reading <see cref="Memory"/> after that throws
/// rather than return bytes another output may be writing. Not disposing only costs the pool one array.
/// </remarks>
public sealed class PooledBytes : IDisposable
{
    private byte[]? array;
    private readonly int length;

    internal PooledBytes(byte[] array, int length)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, array.Length);
        this.array = array;
        this.length = length;
    }

    public int Length => length;

    /// <summary>The bytes; valid until <see cref="Dispose"/>.</summary>
    public ReadOnlyMemory<byte> Memory =>
        Volatile.Read(ref array) is { } a ? a.AsMemory(0, length) : throw new ObjectDisposedException(nameof(PooledBytes));

    /// <summary>A copy of the bytes in an array of their exact length.</summary>
    public byte[] ToArray() => Memory.ToArray();

    public void Dispose()
    {
        // Exchanged, so a second Dispose cannot put the array into the pool twice (two renters would share it).
        if (Interlocked.Exchange(ref array, null) is { } a)
        {
            ArrayPool<byte>.Shared.Return(a);
        }
    }
}
