using Metrics.Pipeline.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Metrics.Functions;

/// <summary>
/// Translates between ASP.NET Core HTTP and the pipeline's <see cref="MetricsApi"/>: the caller's
/// principal in, an <see cref="ApiResult"/> out. No decisions are made here.
/// </summary>
/// <remarks>
/// Every HTTP function is <c>AuthorizationLevel.Anonymous</c> on purpose: App Service authentication
/// (Easy Auth, Microsoft Entra ID) in front of the app authenticates every request (anonymous ones get
/// 401 before reaching the worker) and sets <c>X-MS-CLIENT-PRINCIPAL</c>, a header external requests
/// cannot set; Metrics.Pipeline authorises from it (evaluator / county roles). Function keys would add
/// a shared secret and no safety. Without Easy Auth (e.g. <c>func start</c>) the header is the caller's word.
/// </remarks>
internal static class HttpApi
{
    /// <summary>Header in which App Service authentication passes the signed-in principal (Base64 JSON).</summary>
    public const string PrincipalHeader = "X-MS-CLIENT-PRINCIPAL";

    /// <summary>The caller as App Service authentication vouches for it; <c>null</c> when anonymous.</summary>
    public static MetricsPrincipal? Principal(HttpRequest request) =>
        ClientPrincipal.Parse(request.Headers[PrincipalHeader].FirstOrDefault());

    /// <summary>A query-string value, or <c>null</c> when absent.</summary>
    public static string? Query(HttpRequest request, string name) => request.Query[name].FirstOrDefault();

    /// <summary>The result as the Functions host returns it, written by the one mapping both hosts use (<see cref="ApiResponse"/>).</summary>
    public static IActionResult ToActionResult(ApiResult result) => new Written(result);

    private sealed class Written(ApiResult result) : IActionResult
    {
        public Task ExecuteResultAsync(ActionContext context) =>
            ApiResponse.WriteAsync(result, context.HttpContext.Response, context.HttpContext.RequestAborted);
    }
}
