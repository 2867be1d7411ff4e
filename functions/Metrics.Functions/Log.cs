using Metrics.Pipeline.Ingest;
using Microsoft.Extensions.Logging;

namespace Metrics.Functions;

/// <summary>
/// The functions' log events, source-generated, with named properties and event ids (1001–1099; the
/// pipeline has 2001–2099 and the CLI 3001–3099, and a test keeps ids unique across the product).
/// Events carry county codes, school years and storage paths only: never a school's name or who called.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Ingesting {BlobPath}")]
    public static partial void IngestStarted(ILogger logger, string blobPath);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "Ingested {BlobPath}: {Result} ({Detail})")]
    public static partial void IngestFinished(ILogger logger, string blobPath, IngestResult result, string detail);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Information, Message = "Rollup of {SchoolYear} started by {Trigger} (past due: {PastDue})")]
    public static partial void RollupStarted(ILogger logger, int schoolYear, string trigger, bool pastDue);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Information, Message = "Rollup of {SchoolYear} finished: {Counties} counties, {Passing} passing, {Missing} missing")]
    public static partial void RollupFinished(ILogger logger, int schoolYear, int counties, int passing, int missing);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Information, Message = "{Operation} for {SchoolYear}/{County} answered {StatusCode}")]
    public static partial void ApiAnswered(ILogger logger, string operation, string? schoolYear, string? county, int statusCode);
}
