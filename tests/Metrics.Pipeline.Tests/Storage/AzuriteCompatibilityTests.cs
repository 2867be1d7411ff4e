using Azure;
using Azure.Storage.Blobs;
using Metrics.Pipeline.Storage;
using Metrics.Pipeline.Tests.Fixtures;
using Metrics.TestSupport;
using Xunit.Abstractions;

namespace Metrics.Pipeline.Tests.Storage;

/// <summary>Why <see cref="AzureBlobStore"/> pins the REST version for Azurite, and the fixture itself.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class AzuriteCompatibilityTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    [Fact]
    public async Task FromConnectionString_StrictAzurite_WorksBecauseTheVersionIsPinned()
    {
        await using var strict = new AsyncDisposer(await AzuriteFixture.StartAsync(skipApiVersionCheck: false));
        var store = AzureBlobStore.FromConnectionString(strict.Fixture.ConnectionString);

        Assert.True(await store.TryCreateAsync("receipts/pinned.json", "{}"u8.ToArray(), "application/json"));
        Assert.Equal("{}"u8.ToArray(), await store.ReadAllBytesAsync("receipts/pinned.json"));

        // The SDK's own default version is newer than Azurite 3.35 knows: a strict Azurite refuses it.
        var unpinned = new BlobServiceClient(strict.Fixture.ConnectionString).GetBlobContainerClient("receipts").GetBlobClient("pinned.json");
        var refused = await Assert.ThrowsAsync<RequestFailedException>(() => unpinned.GetPropertiesAsync());
        Assert.Equal(400, refused.Status);
        Assert.Contains("is not supported by Azurite", refused.Message, StringComparison.Ordinal);
        output.WriteLine($"Unpinned request refused: {refused.Status} {refused.ErrorCode}");
    }

    [Fact]
    public void Fixture_ReportsWhereAndHowFast()
    {
        output.WriteLine($"install folder {azurite.InstallFolder}");
        output.WriteLine($"install/check {azurite.InstallTime.TotalMilliseconds:F0} ms, start {azurite.StartTime.TotalMilliseconds:F0} ms, port {azurite.Port}");

        Assert.True(File.Exists(Path.Combine(azurite.InstallFolder, "node_modules", "azurite", "dist", "src", "blob", "main.js")));
        Assert.Contains($"BlobEndpoint=http://127.0.0.1:{azurite.Port}/devstoreaccount1;", azurite.ConnectionString, StringComparison.Ordinal);
    }

    private sealed class AsyncDisposer(AzuriteFixture fixture) : IAsyncDisposable
    {
        public AzuriteFixture Fixture { get; } = fixture;

        public async ValueTask DisposeAsync() => await Fixture.DisposeAsync();
    }
}
