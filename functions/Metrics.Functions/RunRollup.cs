using Metrics.Pipeline.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace Metrics.Functions;

/// <summary><c>POST /api/rollups/{year}/run</c>: run a year's rollup now. Anonymous level: see <see cref="HttpApi"/>.</summary>
public sealed class RunRollup(MetricsApi api, ILogger<RunRollup> logger)
{
    [Function(nameof(RunRollup))]
    public async Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "rollups/{year}/run")] HttpRequest req,
        string year,
        CancellationToken cancellationToken)
    {
        var result = await api.RunRollupAsync(HttpApi.Principal(req), year, cancellationToken);
        Log.ApiAnswered(logger, nameof(RunRollup), year, null, result.StatusCode);
        return HttpApi.ToActionResult(result);
    }
}
