using System.Buffers;
using System.Text;
using System.Text.Unicode;
using System.Xml;

namespace Metrics.Excel.Reading;

/// <summary>What <see cref="SheetXml.Next"/> stopped on.</summary>
internal enum XmlToken : byte
{
    StartElement,
    EndElement,
    EndOfFile,
}

/// <summary>
/// A forward-only scanner over the XML of a SpreadsheetML part (a worksheet, the shared-strings table),
/// reading the inflated UTF-8 bytes in chunks and reporting start and end tags; text is decoded only where
/// the caller asks for an element's content. It takes the place of <see cref="XmlReader"/> on the reader's hot
/// path, where .NET's general parser (name table, node objects, attribute normalisation for every node) was
/// most of the cost of reading a county.
/// </summary>
/// <remarks>
/// It understands what these parts hold: an optional BOM and XML declaration, elements and attributes
/// with or without a namespace prefix, values in either quote, self-closing tags, text with character
/// references and the five predefined entities, CDATA, and comments and processing instructions (skipped).
/// Everything else is refused with an <see cref="XmlException"/>, as <see cref="XmlReader"/> with DTDs
/// prohibited refuses it, so the workbook reader gives the same damaged-file verdict: a DOCTYPE (so no
/// entity expansion and no external entity), an undefined entity, an undeclared prefix, mismatched or
/// unclosed tags, a duplicate attribute, a <c>&lt;</c> in an attribute value, characters XML forbids
/// (control characters, malformed UTF-8, a character reference to a surrogate), <c>]]&gt;</c> in text, text
/// outside the root element, a second root. A part in UTF-16 (with its BOM) or another declared encoding is
/// converted to UTF-8 as it is read (UTF-16 without a BOM is refused; the text of comments and processing
/// instructions is skipped without checking its characters). Line ends are normalised (CR LF and CR to LF; tab, CR and LF to a space in attribute values)
/// as XML requires. Element names are checked for XML's punctuation rules on their ASCII characters; any
/// character beyond ASCII is accepted as a name character.
/// <para>
/// Whitespace follows the <see cref="XmlReaderSettings.IgnoreWhitespace"/> setting the package reader used:
/// a run of text that is only spaces, tabs and line ends is dropped from an element's content unless
/// <c>xml:space="preserve"</c> is in scope; CDATA is always kept.
/// </para>
/// <para>
/// Spans and attribute positions refer to the current tag in the buffer and are valid until the next call
/// that moves the scanner.
/// </para>
/// </remarks>
internal sealed class SheetXml : IDisposable
{
    private const int InitialBuffer = 1 << 16;

    // The longest reference looked for (a character reference may pad its digits with zeros, but not this far).
    private const int MaxReference = 4096;

    // Bytes of text that need a look: markup, references, line ends, the ']' of ']]>', and what XML forbids.
    private static readonly SearchValues<byte> TextSpecial = SearchValues.Create(
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, (byte)'&', (byte)'<', (byte)']']);

    // In an attribute value tab and line ends are normalised to spaces, so all control characters need a look.
    private static readonly SearchValues<byte> AttributeSpecial = SearchValues.Create(
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, (byte)'&', (byte)'<']);

    private static readonly SearchValues<byte> Whitespace = SearchValues.Create(" \t\r\n"u8);

    private static readonly SearchValues<char> WhitespaceChars = SearchValues.Create(" \t\r\n");

    private Stream _input;

    // The converting stream over the part when it is not in UTF-8 (disposed with the scanner).
    private Stream? _transcoding;
    private byte[] _buf;
    private int _pos;
    private int _end;
    private bool _eof;

    // How far into the buffer a read may fill: limited for the first read only.
    private int _readLimit;


    // Open elements: qualified names end to end in one array, with where each starts and whether
    // xml:space="preserve" is in scope at that depth.
    private byte[] _names = new byte[256];
    private int _namesLength;
    private int[] _nameStarts = new int[16];
    private bool[] _preserve = new bool[17];
    private int _depth;
    private bool _rootSeen;
    private bool _rootClosed;

    // Namespace prefixes declared (xmlns:p) by open elements, innermost last.
    private readonly List<(byte[] Prefix, int Depth)> _prefixes = [];

    // A prefix last found declared (null when the declarations in scope have changed since).
    private byte[]? _checkedPrefix;

    // Where attribute values that need decoding are checked when their tag is read.
    private readonly CharBuffer _scratch = new();

    // The current tag: its qualified name and the offset of the local name within it.
    private int _nameStart;
    private int _nameLength;
    private int _localOffset;
    private Attribute[] _attributes = new Attribute[8];
    private int _attributeCount;

    /// <param name="input">The part's bytes.</param>
    /// <param name="firstRead">At most how many bytes the first read takes (for a caller that wants only the head).</param>
    public SheetXml(Stream input, int firstRead = InitialBuffer)
    {
        _input = input;
        _buf = ArrayPool<byte>.Shared.Rent(InitialBuffer);
        _readLimit = Math.Min(firstRead, _buf.Length);
        Fill();
        _readLimit = int.MaxValue;
        Prolog();
    }

    /// <summary>Depth of the current element: 1 for the root (as for its end tag).</summary>
    public int Depth { get; private set; }

    /// <summary>Whether the start tag just read closes itself (<c>&lt;c/&gt;</c>): no end tag follows.</summary>
    public bool IsEmptyElement { get; private set; }

    public int AttributeCount => _attributeCount;

    /// <summary>The local name (without prefix) of the current tag.</summary>
    public ReadOnlySpan<byte> LocalName => _buf.AsSpan(_nameStart + _localOffset, _nameLength - _localOffset);

    public void Dispose()
    {
        var buf = _buf;
        _buf = [];
        _transcoding?.Dispose();
        if (buf.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buf);
        }
    }

    /// <summary>Whether the current tag's local name is <paramref name="localName"/>.</summary>
    public bool Is(ReadOnlySpan<byte> localName) =>
        _nameLength - _localOffset == localName.Length && _buf[_nameStart + _localOffset] == localName[0] && LocalName.SequenceEqual(localName);

    /// <summary>Whether attribute <paramref name="i"/> has no prefix and that local name.</summary>
    public bool IsAttribute(int i, ReadOnlySpan<byte> localName)
    {
        ref readonly var a = ref _attributes[i];
        return a.Colon < 0 && a.NameLength == localName.Length && _buf[a.NameStart] == localName[0]
            && _buf.AsSpan(a.NameStart, a.NameLength).SequenceEqual(localName);
    }

    /// <summary>Whether attribute <paramref name="i"/> has a prefix (any) and that local name, as <c>r:id</c>.</summary>
    public bool IsPrefixedAttribute(int i, ReadOnlySpan<byte> localName)
    {
        ref readonly var a = ref _attributes[i];
        return a.Colon > 0 && a.NameLength - a.Colon - 1 == localName.Length
            && _buf.AsSpan(a.NameStart + a.Colon + 1, localName.Length).SequenceEqual(localName);
    }

    /// <summary>Decodes the value of attribute <paramref name="i"/> into <paramref name="dest"/> (replacing what it held).</summary>
    public ReadOnlySpan<char> AttributeValue(int i, CharBuffer dest)
    {
        ref readonly var a = ref _attributes[i];
        dest.Clear();
        if (a.Plain)
        {
            // Printable ASCII without references: each byte is its char.
            var chars = dest.Reserve(a.ValueLength);
            var bytes = _buf.AsSpan(a.ValueStart, a.ValueLength);
            for (var k = 0; k < bytes.Length; k++)
            {
                chars[k] = (char)bytes[k];
            }

            dest.Advance(bytes.Length);
        }
        else
        {
            DecodeAttribute(_buf.AsSpan(a.ValueStart, a.ValueLength), dest);
        }

        return dest.Span;
    }

    /// <summary>The value of the unprefixed attribute of that local name, decoded into <paramref name="dest"/>; false when absent.</summary>
    public bool TryGetAttribute(ReadOnlySpan<byte> localName, CharBuffer dest)
    {
        for (var i = 0; i < _attributeCount; i++)
        {
            if (IsAttribute(i, localName))
            {
                AttributeValue(i, dest);
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Moves to the next start or end tag, checking and skipping text, comments and processing instructions
    /// on the way. At the end of the part it checks every element was closed.
    /// </summary>
    public XmlToken Next()
    {
        if (_prefixes.Count > 0)
        {
            TrimPrefixes();
        }

        while (true)
        {
            if (_pos >= _end || _buf[_pos] != '<')
            {
                SkipText();
            }

            if (_pos >= _end)
            {
                if (_depth > 0 || !_rootSeen)
                {
                    throw Error(_rootSeen ? "Unexpected end of file: an element is not closed." : "Root element is missing.");
                }

                return XmlToken.EndOfFile;
            }

            Ensure(2);
            switch (_pos + 1 < _end ? _buf[_pos + 1] : (byte)0)
            {
                case (byte)'/':
                    EndTag();
                    return XmlToken.EndElement;
                case (byte)'!':
                    Bang(null);
                    break;
                case (byte)'?':
                    SkipProcessingInstruction();
                    break;
                default:
                    StartTag();
                    return XmlToken.StartElement;
            }
        }
    }

    /// <summary>
    /// Reads the text content of the element whose start tag was just read, through its end tag, into
    /// <paramref name="dest"/> (replacing what it held): text and CDATA joined, comments and processing
    /// instructions skipped. A child element is an error, as for <see cref="XmlReader.ReadElementContentAsString()"/>.
    /// </summary>
    public void ReadContent(CharBuffer dest)
    {
        dest.Clear();
        if (IsEmptyElement)
        {
            return;
        }

        var preserve = _preserve[_depth];
        if (PlainContent(dest, preserve))
        {
            return;
        }

        while (true)
        {
            var runStart = dest.Length;
            Text(dest);
            // Judged on the characters, as XmlReader judges: "&#32;" alone is whitespace too.
            if (!preserve && dest.Span[runStart..].IndexOfAnyExcept(WhitespaceChars) < 0)
            {
                dest.Truncate(runStart);
            }

            if (_pos >= _end)
            {
                throw Error("Unexpected end of file in an element's content.");
            }

            Ensure(2);
            switch (_pos + 1 < _end ? _buf[_pos + 1] : (byte)0)
            {
                case (byte)'/':
                    EndTag();
                    return;
                case (byte)'!':
                    Bang(dest);
                    break;
                case (byte)'?':
                    SkipProcessingInstruction();
                    break;
                default:
                    throw Error("A value element holds an element; it may hold text only.");
            }
        }
    }

    /// <summary>
    /// The common case of <see cref="ReadContent"/>: printable ASCII text (a number, a reference, a code)
    /// directly followed by the end tag, all in the buffer. False, having consumed nothing, for anything else.
    /// </summary>
    private bool PlainContent(CharBuffer dest, bool preserve)
    {
        var buf = _buf;
        var p = _pos;
        var end = _end;
        var visible = false;
        while (p < end)
        {
            var b = buf[p];
            if ((Classes[b] & PlainText) == 0)
            {
                break;
            }

            visible |= b > ' ';
            p++;
        }

        if (p + 1 >= end || buf[p] != '<' || buf[p + 1] != '/')
        {
            return false;
        }

        var start = _pos;
        _pos = p;
        if (!TryEndTag())
        {
            _pos = start;
            return false;
        }

        if (visible || preserve)
        {
            var length = p - start;
            var chars = dest.Reserve(length);
            for (var k = 0; k < length; k++)
            {
                chars[k] = (char)buf[start + k];
            }

            dest.Advance(length);
        }

        return true;
    }

    /// <summary>Skips the element whose start tag was just read, with everything in it, through its end tag.</summary>
    public void SkipElement()
    {
        if (IsEmptyElement)
        {
            return;
        }

        var depth = _depth;
        while (Next() != XmlToken.EndOfFile)
        {
            if (_depth < depth)
            {
                return;
            }
        }
    }

    private static XmlException Error(string message) => new(message);

    // ---- input ----

    /// <summary>Reads more bytes after the unconsumed ones (moved to the front); false at the end of the part.</summary>
    private bool Fill()
    {
        if (_eof)
        {
            return false;
        }

        if (_pos > 0)
        {
            _buf.AsSpan(_pos, _end - _pos).CopyTo(_buf);
            _end -= _pos;
            _pos = 0;
        }

        if (_end == _buf.Length)
        {
            var bigger = ArrayPool<byte>.Shared.Rent(_buf.Length * 2);
            _buf.AsSpan(0, _end).CopyTo(bigger);
            ArrayPool<byte>.Shared.Return(_buf);
            _buf = bigger;
        }

        int n;
        try
        {
            n = _input.Read(_buf, _end, Math.Min(_buf.Length, Math.Max(_readLimit, _end + 1)) - _end);
        }
        catch (DecoderFallbackException e)
        {
            throw new XmlException("Invalid character in the given encoding.", e);
        }

        if (n <= 0)
        {
            _eof = true;
            return false;
        }

        _end += n;
        return true;
    }

    /// <summary>Makes at least <paramref name="count"/> bytes available from the current position, if the part has them.</summary>
    private void Ensure(int count)
    {
        while (_end - _pos < count && Fill())
        {
        }
    }

    /// <summary>The BOM, another encoding converted to UTF-8, and the XML declaration.</summary>
    private void Prolog()
    {
        Ensure(4);
        var head = _buf.AsSpan(_pos, _end - _pos);
        if (head is [0xEF, 0xBB, 0xBF, ..])
        {
            _pos += 3;
        }
        else if (head is [0xFF, 0xFE, ..] or [0xFE, 0xFF, ..])
        {
            Transcode(head[0] == 0xFF ? new UnicodeEncoding(false, false, true) : new UnicodeEncoding(true, false, true), 2);
            return;
        }

        Ensure(6);
        if (!_buf.AsSpan(_pos, _end - _pos).StartsWith("<?xml"u8) || _end - _pos < 6 || !IsWhitespace(_buf[_pos + 5]))
        {
            return;
        }

        var close = FindInBuffer("?>"u8);
        var declaration = Encoding.UTF8.GetString(_buf, _pos + 5, close - _pos - 5);
        _pos = close + 2;
        if (!declaration.TrimStart().StartsWith("version", StringComparison.Ordinal))
        {
            throw Error("The XML declaration has no version.");
        }

        var at = declaration.IndexOf("encoding", StringComparison.Ordinal);
        if (at < 0)
        {
            return;
        }

        var rest = declaration[(at + 8)..].TrimStart().TrimStart('=').TrimStart();
        var name = rest.Length > 1 && rest[0] is '"' or '\'' && rest.IndexOf(rest[0], 1) is var q and > 0 ? rest[1..q] : throw Error("The XML declaration's encoding is malformed.");
        Encoding encoding;
        try
        {
            encoding = Encoding.GetEncoding(name);
        }
        catch (ArgumentException)
        {
            throw Error($"System does not support '{name}' encoding.");
        }

        if (encoding.CodePage != Encoding.UTF8.CodePage)
        {
            Transcode(encoding, 0);
        }
    }

    /// <summary>
    /// Continues over the rest of the part converted from another encoding to UTF-8 as it is read (rare; streamed,
    /// so a large part costs no more memory than in UTF-8). Bytes invalid in that encoding are an error.
    /// </summary>
    private void Transcode(Encoding encoding, int skip)
    {
        var head = _buf.AsSpan(_pos + skip, _end - _pos - skip).ToArray();
        var strict = Encoding.GetEncoding(encoding.CodePage, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
        _transcoding = Encoding.CreateTranscodingStream(new HeadThenRest(head, _input), strict, Encoding.UTF8, leaveOpen: true);
        _input = _transcoding;
        _pos = 0;
        _end = 0;
        _eof = false;
        Fill();
        Ensure(6);
        if (_buf.AsSpan(_pos, _end - _pos).StartsWith("<?xml"u8) && _end - _pos > 5 && IsWhitespace(_buf[_pos + 5]))
        {
            _pos = FindInBuffer("?>"u8) + 2;
        }
    }

    /// <summary>The bytes already read, then the rest of the stream: what a part in another encoding is converted from.</summary>
    /// <remarks>Read forward once by the decoder (CanSeek and CanWrite are false): the members for seeking and writing,
    /// which Stream requires, refuse with one explained exception.</remarks>
    private sealed class HeadThenRest(byte[] head, Stream rest) : Stream
    {
        private int _at;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw ForwardOnly();

        public override long Position { get => throw ForwardOnly(); set => throw ForwardOnly(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (_at < head.Length)
            {
                var n = Math.Min(buffer.Length, head.Length - _at);
                head.AsSpan(_at, n).CopyTo(buffer);
                _at += n;
                return n;
            }

            return rest.Read(buffer);
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw ForwardOnly();

        public override void SetLength(long value) => throw ForwardOnly();

        public override void Write(byte[] buffer, int offset, int count) => throw ForwardOnly();

        private static NotSupportedException ForwardOnly() => new("A re-encoded sheet part is read forward only.");
    }

    /// <summary>Where <paramref name="marker"/> next starts, reading on as needed; an error at the end of the part.</summary>
    private int FindInBuffer(ReadOnlySpan<byte> marker)
    {
        var from = _pos;
        while (true)
        {
            var i = _buf.AsSpan(from, _end - from).IndexOf(marker);
            if (i >= 0)
            {
                return from + i;
            }

            var seen = Math.Max(0, _end - _pos - marker.Length + 1);
            if (!Fill())
            {
                throw Error("Unexpected end of file in markup.");
            }

            from = _pos + seen;
        }
    }

    // ---- text ----

    /// <summary>Text between tags where none is collected: checked, and only whitespace outside the root.</summary>
    private void SkipText()
    {
        var topLevel = _depth == 0;
        if (topLevel)
        {
            while (true)
            {
                var span = _buf.AsSpan(_pos, _end - _pos);
                var i = span.IndexOfAnyExcept(Whitespace);
                if (i >= 0)
                {
                    _pos += i;
                    if (_buf[_pos] != '<')
                    {
                        throw Error("Data at the root level is invalid.");
                    }

                    return;
                }

                _pos = _end;
                if (!Fill())
                {
                    return;
                }
            }
        }

        Text(null);
    }

    /// <summary>Decodes (into <paramref name="dest"/>, or only checks) text up to the next <c>&lt;</c> or the end of the part.</summary>
    private void Text(CharBuffer? dest)
    {
        while (true)
        {
            var span = _buf.AsSpan(_pos, _end - _pos);
            var lt = span.IndexOf((byte)'<');
            var run = lt >= 0 ? span[..lt] : span;
            var used = DecodeText(run, dest, lt >= 0 || _eof);
            _pos += used;
            if (lt >= 0 && used == run.Length)
            {
                return;
            }

            if (!Fill())
            {
                if (_pos < _end)
                {
                    throw Error("Unexpected end of file in text.");
                }

                return;
            }
        }
    }

    /// <summary>
    /// Decodes text (no markup in it) into <paramref name="dest"/> or only checks it; returns how many bytes
    /// were used, stopping early before a reference, line end or UTF-8 sequence cut by the end of the buffer
    /// unless <paramref name="final"/>.
    /// </summary>
    private static int DecodeText(ReadOnlySpan<byte> s, CharBuffer? dest, bool final)
    {
        var i = 0;
        while (i < s.Length)
        {
            var rest = s[i..];
            var j = rest.IndexOfAny(TextSpecial);
            var plain = j < 0 ? rest : rest[..j];
            if (plain.Length > 0)
            {
                var read = Transcode(plain, dest, final || j >= 0);
                i += read;
                if (read < plain.Length)
                {
                    return i;
                }
            }

            if (j < 0)
            {
                break;
            }

            switch (s[i])
            {
                case (byte)'&':
                    var semi = s.Slice(i, Math.Min(s.Length - i, MaxReference)).IndexOf((byte)';');
                    if (semi < 0)
                    {
                        return final || s.Length - i >= MaxReference ? throw Error("An entity reference is not terminated.") : i;
                    }

                    Reference(s.Slice(i + 1, semi - 1), dest);
                    i += semi + 1;
                    break;
                case (byte)'\r':
                    if (i + 1 >= s.Length && !final)
                    {
                        return i;
                    }

                    dest?.Append('\n');
                    i += i + 1 < s.Length && s[i + 1] == '\n' ? 2 : 1;
                    break;
                case (byte)']':
                    if (i + 2 >= s.Length && !final)
                    {
                        return i;
                    }

                    if (i + 2 < s.Length && s[i + 1] == ']' && s[i + 2] == '>')
                    {
                        throw Error("']]>' is not allowed in text.");
                    }

                    dest?.Append(']');
                    i++;
                    break;
                default:
                    throw Error($"'\\u{s[i]:X4}' is an invalid character in XML.");
            }
        }

        return i;
    }

    /// <summary>UTF-8 without markup to UTF-16; the bytes used (fewer when a sequence is cut and more may come).</summary>
    private static int Transcode(ReadOnlySpan<byte> utf8, CharBuffer? dest, bool final)
    {
        if (dest is null)
        {
            if (System.Text.Ascii.IsValid(utf8))
            {
                return utf8.Length;
            }

            Span<char> scratch = stackalloc char[256];
            var used = 0;
            while (used < utf8.Length)
            {
                var status = Utf8.ToUtf16(utf8[used..], scratch, out var r, out var w, replaceInvalidSequences: false, isFinalBlock: final);
                CheckChars(scratch[..w]);
                used += r;
                if (status == OperationStatus.InvalidData)
                {
                    throw Error("Invalid UTF-8 in the part.");
                }

                if (status == OperationStatus.NeedMoreData)
                {
                    return used;
                }
            }

            return used;
        }

        var target = dest.Reserve(utf8.Length);
        var result = Utf8.ToUtf16(utf8, target, out var read, out var written, replaceInvalidSequences: false, isFinalBlock: final);
        if (result == OperationStatus.InvalidData)
        {
            throw Error("Invalid UTF-8 in the part.");
        }

        CheckChars(target[..written]);
        dest.Advance(written);
        return read;
    }

    private static void CheckChars(ReadOnlySpan<char> chars)
    {
        // Beyond ASCII, XML forbids only U+FFFE and U+FFFF (UTF-8 cannot encode a lone surrogate).
        if (chars.IndexOfAny('\uFFFE', '\uFFFF') >= 0)
        {
            throw Error("An invalid character in XML.");
        }
    }

    /// <summary>An entity or character reference (between <c>&amp;</c> and <c>;</c>).</summary>
    private static void Reference(ReadOnlySpan<byte> name, CharBuffer? dest)
    {
        if (name.Length > 1 && name[0] == '#')
        {
            var hex = name[1] == 'x';
            var digits = name[(hex ? 2 : 1)..];
            if (digits.Length == 0)
            {
                throw Error("A character reference has no digits.");
            }

            var code = 0;
            foreach (var b in digits)
            {
                var d = b is >= (byte)'0' and <= (byte)'9' ? b - '0'
                    : hex && (b | 0x20) is >= 'a' and <= 'f' ? (b | 0x20) - 'a' + 10
                    : throw Error("A character reference has a character that is not a digit.");
                code = Math.Min((code * (hex ? 16 : 10)) + d, 0x110000);
            }

            if (!(code is 0x9 or 0xA or 0xD || code is >= 0x20 and <= 0xD7FF || code is >= 0xE000 and <= 0xFFFD || code is >= 0x10000 and <= 0x10FFFF))
            {
                throw Error($"A character reference to an invalid character (0x{code:X}).");
            }

            if (dest is not null)
            {
                if (code < 0x10000)
                {
                    dest.Append((char)code);
                }
                else
                {
                    code -= 0x10000;
                    dest.Append((char)(0xD800 + (code >> 10)));
                    dest.Append((char)(0xDC00 + (code & 0x3FF)));
                }
            }

            return;
        }

        var c = name switch
        {
            _ when name.SequenceEqual("lt"u8) => '<',
            _ when name.SequenceEqual("gt"u8) => '>',
            _ when name.SequenceEqual("amp"u8) => '&',
            _ when name.SequenceEqual("apos"u8) => '\'',
            _ when name.SequenceEqual("quot"u8) => '"',
            _ => throw Error("Reference to an undeclared entity."),
        };
        dest?.Append(c);
    }

    /// <summary>An attribute value (between its quotes) decoded: references, and tab and line ends as spaces.</summary>
    private static void DecodeAttribute(ReadOnlySpan<byte> s, CharBuffer dest)
    {
        var i = 0;
        while (i < s.Length)
        {
            var rest = s[i..];
            var j = rest.IndexOfAny(AttributeSpecial);
            var plain = j < 0 ? rest : rest[..j];
            if (plain.Length > 0)
            {
                Transcode(plain, dest, true);
                i += plain.Length;
            }

            if (j < 0)
            {
                break;
            }

            switch (s[i])
            {
                case (byte)'&':
                    var semi = s[i..].IndexOf((byte)';');
                    if (semi < 0)
                    {
                        throw Error("An entity reference is not terminated.");
                    }

                    Reference(s.Slice(i + 1, semi - 1), dest);
                    i += semi + 1;
                    break;
                case (byte)'\r':
                    dest.Append(' ');
                    i += i + 1 < s.Length && s[i + 1] == '\n' ? 2 : 1;
                    break;
                case (byte)'\t' or (byte)'\n':
                    dest.Append(' ');
                    i++;
                    break;
                case (byte)'<':
                    throw Error("'<' is not allowed in an attribute value.");
                default:
                    throw Error($"'\\u{s[i]:X4}' is an invalid character in XML.");
            }
        }
    }

    // ---- markup ----

    /// <summary>
    /// <c>&lt;!</c>: a comment (skipped), CDATA (appended to <paramref name="dest"/> when collecting), or a
    /// DOCTYPE or other declaration, which is refused as XmlReader refuses DTDs.
    /// </summary>
    private void Bang(CharBuffer? dest)
    {
        Ensure(9);
        var head = _buf.AsSpan(_pos, _end - _pos);
        if (head.StartsWith("<!--"u8))
        {
            _pos += 4;
            var dashes = FindInBuffer("--"u8) - _pos;
            Ensure(dashes + 3);
            var close = _pos + dashes;
            if (close + 2 >= _end || _buf[close + 2] != '>')
            {
                throw Error("'--' is not allowed in a comment.");
            }

            _pos = close + 3;
            return;
        }

        if (head.StartsWith("<![CDATA["u8))
        {
            if (_depth == 0)
            {
                throw Error("CDATA is not allowed outside the root element.");
            }

            _pos += 9;
            var close = FindInBuffer("]]>"u8);
            var content = _buf.AsSpan(_pos, close - _pos);
            // CDATA's text is taken as is, apart from line ends; '&' and '<' are literal in it.
            var i = 0;
            while (i < content.Length)
            {
                var j = content[i..].IndexOfAny(TextSpecial);
                var plain = j < 0 ? content[i..] : content.Slice(i, j);
                Transcode(plain, dest, true);
                i += plain.Length;
                if (j < 0)
                {
                    break;
                }

                switch (content[i])
                {
                    case (byte)'\r':
                        dest?.Append('\n');
                        i += i + 1 < content.Length && content[i + 1] == '\n' ? 2 : 1;
                        break;
                    case (byte)'&' or (byte)'<' or (byte)']':
                        dest?.Append((char)content[i]);
                        i++;
                        break;
                    default:
                        throw Error($"'\\u{content[i]:X4}' is an invalid character in XML.");
                }
            }

            _pos = close + 3;
            return;
        }

        if (head.StartsWith("<!DOCTYPE"u8))
        {
            throw Error("For security reasons DTD is prohibited in this XML document.");
        }

        throw Error("Unexpected markup after '<!'.");
    }

    private void SkipProcessingInstruction()
    {
        _pos += 2;
        var close = FindInBuffer("?>"u8);
        var target = _buf.AsSpan(_pos, close - _pos);
        var nameEnd = target.IndexOfAny(" \t\r\n"u8);
        var name = nameEnd < 0 ? target : target[..nameEnd];
        if (name.Length == 0 || (name.Length == 3 && (name[0] | 0x20) == 'x' && (name[1] | 0x20) == 'm' && (name[2] | 0x20) == 'l'))
        {
            throw Error("Unexpected XML declaration or processing instruction without a name.");
        }

        _pos = close + 2;
    }

    private void StartTag()
    {
        while (!TryStartTag())
        {
            if (!Fill())
            {
                throw Error("Unexpected end of file in a tag.");
            }
        }
    }

    /// <summary>
    /// Parses the start tag at the current position in one pass; false when the buffer ends inside it (then
    /// nothing is kept, and it is parsed again once more bytes are in).
    /// </summary>
    private bool TryStartTag()
    {
        var buf = _buf;
        var end = _end;
        var p = _pos + 1;
        var (nameLength, colon) = Name(p);
        if (nameLength < 0)
        {
            return false;
        }

        var nameStart = p;
        p += nameLength;
        _attributeCount = 0;
        var empty = false;
        while (true)
        {
            var ws = p;
            while (p < end && IsWhitespace(buf[p]))
            {
                p++;
            }

            if (p >= end)
            {
                return false;
            }

            var b = buf[p];
            if (b == '>')
            {
                break;
            }

            if (b == '/')
            {
                if (p + 1 >= end)
                {
                    return false;
                }

                if (buf[p + 1] != '>')
                {
                    throw Error("Unexpected '/' in a tag.");
                }

                empty = true;
                p++;
                break;
            }

            if (p == ws)
            {
                throw Error("Whitespace is required between attributes.");
            }

            var (attrLength, attrColon) = Name(p);
            if (attrLength < 0)
            {
                return false;
            }

            var attrStart = p;
            p += attrLength;
            while (p < end && IsWhitespace(buf[p]))
            {
                p++;
            }

            if (p >= end)
            {
                return false;
            }

            if (buf[p] != '=')
            {
                throw Error("An attribute has no '='.");
            }

            p++;
            while (p < end && IsWhitespace(buf[p]))
            {
                p++;
            }

            if (p >= end)
            {
                return false;
            }

            var quote = buf[p];
            if (quote is not ((byte)'"' or (byte)'\''))
            {
                throw Error("An attribute value is not quoted.");
            }

            var valueStart = ++p;
            var plain = true;
            while (true)
            {
                if (p >= end)
                {
                    return false;
                }

                var c = buf[p];
                if (c == quote)
                {
                    break;
                }

                if ((Classes[c] & PlainAttribute) == 0)
                {
                    if (c == '<')
                    {
                        throw Error("'<' is not allowed in an attribute value.");
                    }

                    plain = false;
                }

                p++;
            }

            var valueLength = p - valueStart;
            p++;
            if (!plain)
            {
                // Checked now, as XmlReader checks every attribute of a tag when it reads the tag.
                _scratch.Clear();
                DecodeAttribute(buf.AsSpan(valueStart, valueLength), _scratch);
            }

            for (var i = 0; i < _attributeCount; i++)
            {
                ref readonly var other = ref _attributes[i];
                if (other.NameLength == attrLength && buf.AsSpan(other.NameStart, attrLength).SequenceEqual(buf.AsSpan(attrStart, attrLength)))
                {
                    throw Error("Duplicate attribute.");
                }
            }

            if (_attributeCount == _attributes.Length)
            {
                Array.Resize(ref _attributes, _attributeCount * 2);
            }

            _attributes[_attributeCount++] = new Attribute(attrStart, attrLength, attrColon, valueStart, valueLength, plain);
        }

        // The whole tag is in: p is on its '>'.
        if (_rootClosed)
        {
            throw Error("There are multiple root elements.");
        }

        var preserve = _preserve[_depth];
        var prefixed = colon > 0;
        for (var i = 0; i < _attributeCount; i++)
        {
            ref readonly var a = ref _attributes[i];
            if (a.Colon <= 0)
            {
                continue;
            }

            prefixed = true;
            var prefix = buf.AsSpan(a.NameStart, a.Colon);
            var local = buf.AsSpan(a.NameStart + a.Colon + 1, a.NameLength - a.Colon - 1);
            if (prefix.SequenceEqual("xmlns"u8))
            {
                _prefixes.Add((local.ToArray(), _depth + 1));
                _checkedPrefix = null;
            }
            else if (prefix.SequenceEqual("xml"u8) && local.SequenceEqual("space"u8))
            {
                var value = buf.AsSpan(a.ValueStart, a.ValueLength);
                preserve = value.SequenceEqual("preserve"u8) || (!value.SequenceEqual("default"u8) ? throw Error("Invalid xml:space value.") : false);
            }
        }

        if (prefixed)
        {
            // Checked once the tag's own declarations are known.
            if (colon > 0)
            {
                CheckPrefix(buf.AsSpan(nameStart, colon));
            }

            for (var i = 0; i < _attributeCount; i++)
            {
                ref readonly var a = ref _attributes[i];
                if (a.Colon > 0 && !buf.AsSpan(a.NameStart, a.Colon).SequenceEqual("xmlns"u8))
                {
                    CheckPrefix(buf.AsSpan(a.NameStart, a.Colon));
                }
            }
        }

        _rootSeen = true;
        _nameStart = nameStart;
        _nameLength = nameLength;
        _localOffset = colon + 1;
        IsEmptyElement = empty;
        Depth = _depth + 1;
        if (!empty)
        {
            Push(buf.AsSpan(nameStart, nameLength), preserve);
        }
        else if (_depth == 0)
        {
            _rootClosed = true;
        }

        _pos = p + 1;
        return true;
    }

    private void EndTag()
    {
        while (!TryEndTag())
        {
            if (!Fill())
            {
                throw Error("Unexpected end of file in a tag.");
            }
        }
    }

    /// <summary>Parses the end tag at the current position; false when the buffer ends inside it.</summary>
    private bool TryEndTag()
    {
        var p = _pos + 2;
        var (nameLength, colon) = Name(p);
        if (nameLength < 0)
        {
            return false;
        }

        var q = p + nameLength;
        while (q < _end && IsWhitespace(_buf[q]))
        {
            q++;
        }

        if (q >= _end)
        {
            return false;
        }

        if (_buf[q] != '>')
        {
            throw Error("An end tag holds more than its name.");
        }

        if (_depth == 0)
        {
            throw Error("An end tag without a start tag.");
        }

        var openStart = _nameStarts[_depth - 1];
        if (_namesLength - openStart != nameLength || !_names.AsSpan(openStart, nameLength).SequenceEqual(_buf.AsSpan(p, nameLength)))
        {
            throw Error("The end tag does not match the start tag.");
        }

        _nameStart = p;
        _nameLength = nameLength;
        _localOffset = colon + 1;
        _attributeCount = 0;
        IsEmptyElement = false;
        Depth = _depth;
        _namesLength = openStart;
        _depth--;
        if (_depth == 0)
        {
            _rootClosed = true;
        }

        _pos = q + 1;
        return true;
    }

    private void Push(ReadOnlySpan<byte> name, bool preserve)
    {
        if (_depth == _nameStarts.Length)
        {
            Array.Resize(ref _nameStarts, _depth * 2);
            Array.Resize(ref _preserve, (_depth * 2) + 1);
        }

        if (_namesLength + name.Length > _names.Length)
        {
            Array.Resize(ref _names, Math.Max(_names.Length * 2, _namesLength + name.Length));
        }

        _nameStarts[_depth] = _namesLength;
        name.CopyTo(_names.AsSpan(_namesLength));
        _namesLength += name.Length;
        _depth++;
        _preserve[_depth] = preserve;
    }

    private void TrimPrefixes()
    {
        while (_prefixes.Count > 0 && _prefixes[^1].Depth > _depth)
        {
            _prefixes.RemoveAt(_prefixes.Count - 1);
            _checkedPrefix = null;
        }
    }

    private void CheckPrefix(ReadOnlySpan<byte> prefix)
    {
        if (prefix.SequenceEqual("xml"u8))
        {
            return;
        }

        // Files that prefix every element ask about the same prefix at every tag.
        if (_checkedPrefix is not null && prefix.SequenceEqual(_checkedPrefix))
        {
            return;
        }

        for (var i = _prefixes.Count - 1; i >= 0; i--)
        {
            if (prefix.SequenceEqual(_prefixes[i].Prefix))
            {
                _checkedPrefix = _prefixes[i].Prefix;
                return;
            }
        }

        throw Error($"'{Encoding.UTF8.GetString(prefix)}' is an undeclared prefix.");
    }

    /// <summary>
    /// The length of the name at <paramref name="p"/> and the offset of its colon (-1 without prefix); length -1
    /// when the buffer ends inside it (more may come).
    /// </summary>
    private (int Length, int Colon) Name(int p)
    {
        var buf = _buf;
        var end = _end;
        var start = p;
        var colon = -1;
        if (p >= end)
        {
            return (-1, -1);
        }

        if ((Classes[buf[p]] & NameStart) == 0)
        {
            throw Error("A name starts with an invalid character.");
        }

        p++;
        while (true)
        {
            if (p >= end)
            {
                return (-1, -1);
            }

            var b = buf[p];
            if ((Classes[b] & NameChar) != 0)
            {
                p++;
                continue;
            }

            if (b != ':')
            {
                return (p - start, colon);
            }

            if (colon >= 0)
            {
                throw Error("A name has more than one colon.");
            }

            colon = p - start;
            p++;
            if (p >= end)
            {
                return (-1, -1);
            }

            if ((Classes[buf[p]] & NameStart) == 0)
            {
                throw Error("A name's local part starts with an invalid character.");
            }
        }
    }

    private static bool IsWhitespace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n';

    private readonly record struct Attribute(int NameStart, int NameLength, int Colon, int ValueStart, int ValueLength, bool Plain);

    // Byte classes: what a byte may be in a name, and which bytes text and attribute values take as they are.
    private const byte NameStart = 1;
    private const byte NameChar = 2;
    private const byte PlainText = 4;
    private const byte PlainAttribute = 8;

    private static readonly byte[] Classes = BuildClasses();

    private static byte[] BuildClasses()
    {
        var classes = new byte[256];
        for (var b = 0; b < 256; b++)
        {
            var start = b is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or '_' or >= 0x80;
            var name = start || b is (>= '0' and <= '9') or '-' or '.';
            // Text: printable ASCII, tab and LF, without the markup and reference characters and ']' (of "]]>");
            // CR is normalised, so it takes the general path.
            var text = (b is (>= 0x20 and < 0x7F) or '\t' or '\n') && b is not ('<' or '&' or ']');
            // Attribute values: printable ASCII without '<' and '&' (tab and line ends become spaces there).
            var attribute = b is >= 0x20 and < 0x7F && b is not ('<' or '&');
            classes[b] = (byte)((start ? NameStart : 0) | (name ? NameChar : 0) | (text ? PlainText : 0) | (attribute ? PlainAttribute : 0));
        }

        return classes;
    }
}
