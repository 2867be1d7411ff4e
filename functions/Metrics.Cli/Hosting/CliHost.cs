using System.Diagnostics.CodeAnalysis;
using Metrics.Pipeline;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Metrics.Cli.Hosting;

/// <summary>
/// The composition root of <c>metrics</c>: every command's services come from a host builder here
/// (<see cref="Start"/>, or <see cref="Compose"/> for the web host of <c>serve</c>), over
/// <see cref="PipelineServiceCollectionExtensions.AddMetricsPipeline"/> exactly as the Azure Functions
/// app composes them. It is also the only code of the CLI that reads the process environment and
/// the system clock (functions/Metrics.Cli/README.md, "Adding a command").
/// </summary>
internal static class CliHost
{
    /// <summary>
    /// The services for one command. Configuration, later sources winning: <c>appsettings.json</c> in the
    /// current folder, environment variables (<c>Metrics__Storage</c>, …), then
    /// <paramref name="settings"/> (what the command line said; <c>null</c> values are left out so
    /// that they do not hide the sources before them). The options are validated before anything
    /// runs (every problem named in one <see cref="OptionsValidationException"/>) unless
    /// <paramref name="validate"/> is false.
    /// </summary>
    /// <remarks>
    /// The builder's services are built into a container without resolving an <see cref="IHost"/>: a
    /// command never starts a host (its lifetime would take Ctrl+C from System.CommandLine), and
    /// resolving one built its lifetime, logging and options graph, generic types the natively compiled
    /// CLI constructs at run time, before every command (about a sixth of a one-county <c>metrics score</c>).
    /// What is registered is the same; a service that needs logging gets it when it is resolved.
    /// </remarks>
    /// <param name="configure">Registrations that replace the pipeline's defaults (e.g. a benchmark's own store); applied before <c>AddMetricsPipeline</c>, whose registrations only fill the gaps.</param>
    public static CliServices Start(IReadOnlyDictionary<string, string?> settings, Action<IServiceCollection>? configure = null, bool validate = true)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = Directory.GetCurrentDirectory() });
        builder.Configuration.SetBasePath(Directory.GetCurrentDirectory())
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables();
        // A command speaks through its own output; the log shows only what goes wrong, unless the
        // configuration's Logging section (as serve reads it) says otherwise.
        builder.Logging.AddConfiguration(builder.Configuration.GetSection("Logging"))
            .AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
        Compose(builder, settings, configure);
        var services = new CliServices(builder.Services.BuildServiceProvider());
        try
        {
            // As a built host does: the configuration, resolved once, is disposed with the container.
            _ = services.GetService<IConfiguration>();
            if (validate)
            {
                // What IHost.StartAsync would do first (ValidateOnStart).
                services.GetService<IStartupValidator>()?.Validate();
            }

            return services;
        }
        catch
        {
            services.Dispose();
            throw;
        }
    }

    /// <summary>Builds the services and runs <typeparamref name="TCommand"/>, whose constructor receives what it needs from the container.</summary>
    public static async Task<int> RunAsync<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TCommand>(IReadOnlyDictionary<string, string?> settings, Func<TCommand, Task<int>> run, bool validate = true)
        where TCommand : class
    {
        using var services = Start(settings, WithCommand<TCommand>, validate);
        return await run(services.GetRequiredService<TCommand>()).ConfigureAwait(false);
    }

    /// <inheritdoc cref="RunAsync{TCommand}(IReadOnlyDictionary{string, string?}, Func{TCommand, Task{int}}, bool)"/>
    public static int Run<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TCommand>(IReadOnlyDictionary<string, string?> settings, Func<TCommand, int> run, bool validate = true)
        where TCommand : class
    {
        using var services = Start(settings, WithCommand<TCommand>, validate);
        return run(services.GetRequiredService<TCommand>());
    }

    /// <summary>
    /// The command is built by the container like any service. Not ActivatorUtilities: its static
    /// constructor looks a method up through the delegate's entry point, which in the natively
    /// compiled CLI searched all the reflection metadata (about 20 ms of every command's start).
    /// </summary>
    private static void WithCommand<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TCommand>(IServiceCollection services)
        where TCommand : class => services.AddTransient<TCommand>();

    /// <summary>
    /// The services of every host of the CLI (this one's and <c>serve</c>'s web host): the command's
    /// settings over the builder's own configuration, and the pipeline.
    /// </summary>
    public static void Compose(IHostApplicationBuilder builder, IReadOnlyDictionary<string, string?> settings, Action<IServiceCollection>? configure = null)
    {
        builder.Configuration.AddInMemoryCollection(settings.Where(s => s.Value is not null));
        builder.Logging.AddFilter("Azure", LogLevel.Warning);
        configure?.Invoke(builder.Services);
        builder.Services.AddMetricsPipeline(builder.Configuration);
    }

    /// <summary>Settings naming the storage (<c>--storage</c>) and, when given, the province profiles folder (<c>--profiles</c>).</summary>
    public static Dictionary<string, string?> Settings(string? storage = null, string? profilesFolder = null) => new()
    {
        ["Metrics:Storage"] = storage is null ? null : NormaliseStorage(storage),
        ["Metrics:ProfilesFolder"] = profilesFolder,
    };

    /// <summary>A bare folder path is taken as <c>folder:PATH</c>.</summary>
    public static string NormaliseStorage(string storage) =>
        storage.Contains('=') || storage.StartsWith("folder:", StringComparison.Ordinal) || storage.StartsWith("http", StringComparison.Ordinal)
            ? storage
            : "folder:" + storage;

    // The defaults the command line shows in --help are computed while it is parsed, before any
    // host exists, so the two ambient reads they need are made here, in the composition root.
#pragma warning disable RS0030 // composition root: the one place that reads the environment and the clock

    /// <summary><c>--storage</c>'s default: <c>Metrics__Storage</c> from the environment, else <c>folder:./data</c>.</summary>
    public static string DefaultStorage() => Environment.GetEnvironmentVariable("Metrics__Storage") ?? "folder:./data";

    /// <summary><c>--year</c>'s default, the scheduled rollup's: the school year that began last calendar year.</summary>
    public static int DefaultYear() => TimeProvider.System.GetUtcNow().Year - 1;

    /// <summary>The user's cache folder: <c>$XDG_CACHE_HOME</c>, else <c>~/.cache</c>.</summary>
    public static string CacheFolder()
    {
        var cache = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        return string.IsNullOrEmpty(cache) ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache") : cache;
    }
#pragma warning restore RS0030
}

/// <summary>A command's container (<see cref="CliHost.Start"/>); disposing it disposes its services, as disposing a host does.</summary>
internal sealed class CliServices(ServiceProvider provider) : IServiceProvider, IDisposable
{
    public object? GetService(Type serviceType) => provider.GetService(serviceType);

    // A host disposes its container asynchronously, so a service that is only IAsyncDisposable is disposed, not refused.
    public void Dispose() => provider.DisposeAsync().AsTask().GetAwaiter().GetResult();
}
