using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography;
using Metrics.Cli.Hosting;
using Metrics.Pipeline.Api;
using Microsoft.Extensions.Configuration;

namespace Metrics.Cli.Commands;

/// <summary><c>metrics key</c>: a new API key for <c>metrics serve</c> and the hash to put in configuration.</summary>
internal sealed class KeyCommand(IConfiguration configuration)
{
    public static Command Create()
    {
        var role = new Option<string[]>("--role") { Description = "Role(s): evaluator, county:{6-digit code}", AllowMultipleArgumentsPerToken = true, Required = true };
        var name = new Option<string>("--name") { Description = "Who holds the key (shown by /api/me)", DefaultValueFactory = _ => "<who>" };
        var index = new Option<int?>("--index") { Description = "Position in Metrics:ApiKeys; default: the first free one in the current configuration (environment, appsettings.json)" };
        var command = new Command("key", "Generate an API key; only its SHA-256 goes into configuration. " + ExitCodes.Help) { role, name, index };
        // The host's configuration is the one `metrics serve` reads (appsettings.json, environment), so
        // the next key does not overwrite one already there. It is not validated: this command is how
        // a key list that stops `serve` from starting gets repaired.
        command.SetAction(parse => CliHost.Run<KeyCommand>(
            CliHost.Settings(),
            c => c.Run(parse.GetValue(role) ?? [], parse.GetValue(name)!, parse.GetValue(index)),
            validate: false));
        return command;
    }

    private int Run(string[] roles, string name, int? index) => Run(roles, name, index, configuration, Console.Out, Console.Error);

    internal static int Run(string[] roles, string name, int? index, IConfiguration configured, TextWriter output, TextWriter error)
    {
        var useless = roles.Where(r => !MetricsPrincipal.IsRole(r)).ToArray();
        if (roles.Length == 0 || useless.Length > 0)
        {
            error.WriteLine(useless.Length > 0
                ? $"metrics key: role(s) {string.Join(", ", useless.Select(r => $"'{r}'"))} grant nothing. Use evaluator or county:{{6-digit county code}}, e.g. --role county:130102."
                : "metrics key: give at least one --role (evaluator or county:{6-digit county code}).");
            return ExitCodes.Usage;
        }

        if (index is < 0)
        {
            error.WriteLine("metrics key: --index must be 0 or more.");
            return ExitCodes.Usage;
        }

        var taken = configured.GetSection("Metrics:ApiKeys").GetChildren()
            .Select(c => int.TryParse(c.Key, NumberStyles.None, CultureInfo.InvariantCulture, out var i) ? i : -1)
            .ToHashSet();
        var at = index ?? Enumerable.Range(0, taken.Count + 1).First(i => !taken.Contains(i));
        if (index is { } given && taken.Contains(given))
        {
            error.WriteLine($"metrics key: note: Metrics:ApiKeys:{given} is already configured; these lines replace it.");
        }

        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', '-').Replace('/', '_');
        var n = at.ToString(CultureInfo.InvariantCulture);
        output.WriteLine($"Key (give it to the user once; it is not stored): {key}");
        output.WriteLine("Configuration (appsettings.json or environment):");
        output.WriteLine($"  Metrics__ApiKeys__{n}__Name={name}");
        output.WriteLine($"  Metrics__ApiKeys__{n}__Sha256={ApiKeyAuthenticator.Hash(key)}");
        for (var i = 0; i < roles.Length; i++)
        {
            output.WriteLine($"  Metrics__ApiKeys__{n}__Roles__{i.ToString(CultureInfo.InvariantCulture)}={roles[i].Trim()}");
        }

        return ExitCodes.Ok;
    }
}
