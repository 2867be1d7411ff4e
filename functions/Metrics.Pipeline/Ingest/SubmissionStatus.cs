using System.Text.Json;
using Metrics.Core.Json;
using Metrics.Core.Model;
using Metrics.Pipeline.Storage;

namespace Metrics.Pipeline.Ingest;

/// <summary>The state of a county's latest submission, as the API and the page show it.</summary>
public enum SubmissionState
{
    None,
    Processing,
    Accepted,
    Rejected,

    /// <summary>Every attempt to process it failed (storage or system fault, not the file's content); the county is told to upload again.</summary>
    Failed,
}

/// <summary>What <c>status/{year}/{county}.json</c> holds.</summary>
/// <param name="Overall">The accepted scorecard's overall status (<see cref="Names.Statuses"/>); null unless accepted.</param>
public sealed record SubmissionStatus(
    SubmissionState State,
    int Year,
    string County,
    string? CountyName,
    string? Blob,
    string? Sha256,
    DateTimeOffset UpdatedUtc,
    Status? Overall,
    IReadOnlyList<ValidationIssue> Issues)
{
    /// <summary>The states with their JSON keys and names, one row each (the table checks every state has one).</summary>
    public static EnumNames<SubmissionState> States { get; } = new(
        new(SubmissionState.None, "none", "未提交", "Not submitted"),
        new(SubmissionState.Processing, "processing", "处理中", "Processing"),
        new(SubmissionState.Accepted, "accepted", "已受理", "Accepted"),
        new(SubmissionState.Rejected, "rejected", "已退回", "Rejected"),
        new(SubmissionState.Failed, "failed", "处理失败", "Failed"));

    /// <summary>The state's key in JSON ("processing", "failed").</summary>
    public static string Name(SubmissionState state) => States.Key(state);

    /// <summary>The state a JSON key stands for; <see cref="SubmissionState.None"/> for anything unknown.</summary>
    public static SubmissionState Parse(string? name) => States.TryParse(name, out var state) ? state : SubmissionState.None;
}

/// <summary>Reads and writes submission status documents.</summary>
public sealed class StatusStore(IBlobStore store)
{
    public Task WriteAsync(SubmissionStatus status, CancellationToken ct) =>
        store.WriteAsync(StorageLayout.StatusFile(status.Year, status.County), Serialize(status), "application/json", ct);

    public async Task<SubmissionStatus?> ReadAsync(int year, string county, CancellationToken ct)
    {
        var bytes = await store.ReadAllBytesAsync(StorageLayout.StatusFile(year, county), ct).ConfigureAwait(false);
        return bytes is null ? null : Parse(bytes);
    }

    public async Task<IReadOnlyList<SubmissionStatus>> ListAsync(int year, CancellationToken ct)
    {
        var result = new List<SubmissionStatus>();
        await foreach (var entry in store.ListAsync(StorageLayout.StatusPrefix(year), ct).ConfigureAwait(false))
        {
            if (entry.Path.EndsWith(".json", StringComparison.Ordinal) && await store.ReadAllBytesAsync(entry.Path, ct).ConfigureAwait(false) is { } bytes)
            {
                result.Add(Parse(bytes));
            }
        }

        return result;
    }

    public static byte[] Serialize(SubmissionStatus s) => JsonOutput.Write(w =>
        {
            w.WriteStartObject();
            w.WriteString("state", SubmissionStatus.Name(s.State));
            w.WriteNumber("year", s.Year);
            w.WriteString("county", s.County);
            w.WriteStringOrNull("countyName", s.CountyName);
            w.WriteStringOrNull("blob", s.Blob);
            w.WriteStringOrNull("sha256", s.Sha256);
            w.WriteTimestamp("updatedUtc", s.UpdatedUtc);
            w.WriteStringOrNull("overall", s.Overall is { } overall ? ScorecardJson.Name(overall) : null);
            w.WriteNumber("errors", s.Issues.Count(i => i.Severity == Severity.Error));
            w.WriteNumber("warnings", s.Issues.Count(i => i.Severity == Severity.Warning));
            w.WriteStartArray("issues");
            foreach (var issue in s.Issues)
            {
                ScorecardJson.WriteIssue(w, issue);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        });

    public static SubmissionStatus Parse(ReadOnlyMemory<byte> json)
    {
        using var doc = JsonDocument.Parse(json);
        var r = doc.RootElement;
        string? S(string name) => r.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        var state = SubmissionStatus.Parse(S("state"));
        var issues = r.GetProperty("issues").EnumerateArray().Select(ReadIssue).ToArray();
        return new SubmissionStatus(
            state,
            r.GetProperty("year").GetInt32(),
            S("county")!,
            S("countyName"),
            S("blob"),
            S("sha256"),
            JsonOutput.ParseTimestamp(S("updatedUtc")!),
            Names.Statuses.TryParse(S("overall"), out var overall) ? overall : null,
            issues);
    }

    /// <summary>Reads one issue written by <see cref="ScorecardJson.WriteIssue"/>.</summary>
    public static ValidationIssue ReadIssue(JsonElement e)
    {
        string? S(string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        return new ValidationIssue(
            S("severity") == "error" ? Severity.Error : Severity.Warning,
            S("code")!,
            S("sheet") ?? "",
            e.TryGetProperty("row", out var row) && row.ValueKind == JsonValueKind.Number ? row.GetInt32() : null,
            S("column"),
            S("cell"),
            S("messageZh") ?? "",
            S("messageEn") ?? "");
    }
}
