namespace RagBot.Hosting;

/// <summary>Names and tags of RagBot's health checks.</summary>
public static class RagBotHealthChecks
{
    /// <summary>Checks with this tag decide readiness (<c>/health/ready</c>).</summary>
    public const string ReadyTag = "ready";
}
