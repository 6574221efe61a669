namespace RagBot.Hosting.Configuration;

/// <summary>One line of a configuration check: the setting it is about and what was found (never a secret's value).</summary>
public sealed record ConfigurationFinding(FindingSeverity Severity, string Setting, string Message);
