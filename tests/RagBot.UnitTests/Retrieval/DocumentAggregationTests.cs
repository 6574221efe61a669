using Microsoft.Extensions.VectorData;
using RagBot.Core.Chunks;
using RagBot.Retrieval;

namespace RagBot.UnitTests.Retrieval;

public sealed class DocumentAggregationTests
{
    [Fact]
    public void A_document_matching_twice_outranks_one_matching_once_about_as_well()
    {
        List<VectorSearchResult<DocumentChunk>> ranked = [Hit("once", 1.0), Hit("twice", 0.95), Hit("other", 0.5), Hit("twice", 0.9), Hit("last", 0.0)];

        var byMax = DocumentAggregation.Apply(ranked, 0);
        var withSecond = DocumentAggregation.Apply(ranked, 0.3);

        Assert.Same(ranked, byMax);

        // twice: 0.95 + 0.3 × 0.9 = 1.22 > once: 1.0; its chunks stay together, best first.
        Assert.Equal(["twice", "twice", "once", "other", "last"], withSecond.Select(h => h.Record.DocumentId));
        Assert.Equal([0.95, 0.9], withSecond.Take(2).Select(h => h.Score!.Value));
    }

    [Fact]
    public void Negative_fused_scores_do_not_punish_a_second_chunk()
    {
        // Standard-score fusion gives negative scores. Added as they are, b's weak second chunk would put b
        // (-0.2 + 0.5 × -3.0) below c (-0.25); scaled over the candidates first, a second chunk only adds.
        List<VectorSearchResult<DocumentChunk>> ranked = [Hit("a", -0.1), Hit("b", -0.2), Hit("c", -0.25), Hit("b", -3.0)];

        var reranked = DocumentAggregation.Apply(ranked, 0.5);

        Assert.Equal(["a", "b", "b", "c"], reranked.Select(h => h.Record.DocumentId));
    }

    private static VectorSearchResult<DocumentChunk> Hit(string documentId, double score) =>
        new(new DocumentChunk { Id = Guid.NewGuid(), DocumentId = documentId, Text = documentId }, score);
}
