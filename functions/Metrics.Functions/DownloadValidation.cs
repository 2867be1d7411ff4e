using Metrics.Pipeline.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace Metrics.Functions;

/// <summary><c>GET /api/submissions/{year}/{county}/validation?format=xlsx|json</c>: the county's workbook with its problems marked.</summary>
public sealed class DownloadValidation(MetricsApi api, ILogger<DownloadValidation> logger)
{
    [Function(nameof(DownloadValidation))]
    public async Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "submissions/{year}/{county}/validation")] HttpRequest req,
        string year,
        string county,
        CancellationToken cancellationToken)
    {
        var result = await api.ValidationAsync(HttpApi.Principal(req), year, county, HttpApi.Query(req, "format"), cancellationToken);
        Log.ApiAnswered(logger, nameof(DownloadValidation), year, county, result.StatusCode);
        return HttpApi.ToActionResult(result);
    }
}
