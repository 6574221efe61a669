using Microsoft.ML.Tokenizers;
using RagBot.Chat;
using RagBot.Core.Chat;
using RagBot.Core.Chunks;

namespace RagBot.UnitTests.Chat;

public sealed class ContextPackerTests
{
    private static readonly Tokenizer Cl100k = TiktokenTokenizer.CreateForModel("gpt-4");

    [Fact]
    public void Keeps_the_best_ranked_chunks_that_fit_and_always_the_first()
    {
        var packer = new ContextPacker(Cl100k);
        var ranked = new[] { Chunk(Words(50)), Chunk(Words(40)), Chunk(Words(5)) };
        var budget = Cl100k.CountTokens(ranked[0].Chunk.Text) + Cl100k.CountTokens(ranked[2].Chunk.Text);

        Assert.Equal([ranked[0], ranked[2]], packer.Pack(ranked, budget));
        Assert.Equal([ranked[0], ranked[2]], packer.Pack(ranked, budget));
        Assert.Equal([ranked[0]], new ContextPacker(Cl100k).Pack([ranked[0]], maxTokens: 1));
    }

    [Fact]
    public void A_chunk_rewritten_under_the_same_id_is_counted_again()
    {
        // Counts are remembered by text, never by id: the same id with a longer text must no longer fit.
        var packer = new ContextPacker(Cl100k);
        var id = Guid.NewGuid();
        var first = Chunk(Words(5), id);
        var small = Chunk(Words(5));
        Assert.Equal(2, packer.Pack([first, small], maxTokens: 40).Count);

        var rewritten = Chunk(Words(60), id);
        Assert.Single(packer.Pack([rewritten, small], maxTokens: 40));
        Assert.Equal(2, packer.Pack([first, small], maxTokens: 40).Count);
    }

    private static string Words(int count) => string.Join(' ', Enumerable.Range(0, count).Select(i => "word" + i));

    private static RetrievedChunk Chunk(string text, Guid? id = null) =>
        new(new DocumentChunk { Id = id ?? Guid.NewGuid(), DocumentId = "doc", Text = text }, 1.0);
}
