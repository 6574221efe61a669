namespace RagBot.VectorData.Qdrant.Internals.Http;

/// <summary>Names a call for error messages: the MEVD operation and the Qdrant collection it touched.</summary>
internal readonly record struct QdrantCall(string Operation, string? Collection);
