using Microsoft.Extensions.VectorData;

namespace RagBot.VectorData.Tests.Conformance;

/// <summary>
/// What a provider supplies to run the conformance suite: fresh store objects over the same backing data
/// (so a test can dispose one and reopen), and the distance functions it supports.
/// </summary>
public abstract class VectorStoreFixture : IDisposable
{
    /// <summary>Creates a new store object; every call must see the same data as earlier ones.</summary>
    public abstract VectorStore CreateStore();

    /// <summary>Distance functions the provider supports; the suite checks ordering and score direction for each.</summary>
    public virtual IReadOnlyList<string> DistanceFunctions { get; } =
        [DistanceFunction.CosineSimilarity, DistanceFunction.DotProductSimilarity, DistanceFunction.EuclideanDistance];

    /// <summary>A collection name no other test uses (letters, digits and dashes only).</summary>
    public virtual string NewCollectionName(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
    }
}
