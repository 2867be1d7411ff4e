using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using Metrics.Core.Json;
using Metrics.Core.Model;
using Metrics.Core.Profiles;

namespace Metrics.Core.Tests.Json;

/// <summary>
/// The documents serialised by type use one converter per enum (<see cref="WireEnums"/>), so an enum
/// added to a profile or to the input without its converter would be written as a number.
/// </summary>
public class WireEnumsTests
{
    [Fact]
    public void Every_enum_of_the_profile_and_the_input_has_a_converter()
    {
        var listed = new List<JsonConverter>();
        WireEnums.AddTo(listed);
        var reachable = EnumsReachableFrom(typeof(Profile), typeof(CountySubmission));

        // The profile's Decision and the input's SchoolType, at least, are in these graphs.
        Assert.Contains(typeof(Decision), reachable);
        Assert.Contains(typeof(SchoolType), reachable);
        var missing = reachable.Where(e => !listed.Any(c => c.CanConvert(e))).Select(e => e.Name).ToList();
        Assert.Empty(missing);
    }

    [Fact]
    public void An_enum_is_written_snake_case_and_a_number_is_refused()
    {
        var options = new JsonSerializerOptions();
        WireEnums.AddTo(options.Converters);

        Assert.Equal("\"exclude_under\"", JsonSerializer.Serialize(TeachingPointPolicy.ExcludeUnder, options));
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<TeachingPointPolicy>("1", options));
    }

    private static HashSet<Type> EnumsReachableFrom(params Type[] roots)
    {
        var enums = new HashSet<Type>();
        var seen = new HashSet<Type>();
        var queue = new Queue<Type>(roots);
        while (queue.TryDequeue(out var type))
        {
            type = Nullable.GetUnderlyingType(type) ?? type;
            if (!seen.Add(type) || type == typeof(string))
            {
                continue;
            }

            if (type.IsEnum)
            {
                enums.Add(type);
                continue;
            }

            foreach (var arg in type.IsGenericType ? type.GetGenericArguments() : [])
            {
                queue.Enqueue(arg);
            }

            if (type.Assembly != typeof(Profile).Assembly)
            {
                continue;
            }

            foreach (var p in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                queue.Enqueue(p.PropertyType);
            }

            // A check's parameters are read as the rule type its catalog entry declares.
            if (type == typeof(CheckRules))
            {
                foreach (var rule in typeof(CheckRule).Assembly.GetTypes().Where(t => t.IsSubclassOf(typeof(CheckRule))))
                {
                    queue.Enqueue(rule);
                }
            }
        }

        return enums;
    }
}
