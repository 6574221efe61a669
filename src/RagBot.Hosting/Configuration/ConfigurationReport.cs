namespace RagBot.Hosting.Configuration;

/// <summary>The findings of a configuration check and their verdict.</summary>
public sealed class ConfigurationReport
{
    public ConfigurationReport(string environmentName, IReadOnlyList<ConfigurationFinding> findings)
    {
        EnvironmentName = environmentName;
        Findings = findings;
    }

    public string EnvironmentName { get; }

    public IReadOnlyList<ConfigurationFinding> Findings { get; }

    public IEnumerable<ConfigurationFinding> Errors => Findings.Where(f => f.Severity == FindingSeverity.Error);

    public bool IsValid => !Errors.Any();

    /// <summary>The process exit code: 0 when valid, 1 when any error was found.</summary>
    public int ExitCode => IsValid ? 0 : 1;

    /// <summary>A report a person can read: one line per finding, errors first, then the verdict.</summary>
    public void WriteTo(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteLine($"RagBot configuration check (environment: {EnvironmentName})");
        var width = Findings.Count == 0 ? 0 : Findings.Max(f => f.Setting.Length);
        foreach (var finding in Findings.OrderByDescending(f => f.Severity))
        {
            var label = finding.Severity switch { FindingSeverity.Error => "error", FindingSeverity.Warning => "warn", _ => "ok" };
            writer.WriteLine($"  {label,-5} {finding.Setting.PadRight(width)}  {finding.Message}");
        }

        var errors = Errors.Count();
        var warnings = Findings.Count(f => f.Severity == FindingSeverity.Warning);
        writer.WriteLine(IsValid
            ? $"Configuration is valid ({warnings} warning(s))."
            : $"Configuration is INVALID: {errors} error(s), {warnings} warning(s).");
    }

    public override string ToString()
    {
        using var writer = new StringWriter();
        WriteTo(writer);
        return writer.ToString();
    }
}
