using Metrics.Core.Profiles;
using Metrics.Pipeline.Api;
using Metrics.Pipeline.Ingest;
using Metrics.Pipeline.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Metrics.Pipeline;

/// <summary>The one composition of the pipeline, used by Azure Functions and by the CLI.</summary>
public static class PipelineServiceCollectionExtensions
{
    public static IServiceCollection AddMetricsPipeline(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<Hosting.PipelineOptions>()
            .Bind(configuration.GetSection(Hosting.PipelineOptions.Section))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<Hosting.PipelineOptions>, Hosting.PipelineOptionsValidator>());
        // The one place the pipeline chooses the system clock; everything else takes TimeProvider from here.
#pragma warning disable RS0030
        services.TryAddSingleton(TimeProvider.System);
#pragma warning restore RS0030
        services.TryAddSingleton<IBlobStore>(sp => BlobStoreFactory.Create(sp.GetRequiredService<IOptions<Hosting.PipelineOptions>>().Value.Storage));
        services.TryAddSingleton(sp => LoadProfiles(sp.GetRequiredService<IOptions<Hosting.PipelineOptions>>().Value.ProfilesFolder));
        services.TryAddSingleton<SubmissionProcessor>();
        services.TryAddSingleton<IngestService>();
        services.TryAddSingleton<RollupService>();
        services.TryAddSingleton<MetricsApi>();
        services.TryAddSingleton<IngestAttempts>();
        services.TryAddSingleton<SubmissionWatcher>();
        services.TryAddSingleton(sp => new ApiKeyAuthenticator(sp.GetRequiredService<IOptions<Hosting.PipelineOptions>>().Value.ApiKeys));
        return services;
    }

    /// <summary>The national profiles plus every <c>*.json</c> in <paramref name="folder"/> (province overrides).</summary>
    public static ProfileCatalog LoadProfiles(string? folder)
    {
        if (string.IsNullOrWhiteSpace(folder))
        {
            return ProfileCatalog.Default;
        }

        if (!Directory.Exists(folder))
        {
            throw new ProfileException($"Profiles folder '{folder}' does not exist.");
        }

        var files = Directory.GetFiles(folder, "*.json").Order(StringComparer.Ordinal)
            .Select(f => (Path.GetFileName(f), File.ReadAllText(f)));
        return ProfileCatalog.Default.With(files);
    }
}
