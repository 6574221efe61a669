using System.Net;
using System.Text.RegularExpressions;
using RagBot.Core.Text;

namespace RagBot.Core.Chat;

/// <summary>
/// The wire format of the grounded prompt: numbered sources inside <c>&lt;source id="n"&gt;</c> tags with their
/// text HTML-escaped (so a document cannot close the tag or inject markup), the question inside
/// <c>&lt;question&gt;</c>, and the fixed not-found reply inside <c>&lt;not-found&gt;</c>. The chat service writes
/// it through the prompt templates; the extractive answerer reads it back.
/// </summary>
public static partial class GroundedPrompt
{
    /// <summary>One numbered source. Its text, title and section are neutralised first (<see cref="SourceText"/>): a document cannot plant citation markers or links.</summary>
    public static string FormatSource(int index, string title, string headingPath, string text) =>
        $"<source id=\"{index}\" title=\"{Encode(title)}\" section=\"{Encode(headingPath)}\">\n{Encode(text)}\n</source>";

    private static string Encode(string documentText) => WebUtility.HtmlEncode(SourceText.Neutralize(documentText));

    public static string FormatQuestion(string question) => $"<question>{WebUtility.HtmlEncode(question)}</question>";

    public static string FormatNotFound(string notFound) => $"<not-found>{WebUtility.HtmlEncode(notFound)}</not-found>";

    /// <summary>Reads sources, question and not-found reply out of a rendered prompt.</summary>
    public static ParsedGroundedPrompt Parse(string prompt)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        var sources = SourcePattern().Matches(prompt)
            .Select(m => new PromptSource(
                int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture),
                WebUtility.HtmlDecode(m.Groups[3].Value.Trim()))
            {
                Section = WebUtility.HtmlDecode(m.Groups[2].Value),
            })
            .ToList();
        var question = QuestionPattern().Match(prompt);
        var notFound = NotFoundPattern().Match(prompt);
        return new ParsedGroundedPrompt(
            sources,
            question.Success ? WebUtility.HtmlDecode(question.Groups[1].Value) : null,
            notFound.Success ? WebUtility.HtmlDecode(notFound.Groups[1].Value) : null);
    }

    [GeneratedRegex("<source id=\"(\\d+)\" title=\"[^\"]*\" section=\"([^\"]*)\">(.*?)</source>", RegexOptions.Singleline)]
    private static partial Regex SourcePattern();

    [GeneratedRegex("<question>(.*?)</question>", RegexOptions.Singleline)]
    private static partial Regex QuestionPattern();

    [GeneratedRegex("<not-found>(.*?)</not-found>", RegexOptions.Singleline)]
    private static partial Regex NotFoundPattern();
}

/// <summary>A source as read back from a grounded prompt, with the heading path it sits under.</summary>
public sealed record PromptSource(int Index, string Text)
{
    public string Section { get; init; } = "";
}

/// <summary>The parts of a grounded prompt (question and not-found are null when absent).</summary>
public sealed record ParsedGroundedPrompt(IReadOnlyList<PromptSource> Sources, string? Question, string? NotFound);
