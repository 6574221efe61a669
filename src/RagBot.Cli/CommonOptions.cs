using System.CommandLine;

namespace RagBot.Cli;

/// <summary>Options several commands share.</summary>
internal static class CommonOptions
{
    public static readonly Option<string?> DataDirectory = new("--data-dir")
    {
        Description = "The RagBot data directory (default: RagBot:DataDirectory from appsettings.json or RagBot__DataDirectory, else ./ragbot-data).",
        Recursive = true,
    };

    public static Option<string> Output() => new Option<string>("--output", "-o")
    {
        Description = "Output format: text or json.",
        DefaultValueFactory = _ => "text",
    }.AcceptOnlyFromAmong("text", "json");

    public static Option<string[]> Tags(string description) => new("--tag")
    {
        Description = description,
        AllowMultipleArgumentsPerToken = false,
    };

    public static bool IsJson(this ParseResult result, Option<string> output) => result.GetValue(output) == "json";
}
