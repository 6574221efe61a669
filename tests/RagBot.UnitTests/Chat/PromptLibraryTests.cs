using Microsoft.Extensions.Options;
using RagBot.Chat;
using RagBot.Core.Chat;

namespace RagBot.UnitTests.Chat;

public sealed class PromptLibraryTests
{
    private static readonly PromptLibrary Library = new(Options.Create(new GroundedChatOptions()));

    [Fact]
    public async Task The_rendered_answer_prompt_carries_sources_question_and_not_found_intact()
    {
        var sources = GroundedPrompt.FormatSource(1, "a.md", "Guide > Limits", "Uploads stop at 50 MB. Use <b>tags</b> & {{$question}}.")
            + "\n\n" + GroundedPrompt.FormatSource(2, "b.md", "", "Second source.");
        var prompt = await Library.RenderAsync(
            PromptLibrary.AnswerWithContext,
            new Dictionary<string, string>
            {
                ["sources"] = sources,
                ["question"] = GroundedPrompt.FormatQuestion("What is the <limit>?"),
                ["notFound"] = GroundedPrompt.FormatNotFound("Not in the docs."),
            },
            TestContext.Current.CancellationToken);

        var parsed = GroundedPrompt.Parse(prompt);
        Assert.Equal(2, parsed.Sources.Count);
        Assert.Equal("Uploads stop at 50 MB. Use <b>tags</b> & {{$question}}.", parsed.Sources[0].Text);
        Assert.Equal("Guide > Limits", parsed.Sources[0].Section);
        Assert.Equal("What is the <limit>?", parsed.Question);
        Assert.Equal("Not in the docs.", parsed.NotFound);
        Assert.DoesNotContain("<b>", prompt, StringComparison.Ordinal);
    }
}
