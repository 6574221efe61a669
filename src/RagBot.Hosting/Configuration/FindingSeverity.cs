namespace RagBot.Hosting.Configuration;

/// <summary>How a configuration finding affects the verdict: only errors make the check fail.</summary>
public enum FindingSeverity
{
    Ok,
    Warning,
    Error,
}
