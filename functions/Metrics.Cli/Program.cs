using System.CommandLine;
using Metrics.Cli.Commands;

namespace Metrics.Cli;

/// <summary>Entry point of <c>metrics</c>. Exit codes: 0 success, 2 a submission was rejected, 1 internal error.</summary>
public static class Program
{
    public static int Main(string[] args)
    {
        var root = new RootCommand("metrics — 县域义务教育均衡发展督导评估 / county balanced-development scoring of compulsory education")
        {
            DemoCommand.Create(),
            ScoreCommand.Create(),
            TemplateCommand.Create(),
            SampleCommand.Create(),
            ServeCommand.Create(),
            RollupCommand.Create(),
            IngestCommand.Create(),
            KeyCommand.Create(),
            BenchCommand.Create(),
        };
        try
        {
            return root.Parse(args).Invoke();
        }
        catch (Exception e)
        {
            // Bad input never gets here (it becomes a validation report); this is a defect or an
            // unreachable storage, so say so plainly without a stack trace.
            Console.Error.WriteLine($"metrics: internal error: {e.GetType().Name}: {e.Message}");
            return 1;
        }
    }
}
