namespace RagBot.VectorData.Qdrant.Internals;

/// <summary>What a collection needs from the store: the HTTP client, the BM25 encoder and the batch size.</summary>
internal sealed record QdrantCollectionSettings(Http.QdrantRestClient Client, Bm25SparseEncoder Encoder, int UpsertBatchSize);
