using System.Globalization;
using System.Text.Json;
using Metrics.Core.Json;
using Metrics.Core.Profiles;
using Metrics.Excel.Template;
using Metrics.Pipeline.Ingest;
using Metrics.Pipeline.Storage;

namespace Metrics.Pipeline.Api;

/// <summary>An HTTP answer, independent of the host (Azure Functions or <c>metrics serve</c>).</summary>
public sealed record ApiResult(int StatusCode, string ContentType, byte[] Body, string? FileName = null)
{
    /// <summary>Response headers beyond the content type (the page's security headers); hosts copy them as they are.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = NoHeaders;

    private static readonly Dictionary<string, string> NoHeaders = [];

    public static ApiResult Json(int status, Action<Utf8JsonWriter> write) =>
        new(status, ContentTypes.Json, JsonOutput.Write(write, indented: false));

    public static ApiResult Error(int status, string code, string zh, string en) => Json(status, w =>
    {
        w.WriteStartObject();
        w.WriteString("error", code);
        w.WriteString("messageZh", zh);
        w.WriteString("messageEn", en);
        w.WriteEndObject();
    });
}

/// <summary>
/// The HTTP API (functions/Metrics.Pipeline/README.md), shared by both hosts: they translate their request into one call
/// here and the <see cref="ApiResult"/> back. Authorisation lives here too, so it is the same
/// everywhere: anonymous 401, another county 403, bad identifiers 400.
/// </summary>
public sealed class MetricsApi(IBlobStore store, ProfileCatalog profiles, RollupService rollups, TimeProvider clock)
{
    internal static readonly Lazy<byte[]> PortalPage = new(() =>
    {
        using var s = typeof(MetricsApi).Assembly.GetManifestResourceStream("Metrics.Pipeline.Web.portal.html")
            ?? throw new InvalidOperationException("portal.html is not embedded.");
        using var m = new MemoryStream();
        s.CopyTo(m);
        return m.ToArray();
    });

    private static readonly ApiResult Unauthorized = ApiResult.Error(401, "unauthorized", "请登录或提供访问密钥。", "Sign in or provide an API key.");
    private static readonly ApiResult Forbidden = ApiResult.Error(403, "forbidden", "无权访问该县的数据。", "You may not access this county.");
    private static readonly ApiResult EvaluatorsOnly = ApiResult.Error(403, "forbidden", "仅评估人员可以访问。", "Evaluators only.");

    private StatusStore Statuses => new(store);

    public ApiResult Portal() => new(200, ContentTypes.Html, PortalPage.Value) { Headers = PortalSecurity.Headers };

    /// <summary>The OpenAPI document of every route, with the given host's authentication. Anonymous: it holds no data.</summary>
    public static ApiResult OpenApi(ApiHost host) => new(200, ContentTypes.Json, OpenApiDocument.For(host));

    /// <summary>Who the caller is, without the years (no storage read).</summary>
    public ApiResult Me(MetricsPrincipal? who) => who is null ? Unauthorized : WriteMe(who, []);

    /// <summary>
    /// Who the caller is, and the school years holding data the caller may see (a status of one of
    /// its counties; any county for an evaluator), so the page opens on the latest of them rather
    /// than on the clock's year.
    /// </summary>
    public async Task<ApiResult> MeAsync(MetricsPrincipal? who, CancellationToken ct)
    {
        if (who is null)
        {
            return Unauthorized;
        }

        var years = new SortedSet<int>();
        await foreach (var e in store.ListAsync(StorageLayout.ContainerPrefix(StorageLayout.Status), ct).ConfigureAwait(false))
        {
            if (StorageLayout.TryParse(e.Path) is { Kind: StorageKind.Status, Year: { } y, County: { } county }
                && (who.IsEvaluator || who.Counties.Contains(county)))
            {
                years.Add(y);
            }
        }

        return WriteMe(who, years);
    }

    private static ApiResult WriteMe(MetricsPrincipal who, IEnumerable<int> years) => ApiResult.Json(200, w =>
    {
        w.WriteStartObject();
        w.WriteString("name", who.Name);
        w.WriteBoolean("evaluator", who.IsEvaluator);
        w.WriteStartArray("counties");
        foreach (var c in who.Counties.Order(StringComparer.Ordinal))
        {
            w.WriteStringValue(c);
        }

        w.WriteEndArray();
        w.WriteStartArray("years");
        foreach (var y in years)
        {
            w.WriteNumberValue(y);
        }

        w.WriteEndArray();
        w.WriteEndObject();
    });

    public Task<ApiResult> TemplateAsync(MetricsPrincipal? who, string? year, string? profile, CancellationToken ct)
    {
        _ = ct;
        if (who is null)
        {
            return Task.FromResult(Unauthorized);
        }

        int? y = null;
        if (!string.IsNullOrEmpty(year))
        {
            if (!Identifiers.TryYear(year, out var parsed))
            {
                return Task.FromResult(BadYear());
            }

            y = parsed;
        }

        if (!profiles.TryGet(profile, out var p))
        {
            return Task.FromResult(ApiResult.Error(400, "unknown_profile", $"未知的评估方案“{profile}”。", $"Unknown profile '{profile}'."));
        }

        using var buffer = new MemoryStream();
        TemplateWriter.Write(buffer, y, p.Id);
        var name = y is { } yy ? $"metrics-template-{yy.ToString(CultureInfo.InvariantCulture)}-{p.Id}.xlsx" : $"metrics-template-{p.Id}.xlsx";
        return Task.FromResult(new ApiResult(200, ContentTypes.Xlsx, buffer.ToArray(), name));
    }

    /// <summary>A raw upload with no declared content type (tests and callers that send bytes only).</summary>
    public Task<ApiResult> UploadAsync(MetricsPrincipal? who, string year, string county, Stream body, CancellationToken ct) =>
        UploadAsync(who, year, county, contentType: null, contentLength: null, body, ct);

    /// <summary>
    /// Stores an upload for ingestion: a raw workbook body or multipart/form-data with one file part.
    /// Everything that cannot be a workbook is answered at once (415, 413, 400) and nothing is stored.
    /// </summary>
    public async Task<ApiResult> UploadAsync(MetricsPrincipal? who, string year, string county, string? contentType, long? contentLength, Stream body, CancellationToken ct)
    {
        if (Check(who, year, county, write: true, out var y) is { } denied)
        {
            return denied;
        }

        if (!UploadBody.IsAcceptedType(contentType))
        {
            return UnsupportedType(contentType);
        }

        var multipart = UploadBody.IsMultipart(contentType);
        var limit = UploadLimits.BodyLimit(multipart);
        if (contentLength > limit)
        {
            return TooLarge();
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int n;
        while ((n = await body.ReadAsync(chunk, ct).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + n > limit)
            {
                return TooLarge();
            }

            buffer.Write(chunk, 0, n);
        }

        if (multipart && buffer.Length > 0)
        {
            var (file, error) = UploadBody.ExtractFile(contentType!, buffer.ToArray());
            if (file is null)
            {
                return error == "one_file"
                    ? ApiResult.Error(400, "one_file", "multipart/form-data 上传须恰好包含一个文件部分（例如 curl -F file=@county.xlsx）。", "A multipart/form-data upload must hold exactly one file part (e.g. curl -F file=@county.xlsx).")
                    : ApiResult.Error(400, "bad_multipart", "无法解析 multipart/form-data 请求体（缺少 boundary 或格式不完整）。", "The multipart/form-data body cannot be parsed (no boundary, or incomplete).");
            }

            if (!UploadLimits.Allows(file.Length))
            {
                return TooLarge();
            }

            buffer.SetLength(0);
            buffer.Write(file);
        }

        if (buffer.Length == 0)
        {
            return ApiResult.Error(400, "empty_file", "上传的文件为空。", "The uploaded file is empty.");
        }

        if (!UploadBody.LooksLikeWorkbook(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)))
        {
            return ApiResult.Error(415, "not_xlsx", "上传的内容不是 Excel .xlsx 工作簿。请上传填写好的县级工作簿。", "The upload is not an Excel .xlsx workbook. Upload the filled-in county workbook.");
        }

        // Every upload is kept under its own name: nothing a county sends is overwritten or lost.
        var now = clock.GetUtcNow().UtcDateTime;
        var bytes = buffer.ToArray();
        // The page polls until the status carries this hash, so an older result never shows as the new one.
        var sha = Sha256.Hex(bytes);
        // Two uploads in the same millisecond (two browser tabs, a retrying client) must not overwrite each
        // other: the name is created only if absent, else _2, _3 … is added, which sorts after the plain name
        // ('_' > '.'), so the ordering guard's tie-break by name still makes the later upload the newer one.
        var stem = StorageLayout.UploadStem(y, county, now);
        var path = stem + ".xlsx";
        for (var copy = 2; !await store.TryCreateAsync(path, bytes, ContentTypes.Xlsx, ct).ConfigureAwait(false); copy++)
        {
            path = stem + "_" + copy.ToString(CultureInfo.InvariantCulture) + ".xlsx";
        }

        await Statuses.WriteAsync(new SubmissionStatus(SubmissionState.Processing, y, county, null, path, sha, now, null, []), ct).ConfigureAwait(false);
        return ApiResult.Json(202, w =>
        {
            w.WriteStartObject();
            w.WriteString("state", "processing");
            w.WriteString("blob", path);
            w.WriteString("sha256", sha);
            w.WriteEndObject();
        });
    }

    public async Task<ApiResult> StatusAsync(MetricsPrincipal? who, string year, string county, CancellationToken ct)
    {
        if (Check(who, year, county, write: false, out var y) is { } denied)
        {
            return denied;
        }

        var status = await Statuses.ReadAsync(y, county, ct).ConfigureAwait(false)
            ?? new SubmissionStatus(SubmissionState.None, y, county, null, null, null, clock.GetUtcNow(), null, []);
        return new ApiResult(200, ContentTypes.Json, StatusStore.Serialize(status));
    }

    public Task<ApiResult> ScorecardAsync(MetricsPrincipal? who, string year, string county, string? format, CancellationToken ct) =>
        DownloadAsync(who, year, county, "scorecard", format, ct);

    public Task<ApiResult> ValidationAsync(MetricsPrincipal? who, string year, string county, string? format, CancellationToken ct) =>
        DownloadAsync(who, year, county, "validation", format, ct);

    public async Task<ApiResult> RollupAsync(MetricsPrincipal? who, string year, string? format, CancellationToken ct)
    {
        if (CheckEvaluator(who, year, out var y) is { } denied)
        {
            return denied;
        }

        if (Format(format) is not { } f)
        {
            return BadFormat();
        }

        var bytes = await store.ReadAllBytesAsync(StorageLayout.RollupFile(y, f.Ext), ct).ConfigureAwait(false);
        return bytes is null
            ? ApiResult.Error(404, "not_found", "该学年尚未汇总。", "No rollup for this year yet.")
            : new ApiResult(200, f.Type, bytes, $"rollup-{y.ToString(CultureInfo.InvariantCulture)}.{f.Ext}");
    }

    public async Task<ApiResult> RunRollupAsync(MetricsPrincipal? who, string year, CancellationToken ct)
    {
        if (CheckEvaluator(who, year, out var y) is { } denied)
        {
            return denied;
        }

        var outcome = await rollups.RunAsync(y, ct).ConfigureAwait(false);
        return ApiResult.Json(200, w =>
        {
            w.WriteStartObject();
            w.WriteNumber("year", outcome.Year);
            w.WriteNumber("counties", outcome.Counties);
            w.WriteNumber("passing", outcome.Passing);
            w.WriteNumber("missing", outcome.Missing);
            w.WriteEndObject();
        });
    }

    public async Task<ApiResult> CountiesAsync(MetricsPrincipal? who, string year, CancellationToken ct)
    {
        if (CheckEvaluator(who, year, out var y) is { } denied)
        {
            return denied;
        }

        var statuses = await Statuses.ListAsync(y, ct).ConfigureAwait(false);
        return ApiResult.Json(200, w =>
        {
            w.WriteStartObject();
            w.WriteNumber("year", y);
            w.WriteStartArray("counties");
            foreach (var s in statuses.OrderBy(s => s.County, StringComparer.Ordinal))
            {
                w.WriteStartObject();
                w.WriteString("code", s.County);
                w.WriteString("name", s.CountyName ?? "");
                w.WriteString("state", SubmissionStatus.Name(s.State));
                w.WriteStringOrNull("overall", s.Overall is { } overall ? ScorecardJson.Name(overall) : null);

                w.WriteTimestamp("updatedUtc", s.UpdatedUtc);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    private async Task<ApiResult> DownloadAsync(MetricsPrincipal? who, string year, string county, string kind, string? format, CancellationToken ct)
    {
        if (Check(who, year, county, write: false, out var y) is { } denied)
        {
            return denied;
        }

        if (kind == "scorecard" && string.Equals(format, "prefilled", StringComparison.OrdinalIgnoreCase))
        {
            // Beside the scorecard of a statistics export: the county workbook pre-filled from it.
            var prefilled = await store.ReadAllBytesAsync(StorageLayout.Report(y, county, ExportEvaluation.PrefilledName), ct).ConfigureAwait(false);
            return prefilled is null
                ? ApiResult.Error(404, "not_found", "尚无该文件（仅上传统计数据时生成）。", "Not available (made only when the statistics export is uploaded).")
                : new ApiResult(200, ContentTypes.Xlsx, prefilled, $"prefilled-{county}-{y.ToString(CultureInfo.InvariantCulture)}.xlsx");
        }

        if (Format(format) is not { } f || (kind == "validation" && f.Ext == "html"))
        {
            return BadFormat();
        }

        var bytes = await store.ReadAllBytesAsync(StorageLayout.Report(y, county, $"{kind}.{f.Ext}"), ct).ConfigureAwait(false);
        return bytes is null
            ? ApiResult.Error(404, "not_found", "尚无该文件。", "Not available yet.")
            : new ApiResult(200, f.Type, bytes, $"{kind}-{county}-{y.ToString(CultureInfo.InvariantCulture)}.{f.Ext}");
    }

    private static (string Ext, string Type)? Format(string? format) => (format ?? "json").ToLowerInvariant() switch
    {
        "json" => ("json", ContentTypes.Json),
        "xlsx" => ("xlsx", ContentTypes.Xlsx),
        "html" => ("html", ContentTypes.Html),
        _ => null,
    };

    private static ApiResult? Check(MetricsPrincipal? who, string year, string county, bool write, out int y)
    {
        // Identifiers are checked before anything else touches storage: they become path segments.
        if (!Identifiers.TryYear(year, out y))
        {
            return BadYear();
        }

        if (!Identifiers.IsCounty(county))
        {
            return ApiResult.Error(400, "bad_county", "县代码应为 6 位数字。", "The county code must be 6 digits.");
        }

        if (who is null)
        {
            return Unauthorized;
        }

        return (write ? who.CanWrite(county) : who.CanRead(county)) ? null : Forbidden;
    }

    private static ApiResult? CheckEvaluator(MetricsPrincipal? who, string year, out int y)
    {
        if (!Identifiers.TryYear(year, out y))
        {
            return BadYear();
        }

        return who is null ? Unauthorized : who.IsEvaluator ? null : EvaluatorsOnly;
    }

    /// <summary>The 413 answer, with the one limit of <see cref="UploadLimits"/>.</summary>
    public static ApiResult TooLarge() => ApiResult.Error(413, "too_large", $"文件超过 {UploadLimits.Text}。", $"The file is larger than {UploadLimits.Text}.");

    private static ApiResult UnsupportedType(string? contentType) => ApiResult.Error(
        415,
        "unsupported_media_type",
        $"不支持的内容类型“{contentType}”。请以 .xlsx 文件本身（application/vnd.openxmlformats-officedocument.spreadsheetml.sheet 或 application/octet-stream）或 multipart/form-data（一个文件部分）上传。",
        $"Unsupported content type '{contentType}'. Send the .xlsx file itself (application/vnd.openxmlformats-officedocument.spreadsheetml.sheet or application/octet-stream) or multipart/form-data with one file part.");

    private static ApiResult BadYear() => ApiResult.Error(400, "bad_year", "学年应为 2000–2100 之间的四位数字。", "The school year must be four digits between 2000 and 2100.");

    private static ApiResult BadFormat() => ApiResult.Error(400, "bad_format", "格式应为 json、xlsx 或 html。", "The format must be json, xlsx or html.");
}
