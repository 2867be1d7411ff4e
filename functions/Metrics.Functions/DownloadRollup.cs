using Metrics.Pipeline.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace Metrics.Functions;

/// <summary><c>GET /api/rollups/{year}?format=xlsx|html|json</c>. Anonymous level: see <see cref="HttpApi"/>.</summary>
public sealed class DownloadRollup(MetricsApi api, ILogger<DownloadRollup> logger)
{
    [Function(nameof(DownloadRollup))]
    public async Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "rollups/{year}")] HttpRequest req,
        string year,
        CancellationToken cancellationToken)
    {
        var result = await api.RollupAsync(HttpApi.Principal(req), year, HttpApi.Query(req, "format"), cancellationToken);
        Log.ApiAnswered(logger, nameof(DownloadRollup), year, null, result.StatusCode);
        return HttpApi.ToActionResult(result);
    }
}
