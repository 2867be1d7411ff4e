using Microsoft.Extensions.Logging;

namespace Metrics.Pipeline;

/// <summary>
/// Every log event of the pipeline, source-generated, with its event id (2001–2099; the Functions app
/// has 1001–1099 and the CLI 3001–3099, and a test keeps ids unique across the product). Events carry
/// county codes, school years and storage paths only: never a school's name or who called.
/// </summary>
internal static partial class Log
{
    // Ingestion of one submission (IngestService).
    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Accepted submission of county {County} for {SchoolYear}: overall {Overall}")]
    public static partial void Accepted(ILogger logger, string county, int schoolYear, string overall);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "Rejected submission of county {County} for {SchoolYear} with {Errors} error(s)")]
    public static partial void Rejected(ILogger logger, string county, int schoolYear, int errors);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Information, Message = "Submission of county {County} for {SchoolYear} unchanged; nothing rewritten")]
    public static partial void Unchanged(ILogger logger, string county, int schoolYear);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Error, Message = "Evaluating the submission of county {County} for {SchoolYear} failed")]
    public static partial void EvaluationFailed(ILogger logger, string county, int schoolYear, Exception error);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Information, Message = "Submission of county {County} for {SchoolYear} superseded by a newer upload; kept in history only")]
    public static partial void Superseded(ILogger logger, string county, int schoolYear);

    [LoggerMessage(EventId = 2006, Level = LogLevel.Warning, Message = "Ignored blob {Path}: not a county submission path")]
    public static partial void Ignored(ILogger logger, string path);

    // Failed attempts and poison records (IngestAttempts).
    [LoggerMessage(EventId = 2011, Level = LogLevel.Warning, Message = "Ingestion of {Path} failed (attempt {Attempt}); it will be retried")]
    public static partial void Retry(ILogger logger, string path, int attempt, Exception error);

    [LoggerMessage(EventId = 2012, Level = LogLevel.Error, Message = "Ingestion of {Path} failed {Attempts} times; recorded in poison/")]
    public static partial void Poisoned(ILogger logger, string path, int attempts, Exception error);

    [LoggerMessage(EventId = 2013, Level = LogLevel.Warning, Message = "Removing the attempts record of {Path} failed; it is ignored from now on")]
    public static partial void CleanupFailed(ILogger logger, string path, Exception error);

    [LoggerMessage(EventId = 2014, Level = LogLevel.Warning, Message = "Counting the failed attempt at {Path} failed; the host's own retry applies")]
    public static partial void CountFailed(ILogger logger, string path, Exception error);

    // The watcher of metrics serve (SubmissionWatcher).
    [LoggerMessage(EventId = 2021, Level = LogLevel.Warning, Message = "Scanning submissions failed; will retry")]
    public static partial void ScanFailed(ILogger logger, Exception error);

    // The yearly rollup (RollupService).
    [LoggerMessage(EventId = 2031, Level = LogLevel.Information, Message = "Rolled up {SchoolYear}: {Counties} counties, {Passing} passing, {Missing} missing")]
    public static partial void RolledUp(ILogger logger, int schoolYear, int counties, int passing, int missing);

    [LoggerMessage(EventId = 2032, Level = LogLevel.Warning, Message = "Skipped unreadable county data {Path}: {Reason}")]
    public static partial void Unreadable(ILogger logger, string path, string reason);
}
