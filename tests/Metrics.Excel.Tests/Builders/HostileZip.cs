using System.IO.Compression;
using System.Text;

namespace Metrics.Excel.Tests.Builders;

/// <summary>One zip entry: the deflated bytes and what the zip directory will claim about them.</summary>
/// <param name="Name">Path inside the zip.</param>
/// <param name="Deflated">Raw deflate data.</param>
/// <param name="Crc">CRC-32 written to the directory.</param>
/// <param name="DeclaredSize">Uncompressed size written to the directory (the truth, or a lie).</param>
public sealed record ZipItem(string Name, byte[] Deflated, uint Crc, uint DeclaredSize);

/// <summary>
/// Writes zip files by hand so tests can build what ZipArchive will not: a directory that lies about sizes,
/// and entries inflating to a gigabyte without compressing a gigabyte (a deflate block of spaces repeated).
/// </summary>
public static class HostileZip
{
    /// <summary>The entries of an existing zip, re-deflated, with true sizes and CRCs.</summary>
    public static List<ZipItem> Entries(byte[] zipBytes)
    {
        var list = new List<ZipItem>();
        using var zip = new ZipArchive(new MemoryStream(zipBytes, writable: false), ZipArchiveMode.Read);
        foreach (var e in zip.Entries)
        {
            using var s = e.Open();
            using var ms = new MemoryStream();
            s.CopyTo(ms);
            list.Add(Item(e.FullName, ms.ToArray()));
        }

        return list;
    }

    public static ZipItem Item(string name, string text) => Item(name, Encoding.UTF8.GetBytes(text));

    public static ZipItem Item(string name, byte[] plain)
    {
        using var ms = new MemoryStream();
        using (var d = new DeflateStream(ms, CompressionLevel.Fastest, leaveOpen: true))
        {
            d.Write(plain);
        }

        return new ZipItem(name, ms.ToArray(), Crc32(plain), (uint)plain.Length);
    }

    /// <summary>An entry streamed through <paramref name="write"/> (e.g. a million rows), with its true size and CRC.</summary>
    public static ZipItem Streamed(string name, Action<Stream> write)
    {
        using var ms = new MemoryStream();
        var counter = new CrcCountingStream();
        using (var d = new DeflateStream(ms, CompressionLevel.Fastest, leaveOpen: true))
        {
            counter.Target = d;
            write(counter);
        }

        return new ZipItem(name, ms.ToArray(), counter.Crc, (uint)counter.Length);
    }

    /// <summary>
    /// <paramref name="prefix"/>, then <paramref name="mebibytes"/> MiB of spaces, then <paramref name="suffix"/>, deflated
    /// in about a thousandth of that. The directory records the true size unless <paramref name="declaredSize"/> lies;
    /// the CRC is 0 (it is only checked at the end of an entry, which a bounded reader never reaches).
    /// </summary>
    public static ZipItem Inflating(string name, string prefix, int mebibytes, string suffix, uint? declaredSize = null)
    {
        const int Chunk = 1 << 20;
        var spaces = new byte[Chunk];
        Array.Fill(spaces, (byte)' ');
        using var ms = new MemoryStream();
        byte[] repeat;
        using (var d = new DeflateStream(ms, CompressionLevel.Fastest, leaveOpen: true))
        {
            d.Write(Encoding.UTF8.GetBytes(prefix));
            d.Write(spaces);
            d.Flush();
            var start = ms.Length;

            // After a sync flush the block ends on a byte boundary and its matches reach back at most 32 KiB,
            // into spaces: the same bytes decode to another MiB of spaces wherever spaces precede them.
            d.Write(spaces);
            d.Flush();
            repeat = ms.ToArray()[(int)start..];
            for (var i = 2; i < mebibytes; i++)
            {
                ms.Write(repeat);
            }

            d.Write(Encoding.UTF8.GetBytes(suffix));
        }

        var size = (long)Encoding.UTF8.GetByteCount(prefix) + ((long)mebibytes * Chunk) + Encoding.UTF8.GetByteCount(suffix);
        return new ZipItem(name, ms.ToArray(), 0, declaredSize ?? checked((uint)size));
    }

    /// <summary>The items as a zip file (no zip64; every size below 4 GiB).</summary>
    public static byte[] Write(IEnumerable<ZipItem> items)
    {
        using var ms = new MemoryStream();
        using var w = new BinaryWriter(ms);
        var central = new List<(ZipItem Item, uint Offset)>();
        foreach (var item in items)
        {
            central.Add((item, (uint)ms.Position));
            var name = Encoding.UTF8.GetBytes(item.Name);
            w.Write(0x04034b50u);
            w.Write((ushort)20);
            w.Write((ushort)0x0800);
            w.Write((ushort)8);
            w.Write((ushort)0);
            w.Write((ushort)0x21);
            w.Write(item.Crc);
            w.Write((uint)item.Deflated.Length);
            w.Write(item.DeclaredSize);
            w.Write((ushort)name.Length);
            w.Write((ushort)0);
            w.Write(name);
            w.Write(item.Deflated);
        }

        var cdStart = (uint)ms.Position;
        foreach (var (item, offset) in central)
        {
            var name = Encoding.UTF8.GetBytes(item.Name);
            w.Write(0x02014b50u);
            w.Write((ushort)20);
            w.Write((ushort)20);
            w.Write((ushort)0x0800);
            w.Write((ushort)8);
            w.Write((ushort)0);
            w.Write((ushort)0x21);
            w.Write(item.Crc);
            w.Write((uint)item.Deflated.Length);
            w.Write(item.DeclaredSize);
            w.Write((ushort)name.Length);
            w.Write((ushort)0);
            w.Write((ushort)0);
            w.Write((ushort)0);
            w.Write((ushort)0);
            w.Write(0u);
            w.Write(offset);
            w.Write(name);
        }

        var cdSize = (uint)ms.Position - cdStart;
        w.Write(0x06054b50u);
        w.Write((ushort)0);
        w.Write((ushort)0);
        w.Write((ushort)central.Count);
        w.Write((ushort)central.Count);
        w.Write(cdSize);
        w.Write(cdStart);
        w.Write((ushort)0);
        w.Flush();
        return ms.ToArray();
    }

    private static readonly uint[] Table = MakeTable();

    private static uint[] MakeTable()
    {
        var t = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }

            t[n] = c;
        }

        return t;
    }

    private static uint Crc32(ReadOnlySpan<byte> data, uint crc = 0)
    {
        var c = ~crc;
        foreach (var b in data)
        {
            c = Table[(c ^ b) & 0xFF] ^ (c >> 8);
        }

        return ~c;
    }

    private sealed class CrcCountingStream : Stream
    {
        public Stream Target { get; set; } = Null;

        public uint Crc { get; private set; }

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => _length;

        public override long Position { get => _length; set => throw new NotSupportedException(); }

        private long _length;

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            Crc = Crc32(buffer, Crc);
            _length += buffer.Length;
            Target.Write(buffer);
        }

        public override void Flush() => Target.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
