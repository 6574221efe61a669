using Microsoft.Extensions.VectorData;
using RagBot.Core.Chunks;
using RagBot.Retrieval;

namespace RagBot.UnitTests.Retrieval;

public sealed class ConvexScoreFusionTests
{
    private static readonly float[] Query = [1, 0];

    private static DocumentChunk Chunk(string text, float x, float y) => new() { Id = Guid.NewGuid(), Text = text, Embedding = new float[] { x, y } };

    [Fact]
    public void A_small_vector_weight_keeps_the_keyword_order_and_breaks_its_ties()
    {
        var best = Chunk("best keyword hit", 0, 1);
        var tiedFar = Chunk("tied, far from the query", 0.2f, 1);
        var tiedNear = Chunk("tied, near the query", 1, 0.1f);
        var vectorOnly = Chunk("found by vectors only", 1, 0);
        var keyword = new[] { Hit(best, 9.0), Hit(tiedFar, 3.0), Hit(tiedNear, 3.0) };
        var vector = new[] { Hit(vectorOnly, 1.0), Hit(tiedNear, 0.99) };

        var fused = ConvexScoreFusion.Fuse(vector, keyword, Query, vectorWeight: 0.15, keywordWeight: 1.0);

        Assert.Equal([best.Id, tiedNear.Id, tiedFar.Id, vectorOnly.Id], fused.Select(h => h.Record.Id));
        Assert.Equal(1.0, fused[0].Score!.Value, 9);
    }

    [Fact]
    public void Every_candidate_gets_its_exact_cosine_even_when_only_the_keyword_leg_found_it()
    {
        var keywordOnly = Chunk("keyword hit close to the query", 1, 0);
        var vectorHit = Chunk("weaker vector hit", 0.5f, 0.5f);

        var fused = ConvexScoreFusion.Fuse([Hit(vectorHit, 0.7)], [Hit(keywordOnly, 2.0)], Query, vectorWeight: 1.0, keywordWeight: 0.0);

        Assert.Equal(keywordOnly.Id, fused[0].Record.Id);
    }

    [Fact]
    public void With_standard_scores_one_candidate_far_from_the_query_does_not_squeeze_the_others_together()
    {
        // Cosines 0.6 (both), 0.7 (nearer, weaker BM25) and -0.5 (a keyword hit pointing away from the query). Min-max
        // stretches the cosine scale to the outlier, so the 0.1 between the two good candidates outweighs their BM25 gap;
        // standard scores measure both legs in their own spread, and the candidate good on both legs wins.
        var both = Chunk("good on both legs", 0.6f, 0.8f);
        var nearer = Chunk("a little nearer, weaker keyword hit", 0.7f, 0.71414f);
        var away = Chunk("strong keyword hit pointing away", -0.5f, 0.86603f);
        var vector = new[] { Hit(nearer, 0.7), Hit(both, 0.6) };
        var keyword = new[] { Hit(away, 10.0), Hit(both, 6.0), Hit(nearer, 5.4) };

        var minMax = ConvexScoreFusion.Fuse(vector, keyword, Query, 1.0, 1.0, ScoreNormalization.MinMax);
        var standard = ConvexScoreFusion.Fuse(vector, keyword, Query, 1.0, 1.0, ScoreNormalization.ZScore);

        Assert.Equal(nearer.Id, minMax[0].Record.Id);
        Assert.Equal(both.Id, standard[0].Record.Id);
    }

    [Fact]
    public void Empty_legs_give_nothing() => Assert.Empty(ConvexScoreFusion.Fuse([], [], Query, 0.15, 1.0));

    private static VectorSearchResult<DocumentChunk> Hit(DocumentChunk chunk, double score) => new(chunk, score);
}
