using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RagBot.Hosting;
using Spectre.Console;

namespace RagBot.Cli;

/// <summary>
/// What every command shares: the output writers (stdout for results, stderr for progress and errors) and
/// the host over the same composition root as the API, built on demand for the chosen data directory.
/// </summary>
public sealed class CliContext
{
    private readonly IReadOnlyDictionary<string, string?> _settings;

    public CliContext(TextWriter stdout, TextWriter stderr, IReadOnlyDictionary<string, string?> settings)
    {
        Stdout = stdout;
        Stderr = stderr;
        _settings = settings;
        Out = CreateConsole(stdout);
        Error = CreateConsole(stderr);
    }

    public TextWriter Stdout { get; }

    public TextWriter Stderr { get; }

    /// <summary>Results (tables, summaries).</summary>
    public IAnsiConsole Out { get; }

    /// <summary>Progress bars and warnings, kept off stdout so results can be piped.</summary>
    public IAnsiConsole Error { get; }

    /// <summary>
    /// The RagBot host (not started: no background services run in the CLI). Configuration comes from
    /// appsettings.json in the working directory, <c>RagBot__*</c> environment variables, then <c>--data-dir</c>.
    /// </summary>
    public IHost BuildHost(string? dataDirectory)
    {
        // A CLI run is short-lived and starts from any directory: watching its content root for config changes (the host's
        // default) put inotify watches on every folder under it, all of /tmp when run from there.
        var settings = new HostApplicationBuilderSettings { Args = [], ContentRootPath = Directory.GetCurrentDirectory(), Configuration = new ConfigurationManager() };
        settings.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["hostBuilder:reloadConfigOnChange"] = "false" });
        var builder = Host.CreateApplicationBuilder(settings);
        builder.Configuration.AddInMemoryCollection(_settings);
        if (!string.IsNullOrWhiteSpace(dataDirectory))
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["RagBot:DataDirectory"] = dataDirectory });
        }

        builder.Logging.ClearProviders();
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddRagBot(seedSampleCorpus: false);
        return builder.Build();
    }

    /// <summary>The configuration the host would see (for the evaluator's scratch host).</summary>
    public IConfiguration BuildConfiguration(string? dataDirectory)
    {
        var builder = new ConfigurationBuilder()
            .SetBasePath(Directory.GetCurrentDirectory())
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables()
            .AddInMemoryCollection(_settings);
        if (!string.IsNullOrWhiteSpace(dataDirectory))
        {
            builder.AddInMemoryCollection(new Dictionary<string, string?> { ["RagBot:DataDirectory"] = dataDirectory });
        }

        return builder.Build();
    }

    private static IAnsiConsole CreateConsole(TextWriter writer)
    {
        var terminal = (writer == Console.Out && !Console.IsOutputRedirected) || (writer == Console.Error && !Console.IsErrorRedirected);
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = terminal ? InteractionSupport.Detect : InteractionSupport.No,
        });
        if (!terminal)
        {
            // Piped or captured output: no wrapping at a guessed 80 columns.
            console.Profile.Width = 240;
        }

        return console;
    }
}
