using Metrics.Pipeline;
using Metrics.Pipeline.Hosting;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// Composition root only: the worker, its telemetry, and the pipeline. Everything the functions
// call is registered by AddMetricsPipeline, exactly as `metrics serve` registers it.
var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();

builder.Services.AddApplicationInsightsTelemetryWorkerService();
builder.Services.ConfigureFunctionsApplicationInsights();

// The Application Insights provider adds a Warning-only default rule; drop it so the levels in
// configuration (Information for the functions' own events) apply to telemetry too.
builder.Logging.Services.Configure<LoggerFilterOptions>(options =>
{
    var warningOnly = options.Rules.FirstOrDefault(rule =>
        rule.ProviderName == "Microsoft.Extensions.Logging.ApplicationInsights.ApplicationInsightsLoggerProvider");
    if (warningOnly is not null)
    {
        options.Rules.Remove(warningOnly);
    }
});

// One storage setting: the pipeline reads and writes in the account of the blob trigger's connection
// "Storage" (IngestSubmission), whatever Metrics:Storage says.
builder.Services.AddTriggerStorage(builder.Configuration, "Storage");
builder.Services.AddMetricsPipeline(builder.Configuration);

builder.Build().Run();
