using RagBot.VectorData.Qdrant;

namespace RagBot.VectorData.Tests.Qdrant;

public sealed class Bm25SparseEncoderTests
{
    private static readonly Bm25SparseEncoder Encoder = new(new Bm25Options { K1 = 1.2, B = 0.75, AverageDocumentLength = 4 });

    [Theory]
    [InlineData("", 0x02CC5D05u)] // the published XXH32 reference value for empty input, seed 0
    [InlineData("qdrant", 2204034933u)]
    [InlineData("refund", 1403956775u)]
    [InlineData("überweisung", 2324995207u)]
    public void Term_ids_are_xxhash32_of_utf8_and_never_change(string term, uint expected) =>
        Assert.Equal(expected, Bm25SparseEncoder.TermId(term));

    [Fact]
    public void Tokens_are_lower_cased_letter_and_digit_runs() =>
        Assert.Equal(["refunds", "take", "5", "days", "über", "c", "net"], Bm25SparseEncoder.Tokenize("Refunds take 5 days — Über C#/.NET!"));

    [Fact]
    public void A_document_at_average_length_weighs_a_single_occurrence_exactly_one()
    {
        var vector = Encoder.EncodeDocument("alpha beta gamma delta");

        Assert.Equal(4, vector.Indices.Length);
        Assert.All(vector.Values, value => Assert.Equal(1.0f, value, 6));
    }

    [Fact]
    public void Term_frequency_saturates_with_k1()
    {
        var vector = Encoder.EncodeDocument("alpha alpha beta gamma");
        var alpha = vector.Values[Array.IndexOf(vector.Indices, Bm25SparseEncoder.TermId("alpha"))];

        Assert.Equal(2 * 2.2 / (2 + 1.2), alpha, 5);
    }

    [Fact]
    public void Longer_documents_weigh_the_same_term_frequency_less()
    {
        var shortDoc = Encoder.EncodeDocument("refund policy");
        var longDoc = Encoder.EncodeDocument("refund policy for every order of every customer in every country");
        var id = Bm25SparseEncoder.TermId("refund");

        var shortWeight = shortDoc.Values[Array.IndexOf(shortDoc.Indices, id)];
        var longWeight = longDoc.Values[Array.IndexOf(longDoc.Indices, id)];

        Assert.True(shortWeight > longWeight);
        Assert.Equal(2.2 / (1 + (1.2 * (0.25 + (0.75 * 2 / 4.0)))), shortWeight, 5);
        Assert.Equal(2.2 / (1 + (1.2 * (0.25 + (0.75 * 11 / 4.0)))), longWeight, 5);
    }

    [Fact]
    public void Without_length_normalization_length_does_not_matter()
    {
        var flat = new Bm25SparseEncoder(new Bm25Options { B = 0, AverageDocumentLength = 4 });

        Assert.Equal(flat.EncodeDocument("refund policy").Values[0], flat.EncodeDocument(string.Join(' ', Enumerable.Range(0, 50).Select(i => $"w{i}")) + " refund").Values.Max(), 6);
    }

    [Fact]
    public void Queries_weigh_each_distinct_term_once_with_sorted_unique_indices()
    {
        var query = Encoder.EncodeQuery(["Refund refund", "policy"]);

        Assert.Equal(2, query.Indices.Length);
        Assert.Equal(query.Indices.Order(), query.Indices);
        Assert.All(query.Values, value => Assert.Equal(1f, value));
        Assert.True(Encoder.EncodeQuery(["", "  !"]).IsEmpty);
        Assert.True(Encoder.EncodeDocument(null).IsEmpty);
    }
}
