using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Metrics.Functions.Tests.Host;
using Metrics.TestSupport;
using Microsoft.Azure.Functions.Worker.Grpc.Messages;

namespace Metrics.Functions.Tests;

/// <summary>A worker whose storage account does not answer: a port on which nothing listens.</summary>
public sealed class UnreachableWorkerFixture : IAsyncLifetime
{
    public WorkerHost Worker { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var connection = $"DefaultEndpointsProtocol=http;AccountName={AzuriteFixture.DevAccountName};AccountKey={AzuriteFixture.DevAccountKey};BlobEndpoint=http://127.0.0.1:{port}/{AzuriteFixture.DevAccountName};";
        Worker = await WorkerHost.StartAsync(new Dictionary<string, string>
        {
            ["Storage"] = connection,
            ["Metrics__Rollup__Schedule"] = "0 0 2 1 9 *",
        });
    }

    public async Task DisposeAsync()
    {
        if (Worker is not null)
        {
            await Worker.DisposeAsync();
        }
    }
}

public class StorageUnreachableTests(UnreachableWorkerFixture fixture) : IClassFixture<UnreachableWorkerFixture>
{
    [Fact]
    public async Task BlobTrigger_StorageUnreachable_ComesBackAsAFailureTheHostCanRetry()
    {
        var clock = Stopwatch.StartNew();
        var response = await fixture.Worker.InvokeAsync(
            "IngestSubmission",
            [Inputs.Blob("blob", "Storage", "submissions", "2024/130102/a.xlsx")],
            new Dictionary<string, TypedData> { ["name"] = new() { String = "2024/130102/a.xlsx" } },
            timeout: TimeSpan.FromSeconds(120));

        Assert.Equal(StatusResult.Types.Status.Failure, response.Result.Status);
        // The exception travels back to the host (it decides about retries and poison), not a bare error code.
        Assert.False(string.IsNullOrEmpty(response.Result.Exception?.Message), fixture.Worker.Output);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(120), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task Timer_StorageUnreachable_IsAFailure()
    {
        var response = await fixture.Worker.InvokeAsync("YearlyRollup", [Inputs.Timer("timer")], timeout: TimeSpan.FromSeconds(120));

        Assert.Equal(StatusResult.Types.Status.Failure, response.Result.Status);
    }
}
