using Microsoft.Extensions.VectorData;

namespace RagBot.Core.Chunks;

/// <summary>Builds the vector-store schema of <see cref="DocumentChunk"/> for a given embedding dimension.</summary>
public static class DocumentChunkDefinition
{
    public static VectorStoreCollectionDefinition Create(int dimensions)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 1);
        return new VectorStoreCollectionDefinition
        {
            Properties =
            [
                new VectorStoreKeyProperty(nameof(DocumentChunk.Id), typeof(Guid)),
                new VectorStoreDataProperty(nameof(DocumentChunk.DocumentId), typeof(string)) { IsIndexed = true },
                new VectorStoreDataProperty(nameof(DocumentChunk.DocumentVersion), typeof(string)) { IsIndexed = true },
                new VectorStoreDataProperty(nameof(DocumentChunk.Source), typeof(string)),
                new VectorStoreDataProperty(nameof(DocumentChunk.Ordinal), typeof(int)),
                new VectorStoreDataProperty(nameof(DocumentChunk.HeadingPath), typeof(string)),
                new VectorStoreDataProperty(nameof(DocumentChunk.PageStart), typeof(int)),
                new VectorStoreDataProperty(nameof(DocumentChunk.PageEnd), typeof(int)),
                new VectorStoreDataProperty(nameof(DocumentChunk.PageBreaks), typeof(string)),
                new VectorStoreDataProperty(nameof(DocumentChunk.CharStart), typeof(int)),
                new VectorStoreDataProperty(nameof(DocumentChunk.CharEnd), typeof(int)),
                new VectorStoreDataProperty(nameof(DocumentChunk.Text), typeof(string)) { IsFullTextIndexed = true },
                new VectorStoreDataProperty(nameof(DocumentChunk.Tags), typeof(List<string>)) { IsIndexed = true },
                new VectorStoreVectorProperty(nameof(DocumentChunk.Embedding), typeof(ReadOnlyMemory<float>), dimensions)
                {
                    DistanceFunction = DistanceFunction.CosineSimilarity,
                },
            ],
        };
    }
}
