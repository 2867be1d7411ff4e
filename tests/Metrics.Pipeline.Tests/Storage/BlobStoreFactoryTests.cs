using Azure.Core;
using Metrics.Pipeline.Storage;

namespace Metrics.Pipeline.Tests.Storage;

public sealed class BlobStoreFactoryTests
{
    private const string AzuriteKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    [Fact]
    public void Create_FolderSpec_ReturnsFolderStoreWithAbsoluteRoot()
    {
        var root = Path.Combine(Path.GetTempPath(), "metrics-factory");

        var store = Assert.IsType<FolderBlobStore>(BlobStoreFactory.Create("folder:" + root));

        Assert.Equal(Path.GetFullPath(root), store.Root);
        Assert.Equal("folder:" + Path.GetFullPath(root), store.Describe);
    }

    [Fact]
    public void Create_RelativeFolder_ResolvesAgainstCurrentDirectory()
    {
        var store = Assert.IsType<FolderBlobStore>(BlobStoreFactory.Create("  folder:./data  "));

        Assert.Equal(Path.GetFullPath("data"), store.Root);
    }

    [Fact]
    public void Create_DevelopmentStorage_TargetsLocalAzurite()
    {
        var store = Assert.IsType<AzureBlobStore>(BlobStoreFactory.Create("UseDevelopmentStorage=true"));

        Assert.Equal("blob:http://127.0.0.1:10000/devstoreaccount1", store.Describe);
    }

    [Fact]
    public void Create_AzuriteConnectionString_DescribesEndpointWithoutKey()
    {
        var spec = $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AzuriteKey};BlobEndpoint=http://127.0.0.1:10123/devstoreaccount1;";

        var store = Assert.IsType<AzureBlobStore>(BlobStoreFactory.Create(spec));

        Assert.Equal("blob:http://127.0.0.1:10123/devstoreaccount1", store.Describe);
    }

    [Fact]
    public void Create_AzureConnectionString_DescribesAccountEndpoint()
    {
        var spec = $"DefaultEndpointsProtocol=https;AccountName=metricsprod;AccountKey={AzuriteKey};EndpointSuffix=core.windows.net";

        var store = Assert.IsType<AzureBlobStore>(BlobStoreFactory.Create(spec));

        Assert.Equal("blob:https://metricsprod.blob.core.windows.net", store.Describe);
    }

    [Fact]
    public void Create_SasConnectionString_DoesNotDescribeTheSignature()
    {
        var spec = "BlobEndpoint=https://metricsprod.blob.core.windows.net/;SharedAccessSignature=sv=2025-11-05&ss=b&sig=SECRET";

        var store = BlobStoreFactory.Create(spec);

        Assert.Equal("blob:https://metricsprod.blob.core.windows.net", store.Describe);
    }

    [Fact]
    public void Create_HttpsServiceUri_UsesTokenCredential()
    {
        var store = Assert.IsType<AzureBlobStore>(BlobStoreFactory.Create("https://metricsprod.blob.core.windows.net/"));

        Assert.Equal("blob:https://metricsprod.blob.core.windows.net", store.Describe);
    }

    [Fact]
    public void Create_ServiceUriWithCredential_UsesIt()
    {
        var store = BlobStoreFactory.Create("https://metricsprod.blob.core.windows.net", new NeverCredential());

        Assert.Equal("blob:https://metricsprod.blob.core.windows.net", store.Describe);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("   ", "empty")]
    [InlineData("folder:", "needs a path")]
    [InlineData("folder:   ", "needs a path")]
    [InlineData("http://metricsprod.blob.core.windows.net", "must use https")]
    [InlineData("https://metricsprod.blob.core.windows.net/?sv=2025&sig=SECRET", "must not carry a query")]
    [InlineData("./data", "write \"folder:./data\"")]
    [InlineData("/var/lib/metrics", "write \"folder:/var/lib/metrics\"")]
    [InlineData("azure", "Unrecognised storage setting \"azure\"")]
    [InlineData("ftp://example.org/x", "Unrecognised")]
    public void Create_BadSpec_ThrowsArgumentExceptionListingForms(string spec, string expected)
    {
        var e = Assert.Throws<ArgumentException>(() => BlobStoreFactory.Create(spec));

        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.Contains("folder:PATH", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("SECRET", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("AccountName=x;AccountKey=SECRETKEY;Nonsense")]
    [InlineData("AccountKey=SECRETKEY;AccountName=")]
    [InlineData("BlobEndpoint=not a uri;AccountKey=SECRETKEY")]
    public void Create_MalformedConnectionString_ThrowsWithoutEchoingTheKey(string spec)
    {
        var e = Assert.ThrowsAny<ArgumentException>(() => BlobStoreFactory.Create(spec));

        Assert.DoesNotContain("SECRETKEY", e.ToString(), StringComparison.Ordinal);
        Assert.Contains("UseDevelopmentStorage=true", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_UnknownSpecThatMayHoldASecret_IsNotEchoed()
    {
        var e = Assert.Throws<ArgumentException>(() => BlobStoreFactory.Create("Key=SECRETKEY"));

        Assert.DoesNotContain("SECRETKEY", e.Message, StringComparison.Ordinal);
        Assert.Contains("(not shown)", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://127.0.0.1:10000/devstoreaccount1", true)]
    [InlineData("http://localhost:10000/devstoreaccount1", true)]
    [InlineData("http://[::1]:10000/devstoreaccount1", true)]
    [InlineData("http://devstoreaccount1.blob.localhost:10000", true)]
    [InlineData("http://azurite:10000/devstoreaccount1", true)]
    [InlineData("https://metricsprod.blob.core.windows.net", false)]
    [InlineData("https://metricsprod.blob.core.chinacloudapi.cn", false)]
    public void IsEmulator_DetectsAzuriteEndpoints(string endpoint, bool expected)
    {
        Assert.Equal(expected, AzureBlobStore.IsEmulator(new Uri(endpoint)));
    }

    private sealed class NeverCredential : TokenCredential
    {
        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("not used by construction");

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("not used by construction");
    }
}
