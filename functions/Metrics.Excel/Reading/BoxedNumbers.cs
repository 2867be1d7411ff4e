namespace Metrics.Excel.Reading;

/// <summary>
/// Boxes for the small whole numbers that fill most count cells (pupils by class, rooms, teachers), made
/// once and shared: a cell value is an <see cref="object"/>, and a box per cell was a large part of what
/// reading a sheet allocated. A box is immutable, so sharing it changes nothing for its readers.
/// </summary>
internal static class BoxedNumbers
{
    private const int Cached = 4096;
    private static readonly object?[] Boxes = new object?[Cached];

    public static object Box(double d)
    {
        // -0.0 == 0 but must keep its sign, so only positive zero and up are shared.
        if (d is >= 0 and < Cached && !double.IsNegative(d) && d == Math.Floor(d))
        {
            var i = (int)d;
            // A race only makes two equal boxes; either is fine.
            return Boxes[i] ??= d;
        }

        return d;
    }
}
