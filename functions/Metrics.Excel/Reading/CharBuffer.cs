using System.Xml;

namespace Metrics.Excel.Reading;

/// <summary>
/// A growable character buffer that an <see cref="XmlReader"/> value is copied into with
/// <see cref="XmlReader.ReadValueChunk"/>, so that short values parsed on the spot (cell references,
/// style indexes, numbers) cost no string. It holds at most one value at a time.
/// </summary>
internal sealed class CharBuffer
{
    private char[] _chars = new char[64];
    private int _length;

    /// <summary>The value last read.</summary>
    public ReadOnlySpan<char> Span => _chars.AsSpan(0, _length);

    /// <summary>The value of the node the reader is on (an attribute, a text node).</summary>
    public ReadOnlySpan<char> ReadValue(XmlReader x)
    {
        _length = 0;
        Append(x);
        return Span;
    }

    /// <summary>
    /// The text content of the element the reader is on, as <see cref="XmlReader.ReadElementContentAsString()"/>
    /// gives it (text and CDATA joined; a child element is an error), leaving the reader on the element's end
    /// tag (or on the element itself when it is empty).
    /// </summary>
    public void ReadElementContent(XmlReader x)
    {
        _length = 0;
        if (x.IsEmptyElement)
        {
            return;
        }

        while (x.Read())
        {
            switch (x.NodeType)
            {
                case XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace:
                    Append(x);
                    break;
                case XmlNodeType.EndElement:
                    return;
                default:
                    throw new XmlException($"A value element holds a {x.NodeType} node; it may hold text only.");
            }
        }
    }

    private void Append(XmlReader x)
    {
        while (true)
        {
            if (_length == _chars.Length)
            {
                Array.Resize(ref _chars, _chars.Length * 2);
            }

            var n = x.ReadValueChunk(_chars, _length, _chars.Length - _length);
            if (n == 0)
            {
                return;
            }

            _length += n;
        }
    }
}
