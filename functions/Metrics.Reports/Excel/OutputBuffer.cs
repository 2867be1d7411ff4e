using System.Buffers;

namespace Metrics.Reports.Excel;

/// <summary>
/// A seekable in-memory stream on one array rented from the shared pool, for the zip of a workbook.
/// A growing <see cref="MemoryStream"/> allocates each doubling afresh (the larger ones on the
/// large-object heap, which the GC collects only in full collections) and copies once more in
/// ToArray; here the array is grown through the pool and only the final copy is allocated.
/// </summary>
/// <remarks>
/// Seekable like a MemoryStream on purpose: the zip writer then goes back to fill in each entry's
/// sizes and CRC in its local header instead of appending data descriptors, so the bytes of the
/// archive are the same as before.
/// </remarks>
internal sealed class OutputBuffer : Stream
{
    private byte[] buffer;
    private int length;
    private int position;

    public OutputBuffer(int capacity) => buffer = ArrayPool<byte>.Shared.Rent(Math.Max(capacity, 4096));

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => true;

    public override long Length => length;

    public override long Position
    {
        get => position;
        set => position = checked((int)Math.Clamp(value, 0, int.MaxValue));
    }

    /// <summary>The bytes written, in an array of their exact length.</summary>
    public byte[] ToArray() => buffer.AsSpan(0, length).ToArray();

    /// <summary>The bytes written, in this stream's own array, which goes with them: the stream is empty afterwards.</summary>
    public PooledBytes Detach()
    {
        var bytes = new PooledBytes(buffer, length);
        buffer = [];
        length = position = 0;
        return bytes;
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> source)
    {
        var end = position + source.Length;
        if (end > buffer.Length)
        {
            Grow(end);
        }

        if (position > length)
        {
            // Written past the end after a seek: the gap reads as zeros, as in a MemoryStream.
            buffer.AsSpan(length, position - length).Clear();
        }

        source.CopyTo(buffer.AsSpan(position));
        position = end;
        length = Math.Max(length, end);
    }

    public override void WriteByte(byte value) => Write([value]);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        Write(buffer.AsSpan(offset, count));
        return Task.CompletedTask;
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> source, CancellationToken cancellationToken = default)
    {
        Write(source.Span);
        return ValueTask.CompletedTask;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> destination)
    {
        var n = Math.Max(0, Math.Min(destination.Length, length - position));
        buffer.AsSpan(position, n).CopyTo(destination);
        position += n;
        return n;
    }

    public override long Seek(long offset, SeekOrigin origin)
    {
        var from = origin switch
        {
            SeekOrigin.Begin => 0L,
            SeekOrigin.Current => position,
            _ => length,
        };
        var target = from + offset;
        if (target < 0 || target > int.MaxValue)
        {
            throw new IOException("Seek outside the buffer.");
        }

        position = (int)target;
        return position;
    }

    public override void SetLength(long value)
    {
        var n = checked((int)value);
        if (n > buffer.Length)
        {
            Grow(n);
        }

        if (n > length)
        {
            buffer.AsSpan(length, n - length).Clear();
        }

        length = n;
        position = Math.Min(position, n);
    }

    public override void Flush()
    {
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    protected override void Dispose(bool disposing)
    {
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            buffer = [];
            length = position = 0;
        }

        base.Dispose(disposing);
    }

    private void Grow(int needed)
    {
        var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(needed, (int)Math.Min(int.MaxValue, 2L * buffer.Length)));
        buffer.AsSpan(0, length).CopyTo(bigger);
        ArrayPool<byte>.Shared.Return(buffer);
        buffer = bigger;
    }
}
