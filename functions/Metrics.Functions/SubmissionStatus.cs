using Metrics.Pipeline.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace Metrics.Functions;

/// <summary><c>GET /api/submissions/{year}/{county}/status</c>: accepted / rejected / processing, with issues. Anonymous level: see <see cref="HttpApi"/>.</summary>
public sealed class SubmissionStatus(MetricsApi api, ILogger<SubmissionStatus> logger)
{
    [Function(nameof(SubmissionStatus))]
    public async Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "submissions/{year}/{county}/status")] HttpRequest req,
        string year,
        string county,
        CancellationToken cancellationToken)
    {
        var result = await api.StatusAsync(HttpApi.Principal(req), year, county, cancellationToken);
        Log.ApiAnswered(logger, nameof(SubmissionStatus), year, county, result.StatusCode);
        return HttpApi.ToActionResult(result);
    }
}
