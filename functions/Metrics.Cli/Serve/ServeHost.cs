using Metrics.Cli.Hosting;
using Metrics.Pipeline;
using Metrics.Pipeline.Api;
using Metrics.Pipeline.Hosting;
using Metrics.Pipeline.Ingest;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Metrics.Cli.Serve;

/// <summary>
/// <c>metrics serve</c>: the HTTP API and page (functions/Metrics.Pipeline/README.md) on ASP.NET Core minimal APIs, plus the
/// watcher (blob-trigger semantics) and the yearly rollup timer, all over the same Pipeline services
/// Azure Functions uses.
/// </summary>
public static class ServeHost
{
    public static WebApplication Build(string[] args, IDictionary<string, string?> settings, bool background = true, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        CliHost.Compose(builder, settings.AsReadOnly());
        if (background)
        {
            builder.Services.AddHostedService<WatcherService>();
            builder.Services.AddHostedService<RollupTimerService>();
        }

        configure?.Invoke(builder);
        var app = builder.Build();
        NoSniff(app);
        app.MapMetrics();
        return app;
    }

    /// <summary>The routes of the pipeline README ("HTTP API"), each one call into <see cref="MetricsApi"/>.</summary>
    public static IEndpointRouteBuilder MapMetrics(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", (MetricsApi api) => Send(api.Portal()));
        app.MapGet("/api/openapi.json", () => Send(MetricsApi.OpenApi(ApiHost.Serve)));
        app.MapGet("/api/me", (HttpContext c, MetricsApi api, CancellationToken ct) => SendAsync(api.MeAsync(Who(c), ct)));
        app.MapGet("/api/template", (HttpContext c, MetricsApi api, string? year, string? profile, CancellationToken ct) => SendAsync(api.TemplateAsync(Who(c), year, profile, ct)));
        app.MapPost("/api/submissions/{year}/{county}", (HttpContext c, MetricsApi api, string year, string county, CancellationToken ct) =>
        {
            // Kestrel's own 30 000 000-byte cap would answer 413 with an empty body and log a stack
            // trace; the API enforces the one declared limit (UploadLimits) and answers in JSON instead.
            if (c.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
            {
                size.MaxRequestBodySize = null;
            }

            return SendAsync(api.UploadAsync(Who(c), year, county, c.Request.ContentType, c.Request.ContentLength, c.Request.Body, ct));
        });
        app.MapGet("/api/submissions/{year}/{county}/status", (HttpContext c, MetricsApi api, string year, string county, CancellationToken ct) => SendAsync(api.StatusAsync(Who(c), year, county, ct)));
        app.MapGet("/api/submissions/{year}/{county}/validation", (HttpContext c, MetricsApi api, string year, string county, string? format, CancellationToken ct) => SendAsync(api.ValidationAsync(Who(c), year, county, format, ct)));
        app.MapGet("/api/scorecards/{year}/{county}", (HttpContext c, MetricsApi api, string year, string county, string? format, CancellationToken ct) => SendAsync(api.ScorecardAsync(Who(c), year, county, format, ct)));
        app.MapGet("/api/counties/{year}", (HttpContext c, MetricsApi api, string year, CancellationToken ct) => SendAsync(api.CountiesAsync(Who(c), year, ct)));
        app.MapGet("/api/rollups/{year}", (HttpContext c, MetricsApi api, string year, string? format, CancellationToken ct) => SendAsync(api.RollupAsync(Who(c), year, format, ct)));
        app.MapPost("/api/rollups/{year}/run", (HttpContext c, MetricsApi api, string year, CancellationToken ct) => SendAsync(api.RunRollupAsync(Who(c), year, ct)));
        return app;
    }

    /// <summary>The caller: an API key (header <c>X-Api-Key</c> or <c>Authorization: Bearer</c>) mapped to roles by hash.</summary>
    private static MetricsPrincipal? Who(HttpContext c)
    {
        var key = c.Request.Headers["X-Api-Key"].ToString();
        if (string.IsNullOrEmpty(key) && c.Request.Headers.Authorization.ToString() is { } auth && auth.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            key = auth["Bearer ".Length..];
        }

        return c.RequestServices.GetRequiredService<ApiKeyAuthenticator>().Authenticate(key);
    }

    private static async Task<IResult> SendAsync(Task<ApiResult> result) => Send(await result.ConfigureAwait(false));

    private static IResult Send(ApiResult r) => new Written(r);

    /// <summary>No response is sniffed into another type (a stored upload or report served as what it is).</summary>
    private static void NoSniff(WebApplication app) => app.Use((c, next) =>
    {
        c.Response.Headers.XContentTypeOptions = "nosniff";
        return next(c);
    });

    /// <summary>The result written by the one mapping both hosts use (<see cref="ApiResponse"/>).</summary>
    private sealed class Written(ApiResult result) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext) =>
            ApiResponse.WriteAsync(result, httpContext.Response, httpContext.RequestAborted);
    }
}

/// <summary>Runs the submission watcher for the life of the server.</summary>
internal sealed class WatcherService(SubmissionWatcher watcher) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => watcher.RunAsync(stoppingToken);
}

/// <summary>The yearly rollup on the configured cron schedule (Azure uses a timer trigger with the same setting).</summary>
internal sealed partial class RollupTimerService(RollupService rollups, IOptions<PipelineOptions> options, TimeProvider clock, ILogger<RollupTimerService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var cron = RollupOptions.TryParse(options.Value.Rollup.Schedule)!;
        while (!stoppingToken.IsCancellationRequested)
        {
            var now = clock.GetUtcNow();
            if (cron.GetNextOccurrence(now, TimeZoneInfo.Utc) is not { } next)
            {
                return;
            }

            Log.NextRollup(logger, next);
            try
            {
                // Timers cannot wait a year at once (the limit is ~49 days): wake daily and re-check.
                while (clock.GetUtcNow() < next)
                {
                    var wait = next - clock.GetUtcNow();
                    await Task.Delay(wait > TimeSpan.FromDays(1) ? TimeSpan.FromDays(1) : wait, clock, stoppingToken).ConfigureAwait(false);
                }

                await rollups.RunAsync(rollups.DefaultYear(), stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception e)
            {
                Log.ScheduledRollupFailed(logger, e);
            }
        }
    }
}
