using System.CommandLine;
using System.Security.Cryptography;
using Metrics.Pipeline.Api;

namespace Metrics.Cli.Commands;

/// <summary><c>metrics key</c>: a new API key for <c>metrics serve</c> and the hash to put in configuration.</summary>
internal static class KeyCommand
{
    public static Command Create()
    {
        var role = new Option<string[]>("--role") { Description = "Role(s): evaluator, county:{6-digit code}", AllowMultipleArgumentsPerToken = true };
        var command = new Command("key", "Generate an API key; only its SHA-256 goes into configuration.") { role };
        command.SetAction(parse =>
        {
            var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', '-').Replace('/', '_');
            var roles = parse.GetValue(role) ?? [];
            Console.WriteLine($"Key (give it to the user once; it is not stored): {key}");
            Console.WriteLine("Configuration (appsettings.json or environment):");
            Console.WriteLine($"  Metrics__ApiKeys__0__Name=<who>");
            Console.WriteLine($"  Metrics__ApiKeys__0__Sha256={ApiKeyAuthenticator.Hash(key)}");
            for (var i = 0; i < roles.Length; i++)
            {
                Console.WriteLine($"  Metrics__ApiKeys__0__Roles__{i}={roles[i]}");
            }

            return 0;
        });
        return command;
    }
}
