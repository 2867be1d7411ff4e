using Metrics.Pipeline.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace Metrics.Functions;

/// <summary><c>GET /api/template?year=&amp;profile=</c>: the blank county workbook. Anonymous level: see <see cref="HttpApi"/>.</summary>
public sealed class Template(MetricsApi api, ILogger<Template> logger)
{
    [Function(nameof(Template))]
    public async Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "template")] HttpRequest req,
        CancellationToken cancellationToken)
    {
        var year = HttpApi.Query(req, "year");
        var result = await api.TemplateAsync(HttpApi.Principal(req), year, HttpApi.Query(req, "profile"), cancellationToken);
        Log.ApiAnswered(logger, nameof(Template), year, null, result.StatusCode);
        return HttpApi.ToActionResult(result);
    }
}
