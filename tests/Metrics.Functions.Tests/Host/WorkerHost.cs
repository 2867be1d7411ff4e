using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Threading.Channels;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Azure.Functions.Worker.Grpc.Messages;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Metrics.Functions.Tests.Host;

/// <summary>
/// Plays the Azure Functions host for the real worker process: a gRPC server speaking the
/// language-worker protocol (Protos/FunctionRpc.proto) on a loopback port, and the worker
/// (<c>dotnet Metrics.Functions.dll</c>) started against it with the settings a test gives.
/// </summary>
/// <remarks>
/// The conversation is the host's: the worker opens the stream with <c>StartStream</c>; the host
/// sends <c>WorkerInitRequest</c>, then <c>FunctionsMetadataRequest</c>, then one
/// <c>FunctionLoadRequest</c> per function the worker declared. Once every function is loaded the
/// host is <see cref="StartAsync">started</see> and invocations go out one <c>InvocationRequest</c>
/// each; HTTP functions also get the real request on the worker's own Kestrel address
/// (<see cref="HttpAsync"/>). Everything the worker logs is kept for failure messages.
/// </remarks>
public sealed class WorkerHost : IAsyncDisposable
{
    /// <summary>How long the worker may take from process start to every function loaded (a cold start on a loaded 2-core machine takes a few seconds).</summary>
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private readonly Channel<StreamingMessage> outgoing = Channel.CreateUnbounded<StreamingMessage>();
    private readonly ConcurrentDictionary<string, TaskCompletionSource<InvocationResponse>> invocations = new();
    private readonly TaskCompletionSource loaded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly StringBuilder log = new();
    private readonly Dictionary<string, string> settings;
    private readonly string home = Path.Combine(Path.GetTempPath(), "metrics-worker-" + Guid.NewGuid().ToString("N"));
    private readonly Dictionary<string, RpcFunctionMetadata> functions = new(StringComparer.Ordinal);
    private int pendingLoads = -1;
    private WebApplication? grpc;
    private Process? worker;

    private WorkerHost(IReadOnlyDictionary<string, string> settings, string directory)
    {
        this.settings = new(settings, StringComparer.Ordinal);
        WorkerDirectory = directory;
    }

    /// <summary>The folder of the worker that runs (its <c>Metrics.Functions.dll</c>, <c>functions.metadata</c>, <c>host.json</c>): the build's output unless a published one was given.</summary>
    public string WorkerDirectory { get; }

    /// <summary>The worker's ASP.NET Core address, as it announced it in its init response (capability <c>HttpUri</c>).</summary>
    public Uri HttpUri { get; private set; } = null!;

    /// <summary>The functions the worker declared, by name.</summary>
    public IReadOnlyDictionary<string, RpcFunctionMetadata> Functions => functions;

    /// <summary>
    /// Starts the host and the worker with <paramref name="settings"/> as its environment (app settings) and waits until every function is loaded.
    /// <paramref name="directory"/> is the worker to run: a published folder, or by default this build's output.
    /// </summary>
    public static async Task<WorkerHost> StartAsync(IReadOnlyDictionary<string, string> settings, string? directory = null)
    {
        var host = new WorkerHost(settings, directory ?? Paths.WorkerOutput);
        try
        {
            await host.StartCoreAsync().ConfigureAwait(false);
            return host;
        }
        catch
        {
            await host.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task StartCoreAsync()
    {
        if (!File.Exists(Path.Combine(WorkerDirectory, "Metrics.Functions.dll")))
        {
            throw new InvalidOperationException($"No worker at {WorkerDirectory}: build functions/Metrics.Functions (this test project's build does it).");
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc(o =>
        {
            o.MaxReceiveMessageSize = null;
            o.MaxSendMessageSize = null;
        });
        builder.Services.AddSingleton(this);
        grpc = builder.Build();
        grpc.MapGrpcService<FunctionRpcService>();
        await grpc.StartAsync().ConfigureAwait(false);
        var address = grpc.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();

        Directory.CreateDirectory(home);
        var info = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = WorkerDirectory,
        };
        var id = Guid.NewGuid().ToString();
        foreach (var arg in new[]
                 {
                     Path.Combine(WorkerDirectory, "Metrics.Functions.dll"),
                     "--functions-uri", address.TrimEnd('/') + "/",
                     "--functions-worker-id", id,
                     "--functions-request-id", Guid.NewGuid().ToString(),
                     "--functions-grpc-max-message-length", int.MaxValue.ToString(CultureInfo.InvariantCulture),
                 })
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["FUNCTIONS_APPLICATION_DIRECTORY"] = WorkerDirectory;
        info.Environment["FUNCTIONS_WORKER_DIRECTORY"] = WorkerDirectory;
        // ASP.NET Core keeps data-protection keys under HOME; keep them out of the real one.
        info.Environment["HOME"] = home;
        info.Environment["DOTNET_CLI_HOME"] = home;
        info.Environment["APPLICATIONINSIGHTS_CONNECTION_STRING"] = "";
        foreach (var (key, value) in settings)
        {
            info.Environment[key] = value;
        }

        worker = new Process { StartInfo = info, EnableRaisingEvents = true };
        worker.OutputDataReceived += (_, e) => Log("stdout", e.Data);
        worker.ErrorDataReceived += (_, e) => Log("stderr", e.Data);
        worker.Exited += (_, _) =>
        {
            // A dead worker answers nothing: fail whatever waits on it instead of letting it time out.
            var exited = new InvalidOperationException("The worker process exited. " + Output);
            loaded.TrySetException(exited);
            foreach (var waiting in invocations.Values)
            {
                waiting.TrySetException(exited);
            }
        };
        worker.Start();
        worker.BeginOutputReadLine();
        worker.BeginErrorReadLine();

        try
        {
            await loaded.Task.WaitAsync(StartTimeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new InvalidOperationException($"The worker did not load its functions within {StartTimeout.TotalSeconds} s. " + Output);
        }

        await WaitForHttpAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// The worker announces its ASP.NET Core address in its init response, before its Kestrel necessarily
    /// listens; on a loaded machine the first request was refused. Waits until the port accepts a connection.
    /// </summary>
    private async Task WaitForHttpAsync()
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var probe = new System.Net.Sockets.TcpClient();
                await probe.ConnectAsync(HttpUri.Host, HttpUri.Port).ConfigureAwait(false);
                return;
            }
            catch (System.Net.Sockets.SocketException) when (deadline.Elapsed < StartTimeout)
            {
                await Task.Delay(100).ConfigureAwait(false);
            }
            catch (System.Net.Sockets.SocketException e)
            {
                throw new InvalidOperationException($"The worker's HTTP endpoint {HttpUri} did not accept connections within {StartTimeout.TotalSeconds} s. " + Output, e);
            }
        }
    }

    /// <summary>Everything the worker wrote and logged so far (for failure messages).</summary>
    public string Output
    {
        get
        {
            lock (log)
            {
                return log.Length <= 8000 ? log.ToString() : "…" + log.ToString()[^8000..];
            }
        }
    }

    /// <summary>Invokes <paramref name="function"/> with these inputs and trigger metadata, and waits for its result.</summary>
    public async Task<InvocationResponse> InvokeAsync(
        string function,
        IEnumerable<ParameterBinding> inputs,
        IReadOnlyDictionary<string, TypedData>? triggerMetadata = null,
        string? invocationId = null,
        TimeSpan? timeout = null)
    {
        var request = new InvocationRequest
        {
            InvocationId = invocationId ?? Guid.NewGuid().ToString(),
            FunctionId = Function(function).FunctionId,
            // The host always sends a trace context; the worker reads it unconditionally.
            TraceContext = new RpcTraceContext { TraceParent = "00-" + Guid.NewGuid().ToString("N") + "-" + Guid.NewGuid().ToString("N")[..16] + "-01" },
        };
        request.InputData.AddRange(inputs);
        if (triggerMetadata is not null)
        {
            foreach (var (key, value) in triggerMetadata)
            {
                request.TriggerMetadata[key] = value;
            }
        }

        var answer = new TaskCompletionSource<InvocationResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
        invocations[request.InvocationId] = answer;
        await SendAsync(new StreamingMessage { RequestId = Guid.NewGuid().ToString(), InvocationRequest = request }).ConfigureAwait(false);
        var limit = timeout ?? TimeSpan.FromSeconds(120);
        try
        {
            return await answer.Task.WaitAsync(limit).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"{function} did not answer invocation {request.InvocationId} within {limit.TotalSeconds} s. " + Output);
        }
        finally
        {
            invocations.TryRemove(request.InvocationId, out _);
        }
    }

    /// <summary>
    /// Calls an HTTP function as the host does with the ASP.NET Core integration: the request goes to the
    /// worker's Kestrel with <c>x-ms-invocation-id</c>, and an <c>InvocationRequest</c> with the same id
    /// carries the route values. Returns the worker's HTTP response and its invocation result.
    /// </summary>
    public async Task<(HttpResponseMessage Response, InvocationResponse Result)> HttpAsync(
        string function, HttpRequestMessage request, IReadOnlyDictionary<string, string>? routeValues = null)
    {
        var invocationId = Guid.NewGuid().ToString();
        request.Headers.Add("x-ms-invocation-id", invocationId);
        var metadata = (routeValues ?? new Dictionary<string, string>())
            .ToDictionary(kv => kv.Key, kv => new TypedData { String = kv.Value });
        var binding = Function(function).Bindings.Single(b => b.Value.Type == "httpTrigger").Key;

        using var client = new HttpClient { BaseAddress = HttpUri, Timeout = TimeSpan.FromSeconds(120) };
        var http = client.SendAsync(request);
        var invocation = InvokeAsync(function, [new ParameterBinding { Name = binding, Data = new TypedData { Http = new RpcHttp() } }], metadata, invocationId);
        var response = await http.ConfigureAwait(false);
        // Read the body before the client goes away.
        await response.Content.LoadIntoBufferAsync().ConfigureAwait(false);
        return (response, await invocation.ConfigureAwait(false));
    }

    private RpcFunctionMetadata Function(string name) =>
        functions.TryGetValue(name, out var metadata)
            ? metadata
            : throw new ArgumentException($"The worker declared no function '{name}'; it has: {string.Join(", ", functions.Keys)}.", nameof(name));

    public async ValueTask DisposeAsync()
    {
        if (worker is { HasExited: false })
        {
            // As the host ends a worker: WorkerTerminate with a grace period, then the process is stopped.
            await SendAsync(new StreamingMessage
            {
                RequestId = Guid.NewGuid().ToString(),
                WorkerTerminate = new WorkerTerminate { GracePeriod = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(TimeSpan.FromSeconds(2)) },
            }).ConfigureAwait(false);
            try
            {
                await worker.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // Killed below.
            }
        }

        outgoing.Writer.TryComplete();
        if (worker is { } process)
        {
            try
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                }

                await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
            }
            catch (Exception e) when (e is InvalidOperationException or TimeoutException or System.ComponentModel.Win32Exception)
            {
                // Already gone, or not dying: nothing more to do from here.
            }

            process.Dispose();
        }

        if (grpc is not null)
        {
            await grpc.StopAsync().ConfigureAwait(false);
            await grpc.DisposeAsync().ConfigureAwait(false);
        }

        try
        {
            Directory.Delete(home, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A temp folder left behind is harmless.
        }
    }

    private ValueTask SendAsync(StreamingMessage message) => outgoing.Writer.WriteAsync(message);

    private void Log(string source, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            log.Append(source).Append(": ").AppendLine(line);
        }
    }

    /// <summary>One message from the worker, answered as the host would.</summary>
    private async Task ReceiveAsync(StreamingMessage message)
    {
        switch (message.ContentCase)
        {
            case StreamingMessage.ContentOneofCase.StartStream:
                var init = new WorkerInitRequest
                {
                    HostVersion = "4.1000.0",
                    WorkerDirectory = WorkerDirectory,
                    FunctionAppDirectory = WorkerDirectory,
                };
                await SendAsync(new StreamingMessage { RequestId = Guid.NewGuid().ToString(), WorkerInitRequest = init }).ConfigureAwait(false);
                break;

            case StreamingMessage.ContentOneofCase.WorkerInitResponse:
                var initResult = message.WorkerInitResponse.Result;
                if (initResult.Status != StatusResult.Types.Status.Success)
                {
                    loaded.TrySetException(new InvalidOperationException("Worker init failed: " + initResult.Exception?.Message));
                    break;
                }

                if (!message.WorkerInitResponse.Capabilities.TryGetValue("HttpUri", out var httpUri))
                {
                    loaded.TrySetException(new InvalidOperationException("The worker announced no HttpUri capability (ASP.NET Core integration)."));
                    break;
                }

                HttpUri = new Uri(httpUri);
                await SendAsync(new StreamingMessage
                {
                    RequestId = Guid.NewGuid().ToString(),
                    FunctionsMetadataRequest = new FunctionsMetadataRequest { FunctionAppDirectory = WorkerDirectory },
                }).ConfigureAwait(false);
                break;

            case StreamingMessage.ContentOneofCase.FunctionMetadataResponse:
                var metadata = message.FunctionMetadataResponse;
                if (metadata.Result.Status != StatusResult.Types.Status.Success)
                {
                    loaded.TrySetException(new InvalidOperationException("Function metadata failed: " + metadata.Result.Exception?.Message));
                    break;
                }

                foreach (var function in metadata.FunctionMetadataResults)
                {
                    functions[function.Name] = function;
                }

                pendingLoads = functions.Count;
                foreach (var function in functions.Values)
                {
                    var load = function.Clone();
                    load.Directory = WorkerDirectory;
                    await SendAsync(new StreamingMessage
                    {
                        RequestId = Guid.NewGuid().ToString(),
                        FunctionLoadRequest = new FunctionLoadRequest { FunctionId = function.FunctionId, Metadata = load },
                    }).ConfigureAwait(false);
                }

                break;

            case StreamingMessage.ContentOneofCase.FunctionLoadResponse:
                if (message.FunctionLoadResponse.Result.Status != StatusResult.Types.Status.Success)
                {
                    loaded.TrySetException(new InvalidOperationException(
                        $"Loading function {message.FunctionLoadResponse.FunctionId} failed: {message.FunctionLoadResponse.Result.Exception?.Message}"));
                }
                else if (Interlocked.Decrement(ref pendingLoads) == 0)
                {
                    loaded.TrySetResult();
                }

                break;

            case StreamingMessage.ContentOneofCase.InvocationResponse:
                if (invocations.TryGetValue(message.InvocationResponse.InvocationId, out var waiting))
                {
                    waiting.TrySetResult(message.InvocationResponse);
                }

                break;

            case StreamingMessage.ContentOneofCase.RpcLog:
                var rpcLog = message.RpcLog;
                Log("log", $"[{rpcLog.Level}] {rpcLog.Category}: {rpcLog.Message} {rpcLog.Exception?.Message}");
                break;
        }
    }

    /// <summary>The host's side of <c>FunctionRpc.EventStream</c>: one stream per worker.</summary>
    private sealed class FunctionRpcService(WorkerHost host) : FunctionRpc.FunctionRpcBase
    {
        public override async Task EventStream(IAsyncStreamReader<StreamingMessage> requestStream, IServerStreamWriter<StreamingMessage> responseStream, ServerCallContext context)
        {
            var writer = Task.Run(async () =>
            {
                await foreach (var message in host.outgoing.Reader.ReadAllAsync(context.CancellationToken).ConfigureAwait(false))
                {
                    await responseStream.WriteAsync(message).ConfigureAwait(false);
                }
            });

            try
            {
                while (await requestStream.MoveNext(context.CancellationToken).ConfigureAwait(false))
                {
                    await host.ReceiveAsync(requestStream.Current).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException)
            {
                // The worker or the test ended the stream.
            }

            host.outgoing.Writer.TryComplete();
            try
            {
                await writer.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Stopped while writing: the test is over.
            }
        }
    }
}

/// <summary>Inputs as the Functions host builds them for each trigger type.</summary>
public static class Inputs
{
    /// <summary>The Event Grid blob trigger's <c>BlobClient</c> input: model binding data naming the blob, not its content.</summary>
    public static ParameterBinding Blob(string parameter, string connection, string container, string blobName) => new()
    {
        Name = parameter,
        Data = new TypedData
        {
            ModelBindingData = new ModelBindingData
            {
                Version = "1.0",
                Source = "AzureStorageBlobs",
                ContentType = "application/json",
                Content = ByteString.CopyFromUtf8(System.Text.Json.JsonSerializer.Serialize(new { Connection = connection, ContainerName = container, BlobName = blobName })),
            },
        },
    };

    /// <summary>The timer trigger's <c>TimerInfo</c> as JSON.</summary>
    public static ParameterBinding Timer(string parameter, bool pastDue = false) => new()
    {
        Name = parameter,
        Data = new TypedData { Json = $$"""{"Schedule":{"AdjustForDST":true},"IsPastDue":{{(pastDue ? "true" : "false")}}}""" },
    };
}

/// <summary>Where the built worker is, as this project's build recorded it.</summary>
public static class Paths
{
    public static string WorkerOutput => Metadata("WorkerOutput");

    public static string WorkerProject => Metadata("WorkerProject");

    public static string Configuration => Metadata("Configuration");

    private static string Metadata(string key) =>
        typeof(Paths).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
            .Cast<System.Reflection.AssemblyMetadataAttribute>()
            .Single(a => a.Key == key).Value!;
}
