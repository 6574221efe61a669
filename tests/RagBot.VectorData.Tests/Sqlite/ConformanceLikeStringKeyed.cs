using Microsoft.Extensions.VectorData;

namespace RagBot.VectorData.Tests.Sqlite;

/// <summary>A minimal attribute-described record with a string key.</summary>
public sealed class ConformanceLikeStringKeyed
{
    [VectorStoreKey]
    public string Key { get; set; } = "";

    [VectorStoreData(IsFullTextIndexed = true)]
    public string Text { get; set; } = "";

    [VectorStoreVector(2)]
    public ReadOnlyMemory<float> Vector { get; set; }
}
