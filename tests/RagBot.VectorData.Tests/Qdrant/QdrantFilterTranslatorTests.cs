using System.Linq.Expressions;
using System.Text.Json.Nodes;
using Microsoft.Extensions.VectorData.ProviderServices;
using RagBot.VectorData.Qdrant.Internals;

namespace RagBot.VectorData.Tests.Qdrant;

public sealed class QdrantFilterTranslatorTests
{
    private static readonly CollectionModel Model = new QdrantModelBuilder().Build(typeof(Hotel), typeof(ulong), definition: null, defaultEmbeddingGenerator: null);

    private static string Translate(Expression<Func<Hotel, bool>> filter) =>
        new QdrantFilterTranslator().Translate(filter, Model).ToJsonString();

    [Fact]
    public void Equality_becomes_match_value_and_inequality_must_not() =>
        Assert.Equal(
            """{"must":[{"key":"Name","match":{"value":"a"}},{"must_not":[{"key":"Rating","match":{"value":3}}]}]}""",
            Translate(h => h.Name == "a" && h.Rating != 3));

    [Fact]
    public void Comparisons_become_ranges_with_the_constant_on_either_side() =>
        Assert.Equal(
            """{"must":[{"key":"Rating","range":{"gt":2}},{"key":"Price","range":{"lte":9.5}}]}""",
            Translate(h => 2 < h.Rating && h.Price <= 9.5));

    [Fact]
    public void Or_becomes_should_and_not_becomes_must_not() =>
        Assert.Equal(
            """{"must_not":[{"should":[{"key":"Open","match":{"value":true}},{"key":"Rating","range":{"gte":4}}]}]}""",
            Translate(h => !(h.Open || h.Rating >= 4)));

    [Fact]
    public void Nested_ands_are_flattened()
    {
        var json = JsonNode.Parse(Translate(h => h.Rating > 1 && h.Rating < 5 && h.Name == "x"))!;
        Assert.Equal(3, json["must"]!.AsArray().Count);
    }

    [Fact]
    public void List_contains_matches_an_element_and_constant_contains_matches_any()
    {
        var wanted = new List<string> { "a", "b" };
        Assert.Equal("""{"must":[{"key":"Tags","match":{"value":"spa"}}]}""", Translate(h => h.Tags.Contains("spa")));
        Assert.Equal("""{"must":[{"key":"Name","match":{"any":["a","b"]}}]}""", Translate(h => wanted.Contains(h.Name)));
    }

    [Fact]
    public void Floating_point_equality_uses_a_closed_range_and_dates_use_rfc3339()
    {
        var date = new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.Zero);
        Assert.Equal("""{"must":[{"key":"Price","range":{"gte":1.5,"lte":1.5}}]}""", Translate(h => h.Price == 1.5));
        Assert.Equal("""{"must":[{"key":"Opened","range":{"lt":"2024-01-02T03:04:05.0000000\u002B00:00"}}]}""", Translate(h => h.Opened < date));
    }

    [Fact]
    public void Key_equality_becomes_has_id_and_null_checks_is_null()
    {
        Assert.Equal("""{"must":[{"has_id":[5]}]}""", Translate(h => h.HotelId == 5));
        Assert.Equal("""{"must":[{"is_null":{"key":"Note"}}]}""", Translate(h => h.Note == null));
    }

    [Fact]
    public void Unsupported_constructs_throw_naming_the_construct()
    {
        var error = Assert.Throws<NotSupportedException>(() => Translate(h => h.Name.StartsWith('a')));
        Assert.Contains("StartsWith", error.Message, StringComparison.Ordinal);

        var comparison = Assert.Throws<NotSupportedException>(() => Translate(h => h.Rating == h.Price));
        Assert.Contains("h.Rating", comparison.Message, StringComparison.Ordinal);

        Assert.Throws<NotSupportedException>(() => Translate(h => string.Compare(h.Name, "b", StringComparison.Ordinal) > 0));
    }
}
