namespace RagBot.VectorData.Qdrant;

/// <summary>An alias and the collection it points to (names without the configured collection prefix).</summary>
public sealed record QdrantCollectionAlias(string AliasName, string CollectionName);
