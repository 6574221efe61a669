using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using RagBot.Core.Chat;
using RagBot.Providers.Local;

namespace RagBot.UnitTests.Providers;

public sealed class ExtractiveChatClientTests
{
    private const string NotFound = "I could not find this in the documents.";

    private static readonly ExtractiveChatClient Client = new(Options.Create(new ExtractiveAnswererOptions()));

    private static ChatMessage Prompt(string question, params string[] sources) => new(
        ChatRole.User,
        string.Join("\n\n", sources.Select((s, i) => GroundedPrompt.FormatSource(i + 1, $"doc{i + 1}.md", "", s)))
        + "\n" + GroundedPrompt.FormatQuestion(question) + "\nIf not found reply: " + GroundedPrompt.FormatNotFound(NotFound));

    [Fact]
    public async Task Quotes_the_answering_sentence_with_its_citation()
    {
        var response = await Client.GetResponseAsync(
            [Prompt("What is the upload size limit?",
                "RagBot stores vectors in SQLite. The largest upload size limit is 50 MB by default.",
                "Chunks overlap by 32 tokens.")],
            cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal("The largest upload size limit is 50 MB by default. [1]", response.Text);
        Assert.Equal(AnswerMode.Extractive, response.AdditionalProperties?["ragbot.mode"]);
        Assert.Equal(ExtractiveChatClient.ModelId, response.ModelId);
    }

    [Fact]
    public async Task Stitches_sentences_from_several_sources()
    {
        var response = await Client.GetResponseAsync(
            [Prompt("Which port and which database does it use?",
                "The server listens on port 5000.",
                "Documents are kept in a SQLite database.")],
            cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal("The server listens on port 5000. [1] Documents are kept in a SQLite database. [2]", response.Text);
    }

    [Fact]
    public async Task Says_not_found_when_the_sources_do_not_cover_the_question()
    {
        var response = await Client.GetResponseAsync(
            [Prompt("What is the capital of France?", "The server listens on port 5000.")],
            cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(NotFound, response.Text);
    }

    [Fact]
    public async Task Escaped_source_text_is_quoted_back_unescaped()
    {
        var response = await Client.GetResponseAsync(
            [Prompt("What does the filter syntax use?", "The filter syntax uses <tag> & \"quotes\".")],
            cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal("The filter syntax uses <tag> & \"quotes\". [1]", response.Text);
    }

    [Fact]
    public async Task A_remembered_source_under_another_heading_is_read_with_that_heading()
    {
        // Sources are split once and remembered; the heading's words count as the sentence's, so the same text under
        // another heading must not reuse the first heading's words (nor the reverse).
        using var client = new ExtractiveChatClient(Options.Create(new ExtractiveAnswererOptions()));
        const string text = "It defaults to 50 MB when nothing else is set.";
        static ChatMessage Under(string section) => new(ChatRole.User,
            GroundedPrompt.FormatSource(1, "guide.md", section, text) + "\n" + GroundedPrompt.FormatQuestion("What is the upload limit?")
            + "\n" + GroundedPrompt.FormatNotFound(NotFound));
        var token = TestContext.Current.CancellationToken;

        for (var round = 0; round < 2; round++)
        {
            Assert.Equal("It defaults to 50 MB when nothing else is set. [1]", (await client.GetResponseAsync([Under("Configuring > Upload limit")], cancellationToken: token)).Text);
            Assert.Equal(NotFound, (await client.GetResponseAsync([Under("Configuring > Chunk overlap")], cancellationToken: token)).Text);
        }
    }

    [Fact]
    public async Task Streaming_yields_the_same_text()
    {
        var message = Prompt("What is the upload size limit?", "The upload size limit is 50 MB.");
        var streamed = await Client.GetStreamingResponseAsync([message], cancellationToken: TestContext.Current.CancellationToken).ToChatResponseAsync(TestContext.Current.CancellationToken);
        var whole = await Client.GetResponseAsync([message], cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(whole.Text, streamed.Text);
    }

    [Fact]
    public async Task With_the_hashing_embedder_it_still_quotes_the_answer_and_declines_an_off_topic_question()
    {
        using var embedder = new HashingEmbeddingGenerator(Options.Create(new LocalEmbeddingOptions()));
        using var client = new ExtractiveChatClient(Options.Create(new ExtractiveAnswererOptions()), embedder);

        var answer = await client.GetResponseAsync(
            [Prompt("What is the upload size limit?",
                "RagBot stores vectors in SQLite. The largest upload size limit is 50 MB by default.",
                "Chunks overlap by 32 tokens.")],
            cancellationToken: TestContext.Current.CancellationToken);
        var offTopic = await client.GetResponseAsync(
            [Prompt("What is the capital of France?", "The server listens on port 5000.")],
            cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal("The largest upload size limit is 50 MB by default. [1]", answer.Text);
        Assert.Equal(NotFound, offTopic.Text);
    }

    [Fact]
    public async Task Embeds_only_the_shortlist_and_still_quotes_the_answer_from_a_late_source()
    {
        using var hashing = new HashingEmbeddingGenerator(Options.Create(new LocalEmbeddingOptions()));
        using var counting = new CountingEmbedder(hashing);

        // A calibrated threshold below 1 makes the answerer use the (hashing) embedder, as it does a neural one.
        var options = new ExtractiveAnswererOptions { MinSimilarity = 0.3, MaxEmbeddedSentences = 6 };
        using var client = new ExtractiveChatClient(Options.Create(options), counting);
        var filler = string.Join(" ", Enumerable.Range(1, 8).Select(i => $"Paragraph {i} talks about weather number {i}."));
        var answer = await client.GetResponseAsync(
            [Prompt("What is the upload size limit?",
                filler, filler, filler, "Chunks overlap by 32 tokens. The largest upload size limit is 50 MB by default.")],
            cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal("The largest upload size limit is 50 MB by default. [4]", answer.Text);
        Assert.Equal(1 + options.MaxEmbeddedSentences, counting.Texts);
    }

    /// <summary>Counts the texts the answerer asks the real embedder for.</summary>
    private sealed class CountingEmbedder(IEmbeddingGenerator<string, Embedding<float>> inner) : DelegatingEmbeddingGenerator<string, Embedding<float>>(inner)
    {
        public int Texts { get; private set; }

        public override Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
            IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
        {
            var list = values.ToList();
            Texts += list.Count;
            return base.GenerateAsync(list, options, cancellationToken);
        }
    }
}
