using Microsoft.Extensions.Logging;

namespace Metrics.Cli;

/// <summary>
/// Every log event of <c>metrics</c>, source-generated, with its event id (3001–3099; the pipeline has
/// 2001–2099 and the Functions app 1001–1099, and a test keeps ids unique across the product).
/// Commands speak to their user on the console; these are the server's events.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Next yearly rollup at {Next}")]
    public static partial void NextRollup(ILogger logger, DateTimeOffset next);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Error, Message = "Scheduled rollup failed")]
    public static partial void ScheduledRollupFailed(ILogger logger, Exception error);
}
