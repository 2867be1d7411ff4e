using Metrics.Pipeline.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Metrics.Functions;

/// <summary><c>GET /api/me</c>: who the page is talking to (name, evaluator, counties).</summary>
public sealed class Me(MetricsApi api)
{
    [Function(nameof(Me))]
    public IActionResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "me")] HttpRequest req) =>
        HttpApi.ToActionResult(api.Me(HttpApi.Principal(req)));
}
