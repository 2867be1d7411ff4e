using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Specialized;
using Metrics.Pipeline.Storage;
using Metrics.Pipeline.Tests.Fixtures;
using Metrics.TestSupport;

namespace Metrics.Pipeline.Tests.Storage;

/// <summary>The contract against a real Azurite, plus Azure-only behaviour.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class AzureBlobStoreTests(AzuriteFixture azurite) : BlobStoreContractTests
{
    private readonly AzureBlobStore _store = AzureBlobStore.FromConnectionString(azurite.ConnectionString);

    protected override IBlobStore Store => _store;

    private BlobServiceClient RawClient() =>
        new(azurite.ConnectionString, new BlobClientOptions(AzureBlobStore.EmulatorServiceVersion));

    protected override async Task SimulateInterruptedWriteAsync(string path, byte[] partialContent)
    {
        // What an interrupted upload leaves in Azure: staged blocks never committed.
        var (container, name) = BlobPath.Split(path);
        var containerClient = RawClient().GetBlobContainerClient(container);
        await containerClient.CreateIfNotExistsAsync();
        var blockId = Convert.ToBase64String("block-0000"u8);
        using var data = new MemoryStream(partialContent);
        await containerClient.GetBlockBlobClient(name).StageBlockAsync(blockId, data);
    }

    [Fact]
    public void Describe_IsTheAzuriteEndpoint()
    {
        Assert.Equal($"blob:http://127.0.0.1:{azurite.Port}/devstoreaccount1", _store.Describe);
    }

    [Fact]
    public async Task WriteAsync_StoresContentType()
    {
        await _store.WriteAsync($"reports/{Id}/s.html", "<p>"u8.ToArray(), "text/html; charset=utf-8");
        Assert.True(await _store.TryCreateAsync($"reports/{Id}/r.json", "{}"u8.ToArray(), "application/json"));

        var client = RawClient().GetBlobContainerClient("reports");
        Assert.Equal("text/html; charset=utf-8", (await client.GetBlobClient($"{Id}/s.html").GetPropertiesAsync()).Value.ContentType);
        Assert.Equal("application/json", (await client.GetBlobClient($"{Id}/r.json").GetPropertiesAsync()).Value.ContentType);
    }

    [Fact]
    public async Task WriteAsync_ContainerDeletedAfterFirstWrite_IsCreatedAgain()
    {
        var container = "c" + Id[2..14];
        await _store.WriteAsync($"{container}/a.json", "{}"u8.ToArray(), "application/json");
        await RawClient().GetBlobContainerClient(container).DeleteAsync();

        // Azurite deletes at once; Azure would answer 409 ContainerBeingDeleted for a while.
        await _store.WriteAsync($"{container}/b.json", "{}"u8.ToArray(), "application/json");

        Assert.NotNull(await _store.GetAsync($"{container}/b.json"));
        Assert.Null(await _store.GetAsync($"{container}/a.json"));
    }

    [Fact]
    public async Task ListAsync_ForeignBlobNames_AreSkipped()
    {
        var container = RawClient().GetBlobContainerClient("submissions");
        await container.CreateIfNotExistsAsync();
        foreach (var name in new[] { $"{Id}/ok.xlsx", $"{Id}/.hidden.xlsx", $"{Id}//double.xlsx", $"{Id}/a:b.xlsx" })
        {
            await container.GetBlobClient(name).UploadAsync(BinaryData.FromString("x"));
        }

        var listed = new List<string>();
        await foreach (var entry in _store.ListAsync($"submissions/{Id}/"))
        {
            listed.Add(entry.Path);
        }

        Assert.Equal([$"submissions/{Id}/ok.xlsx"], listed);
    }

    [Fact]
    public async Task TryCreateAsync_BlobWrittenByAnotherClient_ReturnsFalse()
    {
        var container = RawClient().GetBlobContainerClient("receipts");
        await container.CreateIfNotExistsAsync();
        await container.GetBlobClient($"{Id}/r").UploadAsync(BinaryData.FromString("theirs"));

        Assert.False(await _store.TryCreateAsync($"receipts/{Id}/r", "ours"u8.ToArray(), "text/plain"));
        Assert.Equal("theirs"u8.ToArray(), await _store.ReadAllBytesAsync($"receipts/{Id}/r"));
    }
}
