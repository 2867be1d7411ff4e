using System.Text.Json;

namespace Metrics.Infra.Tests;

/// <summary>Walks a compiled ARM template, including the templates of nested (module) deployments.</summary>
internal static class Arm
{
    /// <summary>Every resource in <paramref name="template"/> and in its modules, at any depth.</summary>
    public static IEnumerable<JsonElement> Resources(JsonElement template)
    {
        if (!template.TryGetProperty("resources", out var resources))
        {
            yield break;
        }

        // languageVersion 1.0 emits an array; 2.0 an object keyed by symbolic name.
        var items = resources.ValueKind == JsonValueKind.Array
            ? resources.EnumerateArray().ToArray()
            : resources.EnumerateObject().Select(p => p.Value).ToArray();
        foreach (var resource in items)
        {
            yield return resource;
            if (Type(resource) == "Microsoft.Resources/deployments"
                && resource.GetProperty("properties").TryGetProperty("template", out var nested))
            {
                foreach (var inner in Resources(nested))
                {
                    yield return inner;
                }
            }
        }
    }

    /// <summary>Resources of one type (case-insensitive, as ARM compares types).</summary>
    public static JsonElement[] OfType(string type) =>
        Resources(Bicep.Arm).Where(r => string.Equals(Type(r), type, StringComparison.OrdinalIgnoreCase)).ToArray();

    /// <summary>The single resource of a type; fails the test if there is not exactly one.</summary>
    public static JsonElement Single(string type) => Assert.Single(OfType(type));

    /// <summary>The template (root or nested) that declares a resource of <paramref name="type"/>.</summary>
    public static JsonElement TemplateDeclaring(string type) =>
        Templates(Bicep.Arm).Single(t => Resources(t, nestedToo: false)
            .Any(r => string.Equals(Type(r), type, StringComparison.OrdinalIgnoreCase)));

    public static string Type(JsonElement resource) => resource.GetProperty("type").GetString()!;

    public static string Name(JsonElement resource) => resource.GetProperty("name").GetString()!;

    /// <summary>Follows a dotted path of property names, or returns <c>null</c> when a step is missing.</summary>
    public static JsonElement? At(JsonElement element, string path)
    {
        var current = element;
        foreach (var step in path.Split('.'))
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(step, out current))
            {
                return null;
            }
        }

        return current;
    }

    /// <summary>The string at <paramref name="path"/>; fails the test when it is missing or not a string.</summary>
    public static string StringAt(JsonElement element, string path)
    {
        var value = At(element, path);
        Assert.True(value is { ValueKind: JsonValueKind.String }, $"Expected a string at '{path}'.");
        return value!.Value.GetString()!;
    }

    private static IEnumerable<JsonElement> Resources(JsonElement template, bool nestedToo) =>
        nestedToo ? Resources(template) : template.TryGetProperty("resources", out var r) && r.ValueKind == JsonValueKind.Array
            ? r.EnumerateArray()
            : template.TryGetProperty("resources", out var o) ? o.EnumerateObject().Select(p => p.Value) : [];

    private static IEnumerable<JsonElement> Templates(JsonElement template)
    {
        yield return template;
        foreach (var resource in Resources(template).Where(r => Type(r) == "Microsoft.Resources/deployments"))
        {
            if (resource.GetProperty("properties").TryGetProperty("template", out var nested))
            {
                yield return nested;
            }
        }
    }
}
