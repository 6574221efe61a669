using Microsoft.Extensions.VectorData;

namespace RagBot.VectorData.Tests.Qdrant;

/// <summary>The shape RagBot stores (Guid key, string/int data, tags, full-text text, one cosine vector), mapped by a definition.</summary>
public sealed class ChunkRecord
{
    public Guid Id { get; set; }

    public string DocumentId { get; set; } = "";

    public int Ordinal { get; set; }

    public string Text { get; set; } = "";

    public List<string> Tags { get; set; } = [];

    public ReadOnlyMemory<float> Embedding { get; set; }

    public static VectorStoreCollectionDefinition Definition(int dimensions) => new()
    {
        Properties =
        [
            new VectorStoreKeyProperty(nameof(Id), typeof(Guid)),
            new VectorStoreDataProperty(nameof(DocumentId), typeof(string)) { IsIndexed = true },
            new VectorStoreDataProperty(nameof(Ordinal), typeof(int)),
            new VectorStoreDataProperty(nameof(Text), typeof(string)) { IsFullTextIndexed = true },
            new VectorStoreDataProperty(nameof(Tags), typeof(List<string>)) { IsIndexed = true },
            new VectorStoreVectorProperty(nameof(Embedding), typeof(ReadOnlyMemory<float>), dimensions)
            {
                DistanceFunction = DistanceFunction.CosineSimilarity,
            },
        ],
    };
}
