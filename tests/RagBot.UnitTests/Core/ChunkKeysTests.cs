using RagBot.Core.Chunks;

namespace RagBot.UnitTests.Core;

public sealed class ChunkKeysTests
{
    [Fact]
    public void Keys_are_stable_and_distinct_per_document_version_and_ordinal()
    {
        Assert.Equal(ChunkKeys.For("guide", "v1", 3), ChunkKeys.For("guide", "v1", 3));
        var keys = new[]
        {
            ChunkKeys.For("guide", "v1", 0), ChunkKeys.For("guide", "v1", 1), ChunkKeys.For("guide", "v2", 0), ChunkKeys.For("guide2", "v1", 0),
        };
        Assert.Equal(keys.Length, keys.Distinct().Count());
    }

    [Fact]
    public void A_versions_keys_sort_together_in_ordinal_order_as_text_and_as_bytes()
    {
        var keys = Enumerable.Range(0, 1_000).Select(ordinal => ChunkKeys.For("handbook.md", new string('a', 64), ordinal)).ToList();
        var texts = keys.Select(k => k.ToString("D")).ToList();
        Assert.Equal(texts.Order(StringComparer.Ordinal), texts);
        Assert.All(texts, t => Assert.StartsWith(texts[0][..28], t, StringComparison.Ordinal));
        var bytes = keys.Select(k => Convert.ToHexString(k.ToByteArray(bigEndian: true))).ToList();
        Assert.Equal(bytes.Order(StringComparer.Ordinal), bytes);
    }

    [Fact]
    public void Keys_are_valid_version_8_uuids()
    {
        var text = ChunkKeys.For("guide", "v1", 7).ToString("D");
        Assert.Equal('8', text[14]);
        Assert.Contains(text[19], "89ab");
    }

    [Fact]
    public void A_version_s_keys_start_at_the_given_ordinal()
    {
        var keys = ChunkKeys.ForVersion("guide", "v1", chunkCount: 5, firstOrdinal: 3).ToList();
        Assert.Equal([ChunkKeys.For("guide", "v1", 3), ChunkKeys.For("guide", "v1", 4)], keys);
    }
}
