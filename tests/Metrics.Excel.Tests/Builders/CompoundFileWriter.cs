using System.Buffers.Binary;
using System.Text;

namespace Metrics.Excel.Tests.Builders;

/// <summary>
/// A minimal Compound File Binary (OLE2, version 3, 512-byte sectors) writer: a root storage and
/// streams of at least 4 096 bytes each (so no mini stream is needed). Enough to make the shape of an
/// encrypted .xlsx (<c>EncryptionInfo</c> + <c>EncryptedPackage</c>) or an old .xls (<c>Workbook</c>).
/// </summary>
internal static class CompoundFileWriter
{
    private const int Sector = 512;
    private const uint Free = 0xFFFFFFFF;
    private const uint EndOfChain = 0xFFFFFFFE;
    private const uint FatSector = 0xFFFFFFFD;

    public static byte[] Write(params (string Name, byte[] Data)[] streams)
    {
        if (streams.Length is 0 or > 3)
        {
            throw new ArgumentOutOfRangeException(nameof(streams), "1 to 3 streams fit in one directory sector.");
        }

        // Streams padded to whole sectors of at least 4 096 bytes (the mini-stream cutoff).
        var padded = streams.Select(s => s.Data.Length >= 4096 ? s.Data : [.. s.Data, .. new byte[4096 - s.Data.Length]]).ToArray();
        var sectorCounts = padded.Select(d => (d.Length + Sector - 1) / Sector).ToArray();
        var total = 2 + sectorCounts.Sum();
        if (total > Sector / 4)
        {
            throw new ArgumentOutOfRangeException(nameof(streams), "Streams too large for one FAT sector.");
        }

        var fat = Enumerable.Repeat(Free, Sector / 4).ToArray();
        fat[0] = FatSector;
        fat[1] = EndOfChain;
        var starts = new uint[streams.Length];
        var next = 2u;
        for (var i = 0; i < streams.Length; i++)
        {
            starts[i] = next;
            for (var k = 0; k < sectorCounts[i]; k++)
            {
                fat[next] = k == sectorCounts[i] - 1 ? EndOfChain : next + 1;
                next++;
            }
        }

        var file = new byte[Sector * (1 + total)];
        var h = file.AsSpan(0, Sector);
        byte[] signature = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
        signature.CopyTo(h);
        BinaryPrimitives.WriteUInt16LittleEndian(h[0x18..], 0x003E);
        BinaryPrimitives.WriteUInt16LittleEndian(h[0x1A..], 3);
        BinaryPrimitives.WriteUInt16LittleEndian(h[0x1C..], 0xFFFE);
        BinaryPrimitives.WriteUInt16LittleEndian(h[0x1E..], 9);
        BinaryPrimitives.WriteUInt16LittleEndian(h[0x20..], 6);
        BinaryPrimitives.WriteUInt32LittleEndian(h[0x2C..], 1); // FAT sectors
        BinaryPrimitives.WriteUInt32LittleEndian(h[0x30..], 1); // first directory sector
        BinaryPrimitives.WriteUInt32LittleEndian(h[0x38..], 4096); // mini stream cutoff
        BinaryPrimitives.WriteUInt32LittleEndian(h[0x3C..], EndOfChain); // mini FAT
        BinaryPrimitives.WriteUInt32LittleEndian(h[0x44..], EndOfChain); // DIFAT chain
        for (var i = 0; i < 109; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(h[(0x4C + (i * 4))..], i == 0 ? 0u : Free);
        }

        var fatSpan = SectorSpan(file, 0);
        for (var i = 0; i < fat.Length; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(fatSpan[(i * 4)..], fat[i]);
        }

        var dir = SectorSpan(file, 1);
        Entry(dir[..128], "Root Entry", type: 5, child: 1, right: Free, start: EndOfChain, size: 0);
        for (var i = 0; i < streams.Length; i++)
        {
            var right = i + 1 < streams.Length ? (uint)(i + 2) : Free;
            Entry(dir.Slice((i + 1) * 128, 128), streams[i].Name, type: 2, child: Free, right: right, start: starts[i], size: (uint)streams[i].Data.Length);
            padded[i].CopyTo(file.AsSpan(Sector * (1 + (int)starts[i])));
        }

        for (var i = streams.Length + 1; i < 4; i++)
        {
            var e = dir.Slice(i * 128, 128);
            BinaryPrimitives.WriteUInt32LittleEndian(e[0x44..], Free);
            BinaryPrimitives.WriteUInt32LittleEndian(e[0x48..], Free);
            BinaryPrimitives.WriteUInt32LittleEndian(e[0x4C..], Free);
        }

        return file;
    }

    private static Span<byte> SectorSpan(byte[] file, int sid) => file.AsSpan(Sector * (sid + 1), Sector);

    private static void Entry(Span<byte> e, string name, byte type, uint child, uint right, uint start, uint size)
    {
        var nameBytes = Encoding.Unicode.GetBytes(name + "\0");
        nameBytes.CopyTo(e);
        BinaryPrimitives.WriteUInt16LittleEndian(e[0x40..], (ushort)nameBytes.Length);
        e[0x42] = type;
        e[0x43] = 1; // black
        BinaryPrimitives.WriteUInt32LittleEndian(e[0x44..], Free); // left sibling
        BinaryPrimitives.WriteUInt32LittleEndian(e[0x48..], right);
        BinaryPrimitives.WriteUInt32LittleEndian(e[0x4C..], child);
        BinaryPrimitives.WriteUInt32LittleEndian(e[0x74..], start);
        BinaryPrimitives.WriteUInt32LittleEndian(e[0x78..], size);
    }
}
