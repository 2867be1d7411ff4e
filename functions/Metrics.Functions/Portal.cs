using Metrics.Pipeline.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace Metrics.Functions;

/// <summary>
/// <c>GET /api/</c> and <c>GET /api/index</c>: the static page for counties and evaluators. An empty
/// route is not allowed for an HTTP trigger, hence one optional segment that may only be "index".
/// Anonymous level: see <see cref="HttpApi"/>.
/// </summary>
public sealed class Portal(MetricsApi api, ILogger<Portal> logger)
{
    [Function(nameof(Portal))]
    public IActionResult Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "{page:regex(^index$)?}")] HttpRequest req)
    {
        var result = api.Portal();
        Log.ApiAnswered(logger, nameof(Portal), null, null, result.StatusCode);
        return HttpApi.ToActionResult(result);
    }
}
