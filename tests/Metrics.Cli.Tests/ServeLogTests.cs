using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Metrics.Cli.Serve;
using Metrics.Excel.Reading;
using Metrics.Pipeline.Api;
using Metrics.TestSupport;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Logging;

namespace Metrics.Cli.Tests;

/// <summary>
/// Every log line of a full scenario on <c>metrics serve</c> (upload, ingestion, download, rollup),
/// at every level and category: none carries an API key or its hash, a request body, or the
/// workbook's content (its school names stand for it: not personal, but only a dump would log them).
/// </summary>
public sealed class ServeLogTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("metrics-serve-log-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Fact]
    public async Task FullScenario_LogsNoKeyNoBodyNoWorkbookContent()
    {
        var capture = new CaptureProvider();
        var settings = new Dictionary<string, string?>(AccessMatrix.Settings())
        {
            ["Metrics:Storage"] = "folder:" + root,
            ["Metrics:Ingest:PollSeconds"] = "0.2",
        };
        var app = ServeHost.Build([], settings, background: true, configure: b =>
        {
            b.WebHost.UseTestServer();
            b.Logging.AddProvider(capture);
            b.Logging.AddFilter<CaptureProvider>(null, LogLevel.Trace); // beats the host's category filters
        });
        await app.StartAsync();
        try
        {
            var http = app.GetTestClient();
            var year = 2024;
            var bytes = Workbooks.Good(AccessMatrix.Own, year);
            var schools = WorkbookReader.Read(new MemoryStream(bytes)).Submission!.Schools.Select(s => s.Name).ToArray();

            var content = new ByteArrayContent(bytes);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
            using (var upload = await Send(http, HttpMethod.Post, $"/api/submissions/{year}/{AccessMatrix.Own}", AccessMatrix.OwnKey, content))
            {
                Assert.Equal(202, (int)upload.StatusCode);
            }

            var state = "processing";
            for (var i = 0; i < 300 && state == "processing"; i++)
            {
                await Task.Delay(200);
                using var status = await Send(http, HttpMethod.Get, $"/api/submissions/{year}/{AccessMatrix.Own}/status", AccessMatrix.OwnKey);
                state = JsonDocument.Parse(await status.Content.ReadAsStringAsync()).RootElement.GetProperty("state").GetString()!;
            }

            Assert.Equal("accepted", state);
            foreach (var (url, key) in new[]
            {
                ($"/api/scorecards/{year}/{AccessMatrix.Own}?format=html", AccessMatrix.OwnKey),
                ($"/api/scorecards/{year}/{AccessMatrix.Own}?format=xlsx", AccessMatrix.EvaluatorKey),
                ($"/api/submissions/{year}/{AccessMatrix.Other}/status", AccessMatrix.OwnKey), // refused: logged?
                ($"/api/me", "not-a-key-but-secret-looking-0123456789"),
            })
            {
                using var r = await Send(http, HttpMethod.Get, url, key);
            }

            using (var run = await Send(http, HttpMethod.Post, $"/api/rollups/{year}/run", AccessMatrix.EvaluatorKey))
            {
                Assert.Equal(200, (int)run.StatusCode);
            }

            using (var rollup = await Send(http, HttpMethod.Get, $"/api/rollups/{year}?format=json", AccessMatrix.EvaluatorKey))
            {
                Assert.Equal(200, (int)rollup.StatusCode);
            }

            var lines = capture.Lines.ToArray();
            // The capture works: ingestion and the request pipeline both logged.
            Assert.Contains(lines, l => l.Contains("Accepted submission of county " + AccessMatrix.Own, StringComparison.Ordinal));
            Assert.Contains(lines, l => l.Contains("Request starting", StringComparison.Ordinal));

            string[] secrets =
            [
                AccessMatrix.OwnKey, AccessMatrix.EvaluatorKey, "not-a-key-but-secret-looking-0123456789",
                ApiKeyAuthenticator.Hash(AccessMatrix.OwnKey), ApiKeyAuthenticator.Hash(AccessMatrix.EvaluatorKey),
                Encoding.Latin1.GetString(bytes.AsSpan(0, 64)), Convert.ToBase64String(bytes.AsSpan(0, 48)), Convert.ToHexString(bytes.AsSpan(0, 32)),
                "PK\u0003\u0004",
            ];
            foreach (var line in lines)
            {
                foreach (var secret in secrets.Concat(schools))
                {
                    Assert.False(line.Contains(secret, StringComparison.OrdinalIgnoreCase), $"a log line holds '{secret}': {line}");
                }
            }
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    private static Task<HttpResponseMessage> Send(HttpClient http, HttpMethod method, string url, string key, HttpContent? content = null)
    {
        var r = new HttpRequestMessage(method, url) { Content = content };
        r.Headers.Add("X-Api-Key", key);
        return http.SendAsync(r);
    }

    /// <summary>Keeps every line: category, level, message, every structured value, exception and scopes.</summary>
    private sealed class CaptureProvider : ILoggerProvider, ISupportExternalScope
    {
        private IExternalScopeProvider scopes = new LoggerExternalScopeProvider();

        public ConcurrentQueue<string> Lines { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void SetScopeProvider(IExternalScopeProvider scopeProvider) => scopes = scopeProvider;

        public void Dispose()
        {
        }

        private sealed class Logger(CaptureProvider owner, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => owner.scopes.Push(state);

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                var line = new StringBuilder().Append(category).Append(' ').Append(logLevel).Append(' ').Append(formatter(state, exception));
                if (state is IEnumerable<KeyValuePair<string, object?>> values)
                {
                    foreach (var (k, v) in values)
                    {
                        line.Append(" | ").Append(k).Append('=').Append(v);
                    }
                }

                owner.scopes.ForEachScope((scope, b) => b.Append(" | scope ").Append(scope), line);
                if (exception is not null)
                {
                    line.Append(" | ").Append(exception);
                }

                owner.Lines.Enqueue(line.ToString());
            }
        }
    }
}
