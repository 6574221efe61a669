namespace RagBot.VectorData.Qdrant;

/// <summary>A sparse vector: term ids (unique, ascending) and their weights, index for index.</summary>
public sealed record SparseTermVector(uint[] Indices, float[] Values)
{
    public static SparseTermVector Empty { get; } = new([], []);

    public bool IsEmpty => Indices.Length == 0;
}
