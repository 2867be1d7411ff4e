using System.Buffers.Binary;
using System.Text;

namespace Metrics.Excel.Reading;

/// <summary>
/// Just enough of the Compound File Binary format (OLE2, signature D0 CF 11 E0) to list stream names:
/// an encrypted .xlsx is a CFB holding <c>EncryptionInfo</c> + <c>EncryptedPackage</c>; an old .xls a
/// CFB holding <c>Workbook</c> (or <c>Book</c>).
/// </summary>
internal static class CompoundFile
{
    private static readonly byte[] Signature = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

    public static bool HasSignature(ReadOnlySpan<byte> bytes) => bytes.Length >= 8 && bytes[..8].SequenceEqual(Signature);

    /// <summary>Names of the directory entries, or null when the structure cannot be walked.</summary>
    public static IReadOnlyList<string>? EntryNames(byte[] bytes)
    {
        try
        {
            return Walk(bytes);
        }
        catch (Exception e) when (e is ArgumentException or IndexOutOfRangeException or OverflowException or InvalidDataException)
        {
            return null;
        }
    }

    /// <summary>Whether the bytes contain a name as UTF-16LE anywhere (fallback when the directory is damaged).</summary>
    public static bool ContainsUtf16(byte[] bytes, string name) =>
        bytes.AsSpan().IndexOf(Encoding.Unicode.GetBytes(name)) >= 0;

    private static List<string> Walk(byte[] b)
    {
        const uint EndOfChain = 0xFFFFFFFE;
        var shift = BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan(0x1E));
        if (shift is not (9 or 12))
        {
            throw new InvalidDataException("sector shift");
        }

        var sectorSize = 1 << shift;
        var sectorCount = (b.Length / sectorSize) + 1;
        var fatSectorCount = BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(0x2C));
        var firstDir = BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(0x30));
        var firstDifat = BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(0x44));

        Span<byte> SectorSpan(uint sid)
        {
            var offset = checked(((long)sid + 1) * sectorSize);
            if (offset + sectorSize > b.Length)
            {
                throw new InvalidDataException("sector beyond end");
            }

            return b.AsSpan((int)offset, sectorSize);
        }

        // FAT sector ids: 109 in the header, more in the DIFAT chain.
        var fatSectors = new List<uint>();
        for (var i = 0; i < 109 && fatSectors.Count < fatSectorCount; i++)
        {
            fatSectors.Add(BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(0x4C + (i * 4))));
        }

        var difat = firstDifat;
        for (var guard = 0; difat < EndOfChain - 3 && fatSectors.Count < fatSectorCount && guard < sectorCount; guard++)
        {
            var s = SectorSpan(difat);
            for (var i = 0; i < (sectorSize / 4) - 1 && fatSectors.Count < fatSectorCount; i++)
            {
                fatSectors.Add(BinaryPrimitives.ReadUInt32LittleEndian(s[(i * 4)..]));
            }

            difat = BinaryPrimitives.ReadUInt32LittleEndian(s[(sectorSize - 4)..]);
        }

        var fat = new List<uint>();
        foreach (var fs in fatSectors)
        {
            var s = SectorSpan(fs);
            for (var i = 0; i < sectorSize / 4; i++)
            {
                fat.Add(BinaryPrimitives.ReadUInt32LittleEndian(s[(i * 4)..]));
            }
        }

        var names = new List<string>();
        var dir = firstDir;
        for (var guard = 0; dir < EndOfChain - 3 && guard < sectorCount; guard++)
        {
            var s = SectorSpan(dir);
            for (var e = 0; e < sectorSize / 128; e++)
            {
                var entry = s.Slice(e * 128, 128);
                var len = BinaryPrimitives.ReadUInt16LittleEndian(entry[0x40..]);
                if (len is >= 2 and <= 64)
                {
                    names.Add(Encoding.Unicode.GetString(entry[..(len - 2)]));
                }
            }

            dir = dir < fat.Count ? fat[(int)dir] : EndOfChain;
        }

        return names;
    }
}
