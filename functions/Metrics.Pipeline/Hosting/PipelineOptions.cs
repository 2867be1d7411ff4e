using System.Globalization;
using Cronos;

namespace Metrics.Pipeline.Hosting;

/// <summary>Configuration section <c>Metrics</c>, shared by Azure Functions and <c>metrics serve</c>.</summary>
public sealed class PipelineOptions
{
    public const string Section = "Metrics";

    /// <summary>
    /// Where everything is stored: <c>folder:PATH</c> (default <c>folder:./data</c>),
    /// <c>UseDevelopmentStorage=true</c> or a connection string (Azurite, Azure), or a blob service
    /// URI used with managed identity (<c>https://account.blob.core.windows.net</c>).
    /// </summary>
    public string Storage { get; set; } = "folder:./data";

    /// <summary>Folder of province profile files (<c>*.json</c>) added to the national ones; optional.</summary>
    public string? ProfilesFolder { get; set; }

    public RollupOptions Rollup { get; set; } = new();

    public IngestOptions Ingest { get; set; } = new();

    /// <summary>API keys of <c>metrics serve</c> (hashes only). Azure uses App Service authentication instead.</summary>
    public List<Api.ApiKeyOptions> ApiKeys { get; set; } = [];

    /// <summary>
    /// Every problem with the options, each in Chinese and English and naming its setting, empty when
    /// they are usable. <see cref="PipelineOptionsValidator"/> reports all of them at once at start-up.
    /// </summary>
    public IEnumerable<string> Problems()
    {
        if (string.IsNullOrWhiteSpace(Storage))
        {
            yield return "Metrics:Storage 为空。 / Metrics:Storage is empty.";
        }

        if (RollupOptions.TryParse(Rollup.Schedule) is null)
        {
            yield return $"Metrics:Rollup:Schedule '{Rollup.Schedule}' 不是六段 cron 表达式（秒 分 时 日 月 星期）。 / Metrics:Rollup:Schedule '{Rollup.Schedule}' is not a six-field cron expression (second minute hour day month weekday).";
        }

        if (Ingest.MaxAttempts is < 1 or > 20)
        {
            yield return $"Metrics:Ingest:MaxAttempts 为 {Ingest.MaxAttempts.ToString(CultureInfo.InvariantCulture)}，应在 1 到 20 之间。 / Metrics:Ingest:MaxAttempts must be between 1 and 20.";
        }

        if (Ingest.PollSeconds is < 0.1 or > 3600 || double.IsNaN(Ingest.PollSeconds))
        {
            yield return $"Metrics:Ingest:PollSeconds 为 {Ingest.PollSeconds.ToString(CultureInfo.InvariantCulture)}，应在 0.1 到 3600 之间。 / Metrics:Ingest:PollSeconds must be between 0.1 and 3600.";
        }

        if (Ingest.Parallelism is < 1 or > 256)
        {
            yield return $"Metrics:Ingest:Parallelism 为 {Ingest.Parallelism.ToString(CultureInfo.InvariantCulture)}，应在 1 到 256 之间。 / Metrics:Ingest:Parallelism must be between 1 and 256.";
        }

        foreach (var key in ApiKeys.Where(k => k.Sha256.Length != 64 || !k.Sha256.All(Uri.IsHexDigit)))
        {
            yield return $"Metrics:ApiKeys 的 '{key.Name}' 需要 Sha256：64 位十六进制（密钥的哈希，而非密钥本身）。 / Metrics:ApiKeys entry '{key.Name}' needs Sha256: 64 hex digits (the hash of the key, never the key).";
        }

        foreach (var key in ApiKeys)
        {
            foreach (var role in key.Roles.Where(r => !Api.MetricsPrincipal.IsRole(r)))
            {
                yield return $"Metrics:ApiKeys 的 '{key.Name}' 的角色 '{role}' 不授予任何权限：请用 evaluator 或 county:{{6 位县代码}}。 / Metrics:ApiKeys entry '{key.Name}' has role '{role}', which grants nothing: use evaluator or county:{{6-digit county code}}.";
            }

            if (key.Roles.Count == 0)
            {
                yield return $"Metrics:ApiKeys 的 '{key.Name}' 没有角色，该密钥什么也做不了：请加 evaluator 或 county:{{6 位县代码}}。 / Metrics:ApiKeys entry '{key.Name}' has no roles, so the key can do nothing: add evaluator or county:{{6-digit county code}}.";
            }
        }
    }
}

public sealed class RollupOptions
{
    /// <summary>Six-field cron (with seconds, as Azure Functions timers use); default 02:00 UTC on 1 September.</summary>
    public string Schedule { get; set; } = "0 0 2 1 9 *";

    public static CronExpression? TryParse(string? schedule)
    {
        try
        {
            return string.IsNullOrWhiteSpace(schedule) ? null : CronExpression.Parse(schedule, CronFormat.IncludeSeconds);
        }
        catch (CronFormatException)
        {
            return null;
        }
    }
}

public sealed class IngestOptions
{
    /// <summary>Attempts before a blob is recorded in <c>poison/</c> (Azure: host.json poisonBlobThreshold).</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>How often <c>metrics serve</c> looks for new submissions.</summary>
    public double PollSeconds { get; set; } = 1;

    /// <summary>
    /// Submissions processed at once by <c>metrics serve</c> and <c>metrics ingest</c>: four per core,
    /// because each upload also waits on storage (every stored file is flushed to disk, or sent to Blob
    /// Storage) and fewer left the cores idle through those waits. 120 uploads, alternating pairs of
    /// native runs: two per core took 0.79x the wall time of one per core; with the flushes off the
    /// thread pool (<c>DiskFlusher</c>), four per core took 0.87-1.09x (median 0.92x, 10 pairs) the time of two,
    /// for 30-40 MB more at the peak.
    /// </summary>
    public int Parallelism { get; set; } = Math.Clamp(4 * Environment.ProcessorCount, 1, 256);
}
