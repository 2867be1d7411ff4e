using System.Text;

namespace Metrics.Pipeline.Api;

/// <summary>
/// The one upload limit, declared once: both hosts (<c>metrics serve</c> and the Functions app)
/// answer 413 above it through <see cref="MetricsApi"/>, and the page and README state it.
/// </summary>
public static class UploadLimits
{
    /// <summary>Largest accepted request body: 50 MiB. Counties' workbooks are a few MB at most.</summary>
    public const int MaxBytes = 50 * 1024 * 1024;

    /// <summary>The limit as people read it.</summary>
    public const string Text = "50 MB";

    /// <summary>Room for a multipart envelope (boundaries and part headers) around a workbook of the largest size.</summary>
    private const int MultipartEnvelopeBytes = 64 * 1024;

    /// <summary>Whether a workbook of <paramref name="bytes"/> is within the limit.</summary>
    public static bool Allows(long bytes) => bytes <= MaxBytes;

    /// <summary>The most a request body may hold: the workbook, plus its envelope when it comes as multipart.</summary>
    public static long BodyLimit(bool multipart) => multipart ? MaxBytes + MultipartEnvelopeBytes : MaxBytes;
}

/// <summary>
/// Takes the workbook out of an upload request: a raw body (the page, <c>curl --data-binary</c>) or
/// <c>multipart/form-data</c> with exactly one file part (<c>curl -F file=@county.xlsx</c>, HTML
/// forms). Anything else is refused before a byte is stored.
/// </summary>
public static class UploadBody
{
    /// <summary>Content types under which a raw body is taken as the workbook itself.</summary>
    private static readonly string[] RawTypes =
    [
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/octet-stream",
        "application/vnd.ms-excel",
    ];

    /// <summary>Whether a request with this Content-Type can carry a workbook at all (checked before reading the body).</summary>
    public static bool IsAcceptedType(string? contentType) =>
        string.IsNullOrWhiteSpace(contentType)
        || RawTypes.Contains(MediaType(contentType), StringComparer.OrdinalIgnoreCase)
        || IsMultipart(contentType);

    public static bool IsMultipart(string? contentType) =>
        contentType is not null && MediaType(contentType).Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The file part of a multipart body, or an error code: <c>bad_multipart</c> when the body does not
    /// parse or has no boundary, <c>one_file</c> when it holds no file part or more than one.
    /// </summary>
    public static (byte[]? File, string? Error) ExtractFile(string contentType, byte[] body)
    {
        var boundary = Parameter(contentType, "boundary");
        if (string.IsNullOrEmpty(boundary))
        {
            return (null, "bad_multipart");
        }

        var delimiter = Encoding.ASCII.GetBytes("--" + boundary);
        var span = body.AsSpan();
        var at = span.IndexOf(delimiter);
        if (at < 0)
        {
            return (null, "bad_multipart");
        }

        byte[]? file = null;
        var files = 0;
        var pos = at + delimiter.Length;
        while (true)
        {
            // After a delimiter: "--" closes the body, CRLF starts a part.
            if (span[pos..].StartsWith("--"u8))
            {
                break;
            }

            if (!span[pos..].StartsWith("\r\n"u8))
            {
                return (null, "bad_multipart");
            }

            pos += 2;
            var headerEnd = span[pos..].IndexOf("\r\n\r\n"u8);
            if (headerEnd < 0)
            {
                return (null, "bad_multipart");
            }

            var headers = Encoding.UTF8.GetString(span.Slice(pos, headerEnd));
            var contentStart = pos + headerEnd + 4;
            var next = span[contentStart..].IndexOf(Encoding.ASCII.GetBytes("\r\n--" + boundary));
            if (next < 0)
            {
                return (null, "bad_multipart");
            }

            if (IsFilePart(headers))
            {
                files++;
                file = span.Slice(contentStart, next).ToArray();
            }

            pos = contentStart + next + 2 + delimiter.Length;
        }

        return files == 1 ? (file, null) : (null, "one_file");
    }

    /// <summary>A part is a file when its Content-Disposition names a file (<c>filename=</c> or <c>filename*=</c>).</summary>
    private static bool IsFilePart(string headers)
    {
        foreach (var line in headers.Split("\r\n"))
        {
            if (line.StartsWith("Content-Disposition:", StringComparison.OrdinalIgnoreCase)
                && line.Contains("filename", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether the bytes can be a workbook: a ZIP package (.xlsx) or an OLE compound file (old .xls or a password-protected .xlsx, which validation explains).</summary>
    public static bool LooksLikeWorkbook(ReadOnlySpan<byte> bytes) =>
        bytes.StartsWith("PK\u0003\u0004"u8) || bytes.StartsWith((ReadOnlySpan<byte>)[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);

    private static string MediaType(string contentType) => contentType.Split(';')[0].Trim();

    private static string? Parameter(string contentType, string name)
    {
        foreach (var part in contentType.Split(';').Skip(1))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0 && part[..eq].Trim().Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return part[(eq + 1)..].Trim().Trim('"');
            }
        }

        return null;
    }
}
