using System.Buffers;
using Metrics.Core.Scoring;

namespace Metrics.Reports.Html;

/// <summary>
/// The escaped UTF-8 of every school's code and name of one level, written once: the bar charts repeat them
/// for each bar of each indicator (the code twice), which otherwise escaped and transcoded each time.
/// </summary>
internal sealed class EscapedSchools : IDisposable
{
    private readonly PageWriter text;

    // ends[2i] is where school i's code ends (and its name starts), ends[2i + 1] where its name ends.
    private int[] ends;

    public EscapedSchools(IReadOnlyList<SchoolResult> schools)
    {
        text = new PageWriter(schools.Count * 64);
        ends = ArrayPool<int>.Shared.Rent(Math.Max(2 * schools.Count, 1));
        for (var i = 0; i < schools.Count; i++)
        {
            Markup.AppendEscaped(text, schools[i].Code);
            ends[2 * i] = text.Length;
            Markup.AppendEscaped(text, schools[i].Name);
            ends[(2 * i) + 1] = text.Length;
        }
    }

    /// <summary>The code of the school at <paramref name="index"/>, escaped.</summary>
    public ReadOnlySpan<byte> Code(int index)
    {
        var start = index == 0 ? 0 : ends[(2 * index) - 1];
        return text.WrittenSpan[start..ends[2 * index]];
    }

    /// <summary>The name of the school at <paramref name="index"/>, escaped.</summary>
    public ReadOnlySpan<byte> Name(int index) => text.WrittenSpan[ends[2 * index]..ends[(2 * index) + 1]];

    public void Dispose()
    {
        text.Dispose();
        var e = ends;
        ends = [];
        if (e.Length > 0)
        {
            ArrayPool<int>.Shared.Return(e);
        }
    }
}
