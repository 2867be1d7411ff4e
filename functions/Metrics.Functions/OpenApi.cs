using Metrics.Pipeline.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace Metrics.Functions;

/// <summary><c>GET /api/openapi.json</c>: the API's OpenAPI document, with App Service authentication. Anonymous: it holds no data.</summary>
public sealed class OpenApi(ILogger<OpenApi> logger)
{
    [Function(nameof(OpenApi))]
    public IActionResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "openapi.json")] HttpRequest req)
    {
        var result = MetricsApi.OpenApi(ApiHost.Functions);
        Log.ApiAnswered(logger, nameof(OpenApi), null, null, result.StatusCode);
        return HttpApi.ToActionResult(result);
    }
}
