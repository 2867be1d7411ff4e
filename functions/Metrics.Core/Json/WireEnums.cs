using System.Text.Json;
using System.Text.Json.Serialization;
using Metrics.Core.Model;
using Metrics.Core.Profiles;

namespace Metrics.Core.Json;

/// <summary>
/// How the enums of the documents serialised by type (profiles, the county data's input) are
/// written: <c>snake_case_lower</c> names, numbers refused. One converter per enum type: the generic
/// converter is built without generating code at run time, which the natively compiled CLI cannot
/// do. <c>WireEnumsTests</c> walks the serialised types and fails if an enum they use is missing here.
/// </summary>
public static class WireEnums
{
    /// <summary>Adds a converter for every enum of the serialised documents to <paramref name="converters"/>.</summary>
    public static void AddTo(IList<JsonConverter> converters)
    {
        ArgumentNullException.ThrowIfNull(converters);
        converters.Add(Of<Decision>());
        converters.Add(Of<TeachingPointPolicy>());
        converters.Add(Of<KeyShareBase>());
        converters.Add(Of<Level>());
        converters.Add(Of<SchoolType>());
        converters.Add(Of<Location>());
        converters.Add(Of<Ownership>());
        converters.Add(Of<PairingScope>());
        converters.Add(Of<Status>());
        converters.Add(Of<SectionWeighting>());
        converters.Add(Of<Severity>());
    }

    /// <summary>The converter of one enum, for an adapter with enums of its own.</summary>
    public static JsonConverter Of<T>()
        where T : struct, Enum => new JsonStringEnumConverter<T>(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false);
}
