using System.Text.Json;
using System.Text.Json.Serialization;
using Metrics.Core.Model;

namespace Metrics.Core.Json;

/// <summary>
/// Writes and reads an enum as its wire key from <see cref="Names"/> (<c>not_assessed</c>), so a
/// serialized document spells every enum value exactly as the hand-written writers do; an unknown
/// key is a <see cref="JsonException"/>, never a default value.
/// </summary>
public class EnumKeyConverter<T>(EnumNames<T> names) : JsonConverter<T>
    where T : struct, Enum
{
    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var key = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
        return names.TryParse(key, out var value) ? value : throw new JsonException($"Unknown {typeof(T).Name} '{key}'.");
    }

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(names.Key(value));
    }
}

/// <summary><see cref="Status"/> by its key in <see cref="Names.Statuses"/>.</summary>
public sealed class StatusKeyConverter() : EnumKeyConverter<Status>(Names.Statuses);
