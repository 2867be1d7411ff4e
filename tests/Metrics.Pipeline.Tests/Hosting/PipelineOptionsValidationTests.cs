using Metrics.Pipeline.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Metrics.Pipeline.Tests.Hosting;

/// <summary>
/// A host composed by AddMetricsPipeline refuses bad options when it starts, and names every problem
/// at once (not only the first), each in Chinese and English.
/// </summary>
public sealed class PipelineOptionsValidationTests
{
    private static ServiceProvider Provider(params (string Key, string Value)[] values)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value)))
            .Build();
        return new ServiceCollection().AddLogging().AddMetricsPipeline(configuration).BuildServiceProvider();
    }

    [Fact]
    public void TwoBadSettings_AtStartUp_OneExceptionNamesBoth()
    {
        using var provider = Provider(("Metrics:Ingest:MaxAttempts", "0"), ("Metrics:Rollup:Schedule", "every day"));

        // What IHost.StartAsync runs first (the options registered with ValidateOnStart).
        var e = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Equal(2, e.Failures.Count());
        Assert.Contains(e.Failures, f => f.Contains("Metrics:Ingest:MaxAttempts", StringComparison.Ordinal) && f.Contains("应在 1 到 20 之间", StringComparison.Ordinal) && f.Contains("must be between 1 and 20", StringComparison.Ordinal));
        Assert.Contains(e.Failures, f => f.Contains("Metrics:Rollup:Schedule 'every day'", StringComparison.Ordinal) && f.Contains("cron", StringComparison.Ordinal));
        // The message a host prints carries both, not "see the log".
        Assert.Contains("MaxAttempts", e.Message, StringComparison.Ordinal);
        Assert.Contains("Schedule", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryKindOfProblem_IsReportedTogether()
    {
        // Seven problems: empty storage, schedule, attempts, poll interval, parallelism, and one API key
        // with a short hash and a role that grants nothing.
        using var provider = Provider(
            ("Metrics:Storage", " "),
            ("Metrics:Rollup:Schedule", "0 0 2 1 9"),
            ("Metrics:Ingest:MaxAttempts", "21"),
            ("Metrics:Ingest:PollSeconds", "0.05"),
            ("Metrics:Ingest:Parallelism", "0"),
            ("Metrics:ApiKeys:0:Name", "ops"),
            ("Metrics:ApiKeys:0:Sha256", "abc"),
            ("Metrics:ApiKeys:0:Roles:0", "admin"));

        var e = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        var failures = e.Failures.ToArray();
        Assert.Equal(7, failures.Length);
        foreach (var setting in new[] { "Metrics:Storage", "Metrics:Rollup:Schedule", "Metrics:Ingest:MaxAttempts", "Metrics:Ingest:PollSeconds", "Metrics:Ingest:Parallelism", "needs Sha256", "'admin'" })
        {
            Assert.Single(failures, f => f.Contains(setting, StringComparison.Ordinal));
        }

        // Bilingual: every failure has its Chinese part before " / " and its English part after.
        Assert.All(failures, f => Assert.Matches(@"\p{IsCJKUnifiedIdeographs}.* / [A-Za-z]", f));
    }

    [Fact]
    public void GoodOptions_Start()
    {
        using var provider = Provider(("Metrics:Storage", "folder:./data"), ("Metrics:Ingest:MaxAttempts", "5"));

        provider.GetRequiredService<IStartupValidator>().Validate();

        Assert.Equal(5, provider.GetRequiredService<IOptions<PipelineOptions>>().Value.Ingest.MaxAttempts);
    }
}
