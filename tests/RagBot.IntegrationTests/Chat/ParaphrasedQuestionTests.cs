using RagBot.IntegrationTests.Api;
using RagBot.IntegrationTests.Models;

namespace RagBot.IntegrationTests.Chat;

/// <summary>
/// The extractive answerer with the real all-MiniLM-L6-v2 over the sample corpus in <c>data/</c>: questions that
/// say the same thing in other words than the guide must quote the guide's sentence that answers them.
/// </summary>
public sealed class ParaphrasedQuestionTests
{
    /// <summary>Question in a user's words, and pieces of the sentences of data/ that answer it (any one will do).</summary>
    private static readonly (string Question, string[] Expected)[] Paraphrases =
    [
        ("How can I erase a document so it is never quoted again?", ["DELETE /api/documents/{id} removes a document", "Deleting removes every chunk of the document"]),
        ("What is the biggest file I can send?", ["The largest accepted upload is set with RagBot:Ingestion:MaxUploadBytes"]),
        ("Can I keep the vectors on a separate server?", ["Qdrant stores them in a Qdrant server"]),
        ("How do I throw away a document I no longer need?", ["Delete a document with DELETE /api/documents/{id}", "DELETE /api/documents/{id} removes a document"]),
    ];

    private readonly MiniLmModel _model;

    public ParaphrasedQuestionTests(MiniLmModel model)
    {
        _model = model;
    }

    [Fact]
    public async Task Each_paraphrase_quotes_the_sentence_that_answers_it()
    {
        using var api = new ConfiguredApiFactory(_model.Settings);
        using var client = await SampleCorpus.ClientAsync(api);
        var misses = new List<string>();
        foreach (var (question, expected) in Paraphrases)
        {
            var answer = await client.AskAsync(new { message = question });
            var text = answer.GetProperty("answer").GetString()!;
            if (!expected.Any(piece => text.Contains(piece, StringComparison.Ordinal)))
            {
                misses.Add($"'{question}' -> ({answer.GetProperty("mode").GetString()}) {text}");
            }
        }

        Assert.True(misses.Count == 0, string.Join("\n", misses));
    }

    [Fact]
    public async Task Choosing_by_words_alone_misses_a_paraphrase()
    {
        // The same model for retrieval, but the answerer's semantic weight off: what RagBot did before.
        using var api = new ConfiguredApiFactory(_model.Settings.Append(new("RagBot:Chat:Extractive:SemanticWeight", "0")));
        using var client = await SampleCorpus.ClientAsync(api);

        var answer = await client.AskAsync(new { message = Paraphrases[3].Question });

        // (The erase question of Paraphrases[0] shares "document", "never" and "again" with its answer: words find it too.)
        var text = answer.GetProperty("answer").GetString()!;
        Assert.DoesNotContain(Paraphrases[3].Expected, piece => text.Contains(piece, StringComparison.Ordinal));
    }
}
