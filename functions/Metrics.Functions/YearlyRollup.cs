using Metrics.Pipeline;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace Metrics.Functions;

/// <summary>
/// The yearly rollup on the schedule in <c>Metrics:Rollup:Schedule</c> (app setting
/// <c>Metrics__Rollup__Schedule</c>). The school year comes from <see cref="RollupService.DefaultYear"/>,
/// not from this function. A failed run is retried with backoff before the host gives up.
/// </summary>
public sealed class YearlyRollup(RollupService rollup, ILogger<YearlyRollup> logger)
{
    [Function(nameof(YearlyRollup))]
    [ExponentialBackoffRetry(3, "00:00:30", "00:05:00")]
    public async Task RunAsync([TimerTrigger("%Metrics:Rollup:Schedule%")] TimerInfo timer, CancellationToken cancellationToken)
    {
        var year = rollup.DefaultYear();
        Log.RollupStarted(logger, year, "timer", timer.IsPastDue);
        var outcome = await rollup.RunAsync(year, cancellationToken);
        Log.RollupFinished(logger, year, outcome.Counties, outcome.Passing, outcome.Missing);
    }
}
