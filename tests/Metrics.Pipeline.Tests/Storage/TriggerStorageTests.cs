using Azure.Identity;
using Metrics.Pipeline.Hosting;
using Metrics.Pipeline.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Metrics.Pipeline.Tests.Storage;

/// <summary>The Functions app's pipeline store comes from the blob trigger's connection, in both forms the extensions accept.</summary>
public sealed class TriggerStorageTests
{
    private static IConfiguration Config(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    [Fact]
    public void ConnectionString_IsTheStore_AndMetricsStorageIsIgnored()
    {
        var configuration = Config(("Storage", "UseDevelopmentStorage=true"), ("Metrics:Storage", "folder:/elsewhere"));
        var services = new ServiceCollection().AddLogging().AddTriggerStorage(configuration, "Storage").AddMetricsPipeline(configuration);
        using var provider = services.BuildServiceProvider();

        var store = Assert.IsType<AzureBlobStore>(provider.GetRequiredService<IBlobStore>());
        Assert.Equal("blob:http://127.0.0.1:10000/devstoreaccount1", store.Describe);
        Assert.Equal("UseDevelopmentStorage=true", provider.GetRequiredService<IOptions<PipelineOptions>>().Value.Storage);
    }

    [Fact]
    public void IdentityBasedConnection_UsesTheServiceUriAndTheManagedIdentity()
    {
        // App settings Storage__blobServiceUri / Storage__credential arrive as the section Storage:*.
        var configuration = Config(("Storage:blobServiceUri", "https://acct.blob.core.windows.net/"), ("Storage:credential", "managedidentity"));

        var (spec, credential) = TriggerStorage.Resolve(configuration, "Storage");

        Assert.Equal("https://acct.blob.core.windows.net/", spec);
        Assert.IsType<ManagedIdentityCredential>(credential);
        var store = Assert.IsType<AzureBlobStore>(BlobStoreFactory.Create(spec, credential));
        Assert.Contains("acct.blob.core.windows.net", store.Describe, StringComparison.Ordinal);
    }

    [Fact]
    public void IdentityBasedConnection_WithoutCredentialSetting_UsesDefaultAzureCredential()
    {
        var (_, credential) = TriggerStorage.Resolve(Config(("Storage:blobServiceUri", "https://acct.blob.core.windows.net/")), "Storage");

        Assert.IsType<DefaultAzureCredential>(credential);
    }

    [Fact]
    public void MissingConnection_SaysWhichSettingToSetInBothLanguages()
    {
        var e = Assert.Throws<InvalidOperationException>(() => TriggerStorage.Resolve(Config(("Metrics:Storage", "folder:/x")), "Storage"));

        Assert.Contains("存储连接 'Storage' 未配置", e.Message, StringComparison.Ordinal);
        Assert.Contains("Storage__blobServiceUri", e.Message, StringComparison.Ordinal);
    }
}
