using System.Globalization;
using System.Text.Json;

namespace Analytics.Jobs.Connectors.Live;

/// <summary>Reading optional fields of the live APIs' JSON: a missing, null or non-string field is null, never an exception.</summary>
internal static class JsonFields
{
    public static DateTimeOffset? Time(JsonElement element, string name) =>
        Text(element, name) is { } text && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? at
            : null;

    public static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
