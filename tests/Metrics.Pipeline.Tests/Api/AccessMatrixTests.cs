using Metrics.Core.Profiles;
using Metrics.Pipeline.Api;
using Metrics.Pipeline.Storage;
using Metrics.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Metrics.Pipeline.Tests.Api;

/// <summary>The authorisation matrix (<see cref="AccessMatrix"/>) on the shared API that every host calls.</summary>
public sealed class AccessMatrixTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("metrics-access-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Fact]
    public async Task EveryRoute_EveryCaller_EveryRoutePart_GetsTheExpectedAnswerAndStoresNothingElse()
    {
        var store = new FolderBlobStore(root, flushToDisk: false);
        var clock = new FakeTimeProvider(new DateTimeOffset(2025, 5, 1, 8, 0, 0, TimeSpan.Zero));
        var api = new MetricsApi(store, ProfileCatalog.Default, new RollupService(store, clock, NullLogger<RollupService>.Instance), clock);
        var keys = new ApiKeyAuthenticator(AccessMatrix.Configured);
        var wrong = new List<string>();
        var cases = AccessMatrix.Cases().ToList();

        foreach (var c in cases)
        {
            var answer = await AccessMatrix.CallAsync(api, keys, c, default);
            if (answer.StatusCode != c.Expected)
            {
                wrong.Add($"{c}: got {answer.StatusCode}");
            }

            clock.Advance(TimeSpan.FromMilliseconds(1)); // each upload gets its own name
        }

        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
        var stored = new List<string>();
        await foreach (var e in store.ListAsync(""))
        {
            stored.Add(e.Path);
        }

        Assert.Empty(AccessMatrix.Unexpected(stored));
        Assert.True(cases.Count > 200, $"{cases.Count} cases");
    }

    [Fact]
    public void Keys_AreStoredAsHashesAndComparedInConstantTime()
    {
        // The configuration holds SHA-256 hashes, never a key: none of the keys appears in it.
        var configured = string.Join("\n", AccessMatrix.Settings().Select(s => s.Value));
        Assert.DoesNotContain(AccessMatrix.OwnKey, configured, StringComparison.Ordinal);
        Assert.DoesNotContain(AccessMatrix.EvaluatorKey, configured, StringComparison.Ordinal);
        // SHA-256 of "abc" (FIPS 180-2 example): ba7816bf…15ad.
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", ApiKeyAuthenticator.Hash("abc"));
        // The comparison is CryptographicOperations.FixedTimeEquals over the digests, visited for every
        // configured key whether or not one matched: read the source, a timing test would be noise.
        var source = File.ReadAllText(Path.Combine(RepoRoot(), "functions", "Metrics.Pipeline", "Api", "Principals.cs"));
        Assert.Contains("CryptographicOperations.FixedTimeEquals", source, StringComparison.Ordinal);
    }

    [Fact]
    public void AzureCallers_ArePrincipalsThatParseToWhomTheyAnswerAs()
    {
        // Every table caller has an Azure counterpart; the malformed ones are nobody (parse to null) or a
        // principal that grants nothing, never somebody with a county or the evaluator role.
        Assert.Equal(AccessMatrix.Keys.Keys.Order(StringComparer.Ordinal), AccessMatrix.AzureCallers.Keys.Order(StringComparer.Ordinal));
        foreach (var (caller, azure) in AccessMatrix.AzureCallers)
        {
            var who = ClientPrincipal.Parse(azure.Principal);
            switch (azure.AnswersAs)
            {
                case "anonymous":
                    Assert.True(who is null, caller);
                    break;
                case "own":
                    Assert.Equal(["130102"], who!.Counties);
                    Assert.False(who.IsEvaluator);
                    break;
                case "evaluator":
                    Assert.True(who!.IsEvaluator && who.Counties.Count == 0, caller);
                    break;
                default:
                    Assert.Equal("other", azure.AnswersAs);
                    Assert.False(who!.IsEvaluator || who.Counties.Contains(AccessMatrix.Own), caller);
                    break;
            }
        }

        // The "huge" principal is a whole evaluator principal with 16 KiB after it; it is still nobody.
        Assert.True(AccessMatrix.AzureCallers["huge-key"].Principal!.Length > 16_384);
    }

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Metrics.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Metrics.sln not found above the test binaries.");
    }
}
