using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel;

namespace RagBot.Chat;

/// <summary>
/// The prompt templates in the prompts folder, loaded and compiled once (a missing file fails start-up)
/// and rendered with Semantic Kernel's template engine. Callers escape the values they pass in, so the
/// engine's own encoding is turned off.
/// </summary>
public sealed class PromptLibrary
{
    public const string System = "system";
    public const string AnswerWithContext = "answer-with-context";
    public const string CondenseQuestion = "condense-question";

    private static readonly string[] Required = [System, AnswerWithContext, CondenseQuestion];
    private readonly Dictionary<string, IPromptTemplate> _templates = new(StringComparer.Ordinal);
    private readonly Kernel _kernel = new();

    public PromptLibrary(IOptions<GroundedChatOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var directory = Path.IsPathRooted(options.Value.PromptsDirectory)
            ? options.Value.PromptsDirectory
            : Path.Combine(AppContext.BaseDirectory, options.Value.PromptsDirectory);
        var factory = new KernelPromptTemplateFactory { AllowDangerouslySetContent = true };
        foreach (var name in Required)
        {
            var path = Path.Combine(directory, name + ".md");
            if (!File.Exists(path))
            {
                throw new FileNotFoundException(
                    $"The prompt template '{path}' is missing. Set {GroundedChatOptions.SectionName}:PromptsDirectory to the folder holding {string.Join(", ", Required.Select(r => r + ".md"))}.", path);
            }

            var config = new PromptTemplateConfig(File.ReadAllText(path)) { Name = name, AllowDangerouslySetContent = true };
            _templates[name] = factory.Create(config);
        }
    }

    public async Task<string> RenderAsync(string name, IReadOnlyDictionary<string, string> values, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(values);
        var arguments = new KernelArguments();
        foreach (var (key, value) in values)
        {
            arguments[key] = value;
        }

        return await _templates[name].RenderAsync(_kernel, arguments, cancellationToken).ConfigureAwait(false);
    }
}
