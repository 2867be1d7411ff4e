using Metrics.Pipeline.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace Metrics.Functions;

/// <summary><c>GET /api/counties/{year}</c>: the counties the caller may see, with their status. Anonymous level: see <see cref="HttpApi"/>.</summary>
public sealed class ListCounties(MetricsApi api, ILogger<ListCounties> logger)
{
    [Function(nameof(ListCounties))]
    public async Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "counties/{year}")] HttpRequest req,
        string year,
        CancellationToken cancellationToken)
    {
        var result = await api.CountiesAsync(HttpApi.Principal(req), year, cancellationToken);
        Log.ApiAnswered(logger, nameof(ListCounties), year, null, result.StatusCode);
        return HttpApi.ToActionResult(result);
    }
}
