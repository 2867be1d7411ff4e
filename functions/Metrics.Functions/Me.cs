using Metrics.Pipeline.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace Metrics.Functions;

/// <summary><c>GET /api/me</c>: who the page is talking to (name, evaluator, counties).</summary>
public sealed class Me(MetricsApi api, ILogger<Me> logger)
{
    [Function(nameof(Me))]
    public IActionResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "me")] HttpRequest req)
    {
        var result = api.Me(HttpApi.Principal(req));
        Log.ApiAnswered(logger, nameof(Me), null, null, result.StatusCode);
        return HttpApi.ToActionResult(result);
    }
}
