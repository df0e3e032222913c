using System.Text.Json;
using System.Text.Json.Serialization;

namespace Analytics.Jobs.Cli;

/// <summary>One JSON shape for every --json output: camelCase, enums as their codes, indented.</summary>
public static class CliJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    public static Task WriteAsync<T>(T value) => Console.Out.WriteLineAsync(JsonSerializer.Serialize(value, Options));
}
