using Metrics.Pipeline.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace Metrics.Functions;

/// <summary><c>GET /api/scorecards/{year}/{county}?format=xlsx|html|json</c>. Anonymous level: see <see cref="HttpApi"/>.</summary>
public sealed class DownloadScorecard(MetricsApi api, ILogger<DownloadScorecard> logger)
{
    [Function(nameof(DownloadScorecard))]
    public async Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "scorecards/{year}/{county}")] HttpRequest req,
        string year,
        string county,
        CancellationToken cancellationToken)
    {
        var result = await api.ScorecardAsync(HttpApi.Principal(req), year, county, HttpApi.Query(req, "format"), cancellationToken);
        Log.ApiAnswered(logger, nameof(DownloadScorecard), year, county, result.StatusCode);
        return HttpApi.ToActionResult(result);
    }
}
