using Metrics.Pipeline.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace Metrics.Functions;

/// <summary>
/// <c>POST /api/submissions/{year}/{county}</c>: store the uploaded workbook (raw body or one multipart file part) as the county's submission
/// (the same blob path a direct upload uses; IngestSubmission then processes it). Anonymous level: see <see cref="HttpApi"/>.
/// </summary>
public sealed class UploadSubmission(MetricsApi api, ILogger<UploadSubmission> logger)
{
    [Function(nameof(UploadSubmission))]
    public async Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "submissions/{year}/{county}")] HttpRequest req,
        string year,
        string county,
        CancellationToken cancellationToken)
    {
        var result = await api.UploadAsync(HttpApi.Principal(req), year, county, req.ContentType, req.ContentLength, req.Body, cancellationToken);
        Log.ApiAnswered(logger, nameof(UploadSubmission), year, county, result.StatusCode);
        return HttpApi.ToActionResult(result);
    }
}
