using Azure.Storage.Blobs;
using Metrics.Pipeline.Storage;
using Metrics.TestSupport;

namespace Metrics.Functions.Tests.Host;

/// <summary>
/// One Azurite and one worker process for a test collection. The worker's trigger connection
/// <c>Storage</c> is Azurite; <c>Metrics__Storage</c> points at an empty decoy folder, so any output
/// that lands in Azurite proves the pipeline follows the trigger's connection, not its own setting.
/// </summary>
public sealed class WorkerFixture : IAsyncLifetime
{
    private readonly AzuriteFixture azurite = new();

    public WorkerHost Worker { get; private set; } = null!;

    /// <summary>The account the trigger binds (Azurite), seen through the pipeline's own store.</summary>
    public IBlobStore Store { get; private set; } = null!;

    public BlobServiceClient Blobs { get; private set; } = null!;

    /// <summary>Where <c>Metrics__Storage</c> points; nothing may ever be written here.</summary>
    public string DecoyFolder { get; } = Path.Combine(Path.GetTempPath(), "metrics-decoy-" + Guid.NewGuid().ToString("N"));

    public async Task InitializeAsync()
    {
        await azurite.InitializeAsync();
        Store = AzureBlobStore.FromConnectionString(azurite.ConnectionString);
        Blobs = new BlobServiceClient(azurite.ConnectionString);
        Directory.CreateDirectory(DecoyFolder);
        Worker = await WorkerHost.StartAsync(new Dictionary<string, string>
        {
            ["Storage"] = azurite.ConnectionString,
            ["Metrics__Storage"] = "folder:" + DecoyFolder,
            ["Metrics__Rollup__Schedule"] = "0 0 2 1 9 *",
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
        });
    }

    public async Task DisposeAsync()
    {
        if (Worker is not null)
        {
            await Worker.DisposeAsync();
        }

        await azurite.DisposeAsync();
        Directory.Delete(DecoyFolder, recursive: true);
    }

    /// <summary>An <c>X-MS-CLIENT-PRINCIPAL</c> value as App Service authentication writes it, with these app roles.</summary>
    public static string Principal(string name, params string[] roles) => Metrics.TestSupport.AccessMatrix.ClientPrincipal(name, roles);
}

[CollectionDefinition(Name)]
public sealed class WorkerCollection : ICollectionFixture<WorkerFixture>
{
    public const string Name = "Worker";
}
