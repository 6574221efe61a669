using Microsoft.Extensions.Configuration;
using RagBot.Hosting.Telemetry;

namespace RagBot.Hosting.Configuration;

/// <summary>Checks on raw settings that no options validator covers, and a summary of the effective choices.</summary>
internal static class SettingsInspector
{
    public static IEnumerable<ConfigurationFinding> Inspect(IConfiguration configuration)
    {
        yield return Summary(configuration, "RagBot:Chat:Provider", "Local");
        yield return Summary(configuration, "RagBot:Embeddings:Provider", "Onnx, built-in model " + RagBot.Providers.Onnx.OnnxEmbeddingOptions.DefaultModel);
        yield return Summary(configuration, "RagBot:VectorStore:Provider", "Embedded");
        var dataDirectory = configuration["RagBot:DataDirectory"] ?? "ragbot-data";
        yield return new(FindingSeverity.Ok, "RagBot:DataDirectory", $"data in '{Path.GetFullPath(dataDirectory)}'.");

        if (string.Equals(configuration["RagBot:VectorStore:Provider"], "Qdrant", StringComparison.OrdinalIgnoreCase))
        {
            yield return Url(configuration, "RagBot:VectorStore:Qdrant:Url", required: true);
        }

        var otlp = configuration[TelemetryServiceCollectionExtensions.OtlpEndpointSetting];
        yield return string.IsNullOrWhiteSpace(otlp)
            ? new(FindingSeverity.Ok, TelemetryServiceCollectionExtensions.OtlpEndpointSetting, "not set: traces and metrics are not exported.")
            : Url(configuration, TelemetryServiceCollectionExtensions.OtlpEndpointSetting, required: true);
    }

    private static ConfigurationFinding Summary(IConfiguration configuration, string setting, string defaultValue) =>
        new(FindingSeverity.Ok, setting, configuration[setting] is { Length: > 0 } value ? value : $"{defaultValue} (default)");

    private static ConfigurationFinding Url(IConfiguration configuration, string setting, bool required)
    {
        var value = configuration[setting];
        if (string.IsNullOrWhiteSpace(value))
        {
            return new(required ? FindingSeverity.Error : FindingSeverity.Ok, setting, required ? $"{setting} is required." : "not set.");
        }

        return Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? new(FindingSeverity.Ok, setting, $"{uri.Scheme}://{uri.Authority}{uri.AbsolutePath}")
            : new(FindingSeverity.Error, setting, $"{setting} must be an absolute http(s) URL such as http://localhost:6333 or http://collector:4318.");
    }
}
