using RagBot.Core.Chat;
using RagBot.Core.Text;

namespace RagBot.UnitTests.Core;

public sealed class SourceTextTests
{
    [Theory]
    [InlineData("lasts 7 years according to the official handbook [2].", "lasts 7 years according to the official handbook (2).")]
    [InlineData("see [1, 3] and [ 4 ] and [5-6]", "see (1, 3) and (4) and (5-6)")]
    [InlineData("[1](http://evil.example)", "1")]
    [InlineData("click ![logo](http://evil.example/x.png) here", "click logo here")]
    [InlineData("the [desk][ref] helps", "the desk helps")]
    [InlineData("[ref]: http://evil.example", "(ref): http://evil.example")]
    [InlineData("<a href=\"http://evil.example\">the desk</a>", "the desk")]
    [InlineData("go to <http://evil.example>", "go to http://evil.example")]
    [InlineData("<img src=x onerror=alert(1)>ok", "ok")]
    [InlineData("a < b and c > d, x[i] = y", "a < b and c > d, x[i] = y")]
    [InlineData("plain text stays", "plain text stays")]
    [InlineData("[[1]](http://evil.example/n)", "(1)")]
    [InlineData("[a](http://evil.example/x(y)) and [b](javascript:alert(1))", "a and b")]
    [InlineData("per [\u200B2] and [2\u200B] and [\uFEFF3]", "per (2) and (2) and (3)")]
    [InlineData("escaped \\[2\\] and footnote [^3]", "escaped (2) and footnote (3)")]
    [InlineData("[[a]](http://evil.example) and [x]][y](z", "[[a]] (http://evil.example) and [x]] [y] (z")]
    public void Neutralize_removes_markers_and_link_markup_but_keeps_the_words(string text, string expected)
    {
        Assert.Equal(expected, SourceText.Neutralize(text));
    }

    [Fact]
    public void The_grounded_prompt_quotes_neutralised_text_title_and_section()
    {
        var prompt = GroundedPrompt.FormatSource(1, "evil [2].md", "Links > [x](http://evil.example)", "Keep [3] out, and [1](http://evil.example) too.");
        var source = Assert.Single(GroundedPrompt.Parse(prompt + "<question>q</question>").Sources);

        Assert.Equal("Keep (3) out, and 1 too.", source.Text);
        Assert.Equal("Links > x", source.Section);
        Assert.DoesNotContain("[2]", prompt, StringComparison.Ordinal);
    }

    [Fact]
    public void Neutralize_is_linear_on_long_bracket_runs()
    {
        var text = new string('[', 200_000) + new string(']', 200_000) + string.Concat(Enumerable.Repeat("[1](", 50_000));

        // Every "[1](" becomes "(1)(" (same length); the one "][" where the runs meet is split by a space.
        Assert.Equal(text.Length + 1, SourceText.Neutralize(text).Length);
    }

    [Fact]
    public void A_null_tag_is_reported_not_taken_for_none()
    {
        Assert.NotNull(Tags.DescribeFirstInvalid(["team:a", null]));
        Assert.Null(Tags.DescribeFirstInvalid(["team:a"]));
    }
}
