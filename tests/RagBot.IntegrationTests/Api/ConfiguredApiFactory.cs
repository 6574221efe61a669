namespace RagBot.IntegrationTests.Api;

/// <summary>The real API with the given settings on top of <see cref="RagBotApiFactory"/>'s (e.g. another embedder or data directory).</summary>
public sealed class ConfiguredApiFactory : RagBotApiFactory
{
    public ConfiguredApiFactory(IEnumerable<KeyValuePair<string, string?>> settings)
        : base(settings.ToDictionary())
    {
    }
}
