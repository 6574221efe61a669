using Microsoft.Extensions.AI;
using Microsoft.Extensions.VectorData;

namespace RagBot.VectorData.Tests.Sqlite;

/// <summary>An attribute-described record with a long key, every supported data type and two vector properties.</summary>
public sealed class AllTypesRecord
{
    [VectorStoreKey]
    public long Id { get; set; }

    [VectorStoreData(IsIndexed = true)]
    public string Name { get; set; } = "";

    [VectorStoreData]
    public string? Note { get; set; }

    [VectorStoreData(IsIndexed = true)]
    public int Count { get; set; }

    [VectorStoreData]
    public int? MaybeCount { get; set; }

    [VectorStoreData]
    public long Big { get; set; }

    [VectorStoreData]
    public short Small { get; set; }

    [VectorStoreData]
    public byte Tiny { get; set; }

    [VectorStoreData(IsIndexed = true)]
    public bool Flag { get; set; }

    [VectorStoreData]
    public float Ratio { get; set; }

    [VectorStoreData]
    public double Precise { get; set; }

    [VectorStoreData(IsIndexed = true)]
    public decimal Price { get; set; }

    [VectorStoreData]
    public Guid Reference { get; set; }

    [VectorStoreData]
    public DateTime LocalTime { get; set; }

    [VectorStoreData(IsIndexed = true)]
    public DateTimeOffset CreatedAt { get; set; }

    [VectorStoreData]
    public DateOnly Day { get; set; }

    [VectorStoreData]
    public TimeOnly Clock { get; set; }

    [VectorStoreData(IsIndexed = true)]
    public string[] Labels { get; set; } = [];

    [VectorStoreData(IsFullTextIndexed = true)]
    public string Body { get; set; } = "";

    [VectorStoreVector(3, DistanceFunction = DistanceFunction.DotProductSimilarity)]
    public float[] Vector { get; set; } = [];

    [VectorStoreVector(2, DistanceFunction = DistanceFunction.EuclideanDistance)]
    public Embedding<float>? Second { get; set; }
}
