using System.CommandLine;
using Metrics.Cli.Hosting;
using Metrics.Pipeline.Ingest;

namespace Metrics.Cli.Commands;

/// <summary><c>metrics ingest</c>: process every pending submission once (what <c>serve</c> does continuously).</summary>
internal sealed class IngestCommand(SubmissionWatcher watcher)
{
    public static Command Create()
    {
        var storage = Common.Storage();
        var command = new Command("ingest", "Process every submission in storage that has not been processed yet, then exit.") { storage };
        command.SetAction((parse, ct) => CliHost.RunAsync<IngestCommand>(CliHost.Settings(parse.GetValue(storage)!), c => c.RunAsync(ct)));
        return command;
    }

    private async Task<int> RunAsync(CancellationToken ct)
    {
        var (accepted, rejected) = await DrainAsync(watcher, ct);
        Console.WriteLine($"{accepted} accepted, {rejected} rejected.");
        return rejected > 0 ? 2 : 0;
    }

    /// <summary>Scans until nothing is pending, printing one line per submission.</summary>
    internal static async Task<(int Accepted, int Rejected)> DrainAsync(SubmissionWatcher watcher, CancellationToken ct)
    {
        int accepted = 0, rejected = 0;
        void OnProcessed(IngestOutcome o)
        {
            if (o.Result == IngestResult.Accepted)
            {
                Interlocked.Increment(ref accepted);
            }
            else if (o.Result == IngestResult.Rejected)
            {
                Interlocked.Increment(ref rejected);
            }

            Console.WriteLine($"  {o.Result.ToString().ToLowerInvariant(),-9} {o.Path}: {o.Message}");
        }

        watcher.Processed += OnProcessed;
        try
        {
            while (await watcher.ScanOnceAsync(ct) > 0)
            {
            }
        }
        finally
        {
            watcher.Processed -= OnProcessed;
        }

        return (accepted, rejected);
    }
}
