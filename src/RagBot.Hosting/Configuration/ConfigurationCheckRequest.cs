namespace RagBot.Hosting.Configuration;

/// <summary>What to check: the configuration the API would see for these arguments and environment.</summary>
public sealed record ConfigurationCheckRequest
{
    /// <summary>Configuration arguments exactly as the API would get them (e.g. <c>--RagBot:Chat:Provider=OpenAI</c>).</summary>
    public IReadOnlyList<string> Args { get; init; } = [];

    /// <summary>Also call the model providers and open the vector store (network and disk side effects).</summary>
    public bool Probe { get; init; }

    /// <summary>The environment (Development, Production...). Null: ASPNETCORE_ENVIRONMENT, then DOTNET_ENVIRONMENT, as the API does.</summary>
    public string? EnvironmentName { get; init; }

    /// <summary>Where appsettings.json is looked up. Null: the current directory, as the API does.</summary>
    public string? ContentRoot { get; init; }
}
