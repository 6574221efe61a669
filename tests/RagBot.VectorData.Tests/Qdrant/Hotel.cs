using Microsoft.Extensions.VectorData;

namespace RagBot.VectorData.Tests.Qdrant;

/// <summary>An attribute-mapped record with a ulong key and one data property of every indexable kind.</summary>
public sealed class Hotel
{
    [VectorStoreKey]
    public ulong HotelId { get; set; }

    [VectorStoreData(IsIndexed = true)]
    public string Name { get; set; } = "";

    [VectorStoreData(IsIndexed = true)]
    public int Rating { get; set; }

    [VectorStoreData(IsIndexed = true)]
    public double Price { get; set; }

    [VectorStoreData(IsIndexed = true)]
    public bool Open { get; set; }

    [VectorStoreData(IsIndexed = true)]
    public DateTimeOffset Opened { get; set; }

    [VectorStoreData(IsIndexed = true)]
    public List<string> Tags { get; set; } = [];

    [VectorStoreData(IsFullTextIndexed = true, StorageName = "description")]
    public string Description { get; set; } = "";

    [VectorStoreData]
    public string? Note { get; set; }

    [VectorStoreVector(4, DistanceFunction = DistanceFunction.CosineSimilarity)]
    public ReadOnlyMemory<float> Embedding { get; set; }
}
