using System.CommandLine;
using Metrics.Cli.Commands;
using Microsoft.Extensions.Options;

namespace Metrics.Cli;

/// <summary>Entry point of <c>metrics</c>. Exit codes: see <see cref="ExitCodes"/>.</summary>
public static class Program
{
    public static int Main(string[] args)
    {
        Hosting.OpenXmlEnumArrays.KeepInNativeBuild();
        var root = new RootCommand("metrics — 县域义务教育均衡发展督导评估 / county balanced-development scoring of compulsory education. " + ExitCodes.Help)
        {
            DemoCommand.Create(),
            ScoreCommand.Create(),
            ImportCommand.Create(),
            PlanCommand.Create(),
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
            var parsed = root.Parse(args);
            // Its own handler would print an exception with its stack trace; the catches below say it plainly.
            var code = parsed.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
            // System.CommandLine reports a bad command line with 1, the code of an internal error.
            return parsed.Errors.Count > 0 ? ExitCodes.Usage : code;
        }
        catch (OptionsValidationException e)
        {
            // The configuration (environment, appsettings.json, options) is the caller's to fix: name every problem.
            Console.Error.WriteLine("metrics: 配置不可用，未执行任何操作 / the configuration is not usable; nothing was run:");
            foreach (var failure in e.Failures)
            {
                Console.Error.WriteLine("  - " + failure);
            }

            return ExitCodes.Usage;
        }
        catch (Metrics.Core.Profiles.ProfileException e)
        {
            // An unknown --profile, a --profiles folder that is not there or a province file that does not load.
            Console.Error.WriteLine($"metrics: {e.Message}");
            return ExitCodes.Usage;
        }
        catch (Exception e)
        {
            // Bad input never gets here (it becomes a validation report); this is a defect or an
            // unreachable storage, so say so plainly without a stack trace.
            Console.Error.WriteLine($"metrics: internal error: {Describe(e)}");
            return ExitCodes.Internal;
        }
    }

    /// <summary>
    /// The exception and what caused it, innermost last, one "Type: message" each: a wrapper such
    /// as TypeInitializationException says nothing on its own.
    /// </summary>
    internal static string Describe(Exception e)
    {
        var parts = new List<string>();
        for (Exception? x = e; x is not null && parts.Count < 8; x = x is AggregateException { InnerExceptions.Count: 1 } a ? a.InnerExceptions[0] : x.InnerException)
        {
            parts.Add($"{x.GetType().Name}: {x.Message}");
        }

        return string.Join(" ← ", parts);
    }
}
