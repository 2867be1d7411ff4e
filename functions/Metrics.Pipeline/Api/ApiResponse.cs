using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Metrics.Pipeline.Api;

/// <summary>
/// How an <see cref="ApiResult"/> becomes an HTTP response, the same for both hosts (<c>metrics serve</c>
/// and the Functions app, both ASP.NET Core): status, content type and length, the result's own headers,
/// a download's file name as <c>Content-Disposition: attachment</c> (plain and RFC 5987 forms, so a
/// Chinese name survives), then the body.
/// </summary>
public static class ApiResponse
{
    public static Task WriteAsync(ApiResult result, HttpResponse response, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(response);
        response.StatusCode = result.StatusCode;
        response.ContentType = result.ContentType;
        response.ContentLength = result.Body.Length;
        foreach (var (name, value) in result.Headers)
        {
            response.Headers[name] = value;
        }

        if (result.FileName is { } fileName)
        {
            var disposition = new ContentDispositionHeaderValue("attachment");
            disposition.SetHttpFileName(fileName);
            response.Headers.ContentDisposition = disposition.ToString();
        }

        return response.Body.WriteAsync(result.Body, ct).AsTask();
    }
}
