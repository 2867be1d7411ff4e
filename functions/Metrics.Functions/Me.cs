using Metrics.Pipeline.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace Metrics.Functions;

/// <summary><c>GET /api/me</c>: who the page is talking to (name, evaluator, counties, years with data).</summary>
public sealed class Me(MetricsApi api, ILogger<Me> logger)
{
    [Function(nameof(Me))]
    public async Task<IActionResult> RunAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "me")] HttpRequest req, CancellationToken cancellationToken)
    {
        var result = await api.MeAsync(HttpApi.Principal(req), cancellationToken);
        Log.ApiAnswered(logger, nameof(Me), null, null, result.StatusCode);
        return HttpApi.ToActionResult(result);
    }
}
