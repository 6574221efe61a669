using Microsoft.Extensions.VectorData;

namespace RagBot.VectorData.Tests.Qdrant;

public sealed class QdrantKeyTypeTests
{
    public sealed class StringKeyed
    {
        [VectorStoreKey]
        public string Id { get; set; } = "";

        [VectorStoreVector(2)]
        public ReadOnlyMemory<float> Vector { get; set; }
    }

    public sealed class IntKeyed
    {
        [VectorStoreKey]
        public int Id { get; set; }

        [VectorStoreVector(2)]
        public ReadOnlyMemory<float> Vector { get; set; }
    }

    public sealed class EuclidOnFlat
    {
        [VectorStoreKey]
        public Guid Id { get; set; }

        [VectorStoreVector(2, DistanceFunction = DistanceFunction.HammingDistance)]
        public ReadOnlyMemory<float> Vector { get; set; }
    }

    [Fact]
    public async Task Keys_other_than_guid_or_ulong_fail_fast_with_a_clear_message()
    {
        await using var context = QdrantTestContext.Start();

        var text = Assert.Throws<NotSupportedException>(() => context.Store.GetCollection<string, StringKeyed>("s"));
        var number = Assert.Throws<NotSupportedException>(() => context.Store.GetCollection<int, IntKeyed>("i"));

        Assert.Contains("must be Guid or ulong", text.Message, StringComparison.Ordinal);
        Assert.Contains("Int32", number.Message, StringComparison.Ordinal);
        Assert.Empty(context.Server.Requests);
    }

    [Fact]
    public async Task Distance_functions_qdrant_lacks_are_rejected_when_the_collection_is_built()
    {
        await using var context = QdrantTestContext.Start();

        var error = Assert.Throws<NotSupportedException>(() => context.Store.GetCollection<Guid, EuclidOnFlat>("h"));

        Assert.Contains(DistanceFunction.HammingDistance, error.Message, StringComparison.Ordinal);
    }
}
