using Azure.Core;
using Azure.Identity;
using Metrics.Pipeline.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Metrics.Pipeline.Hosting;

/// <summary>
/// The pipeline's store taken from a Functions binding connection (the blob trigger's <c>Storage</c>),
/// so the function reads the blob that fired it and writes its outputs in that same account. A
/// separate <c>Metrics:Storage</c> could point elsewhere; in the Functions app it is not read.
/// </summary>
/// <remarks>
/// A connection is configured the way the Functions extensions read it: either one value (a connection
/// string, app setting <c>Storage</c>) or the identity-based section (<c>Storage__blobServiceUri</c>,
/// optionally <c>Storage__credential=managedidentity</c> and <c>Storage__clientId</c> for a
/// user-assigned identity).
/// </remarks>
public static class TriggerStorage
{
    /// <summary>The storage setting (the forms <see cref="BlobStoreFactory"/> takes) and credential of connection <paramref name="name"/>.</summary>
    /// <exception cref="InvalidOperationException">The connection is configured in neither form.</exception>
    public static (string Spec, TokenCredential? Credential) Resolve(IConfiguration configuration, string name)
    {
        var section = configuration.GetSection(name);
        if (!string.IsNullOrWhiteSpace(section.Value))
        {
            return (section.Value, null);
        }

        var serviceUri = section["blobServiceUri"] ?? section["serviceUri"];
        if (!string.IsNullOrWhiteSpace(serviceUri))
        {
            var clientId = section["clientId"];
            var credential = string.Equals(section["credential"], "managedidentity", StringComparison.OrdinalIgnoreCase)
                ? new ManagedIdentityCredential(string.IsNullOrWhiteSpace(clientId) ? ManagedIdentityId.SystemAssigned : ManagedIdentityId.FromUserAssignedClientId(clientId))
                : (TokenCredential)new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = string.IsNullOrWhiteSpace(clientId) ? null : clientId });
            return (serviceUri, credential);
        }

        throw new InvalidOperationException(
            $"存储连接 '{name}' 未配置。 / The storage connection '{name}' is not configured: set app setting '{name}' to a connection string "
            + $"(UseDevelopmentStorage=true for Azurite) or '{name}__blobServiceUri' to https://ACCOUNT.blob.core.windows.net for a managed identity.");
    }

    /// <summary>
    /// Makes the pipeline store the account of connection <paramref name="name"/>. Call before
    /// <see cref="PipelineServiceCollectionExtensions.AddMetricsPipeline"/>, whose own store is registered only when none is.
    /// </summary>
    public static IServiceCollection AddTriggerStorage(this IServiceCollection services, IConfiguration configuration, string name)
    {
        services.TryAddSingleton<IBlobStore>(_ =>
        {
            var (spec, credential) = Resolve(configuration, name);
            return BlobStoreFactory.Create(spec, credential);
        });
        // The options stay truthful for anything that reports them; the value is the one the store uses.
        services.PostConfigure<PipelineOptions>(o => o.Storage = Resolve(configuration, name).Spec);
        return services;
    }
}
