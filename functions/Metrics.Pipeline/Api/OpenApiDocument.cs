using System.Text.Json.Nodes;
using Metrics.Core.Json;

namespace Metrics.Pipeline.Api;

/// <summary>Which host answers: they share every route and differ in how callers authenticate.</summary>
public enum ApiHost
{
    /// <summary><c>metrics serve</c> on one machine: API keys.</summary>
    Serve,

    /// <summary>The Azure Functions app: App Service authentication (Microsoft Entra ID) in front of it.</summary>
    Functions,
}

/// <summary>
/// The OpenAPI 3.0 document of the HTTP API, kept as data (Web/openapi.json) because the Functions
/// app cannot generate one from the minimal-API endpoints <c>metrics serve</c> maps; tests hold both
/// hosts' routes to it. Only the security schemes and the page's path depend on the host.
/// </summary>
public static class OpenApiDocument
{
    private static readonly Lazy<byte[]> Template = new(() =>
    {
        using var s = typeof(OpenApiDocument).Assembly.GetManifestResourceStream("Metrics.Pipeline.Web.openapi.json")
            ?? throw new InvalidOperationException("openapi.json is not embedded.");
        using var m = new MemoryStream();
        s.CopyTo(m);
        return m.ToArray();
    });

    private static readonly Lazy<byte[]> ForServe = new(() => Render(ApiHost.Serve));
    private static readonly Lazy<byte[]> ForFunctions = new(() => Render(ApiHost.Functions));

    /// <summary>The document as the given host serves it.</summary>
    public static byte[] For(ApiHost host) => host == ApiHost.Serve ? ForServe.Value : ForFunctions.Value;

    private static byte[] Render(ApiHost host)
    {
        var doc = JsonNode.Parse(Template.Value)!.AsObject();
        var schemes = doc["components"]!["securitySchemes"]!.AsObject();
        var security = new JsonArray();
        if (host == ApiHost.Serve)
        {
            schemes["apiKey"] = new JsonObject
            {
                ["type"] = "apiKey",
                ["in"] = "header",
                ["name"] = "X-Api-Key",
                ["description"] = "metrics serve: a key from `metrics key --role county:130102` (or --role evaluator); the server keeps only its SHA-256 (Metrics:ApiKeys). `Authorization: Bearer KEY` is accepted too.",
            };
            security.Add((JsonNode)new JsonObject { ["apiKey"] = new JsonArray() });
        }
        else
        {
            schemes["appServiceAuth"] = new JsonObject
            {
                ["type"] = "http",
                ["scheme"] = "bearer",
                ["description"] = "Azure: App Service authentication (Microsoft Entra ID) in front of the app. A browser signs in (session cookie); a program sends an Entra ID access token as `Authorization: Bearer TOKEN`. App roles: evaluator, county.{6-digit code}. The app reads the principal App Service passes in X-MS-CLIENT-PRINCIPAL, which callers cannot set.",
            };
            security.Add((JsonNode)new JsonObject { ["appServiceAuth"] = new JsonArray() });

            // The Functions host puts every HTTP route under /api/, the page included.
            var paths = doc["paths"]!.AsObject();
            var page = paths["/"]!.DeepClone();
            paths.Remove("/");
            paths.Insert(0, "/api/", page);
        }

        doc["security"] = security;
        doc["servers"] = new JsonArray(new JsonObject
        {
            ["url"] = "/",
            ["description"] = host == ApiHost.Serve ? "metrics serve (default http://127.0.0.1:7071)" : "The Functions app (https://APP.azurewebsites.net)",
        });
        return JsonOutput.Write(w => doc.WriteTo(w));
    }
}
