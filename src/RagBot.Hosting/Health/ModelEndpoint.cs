namespace RagBot.Hosting.Health;

/// <summary>
/// What readiness knows about one configured model provider: a local one (<see cref="ModelsUrl"/> null,
/// judged by <see cref="LocalProblem"/>) or a remote one probed with GET <see cref="ModelsUrl"/>.
/// </summary>
public sealed record ModelEndpoint
{
    /// <summary>Human name, e.g. "OpenAI chat model 'gpt-4o-mini'". Never contains a secret.</summary>
    public required string Description { get; init; }

    /// <summary>The setting path of the provider's section, named in unhealthy reasons.</summary>
    public required string SettingPath { get; init; }

    public Uri? ModelsUrl { get; init; }

    /// <summary>Header carrying the key ("Authorization" with a Bearer value, or Azure's "api-key").</summary>
    public string? AuthHeader { get; init; }

    public string? AuthValue { get; init; }

    /// <summary>For local providers: why they cannot work (e.g. a missing model file), or null when fine.</summary>
    public string? LocalProblem { get; init; }

    public bool IsRemote => ModelsUrl is not null;

    /// <summary>Key for caching probe results: the URL and which key is used, without storing the key itself.</summary>
    public string CacheKey => $"{ModelsUrl}|{AuthHeader}|{(AuthValue is null ? 0 : System.IO.Hashing.XxHash3.HashToUInt64(System.Text.Encoding.UTF8.GetBytes(AuthValue)))}";
}
