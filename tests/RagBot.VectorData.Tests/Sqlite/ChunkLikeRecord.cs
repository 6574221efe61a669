using Microsoft.Extensions.VectorData;

namespace RagBot.VectorData.Tests.Sqlite;

/// <summary>A record shaped like RagBot's DocumentChunk, described at run time by <see cref="Definition"/>.</summary>
public sealed class ChunkLikeRecord
{
    public Guid Id { get; set; }

    public string DocumentId { get; set; } = "";

    public string DocumentVersion { get; set; } = "";

    public int Ordinal { get; set; }

    public string Text { get; set; } = "";

    public List<string> Tags { get; set; } = [];

    public ReadOnlyMemory<float> Embedding { get; set; }

    public static VectorStoreCollectionDefinition Definition(int dimensions, string distance = DistanceFunction.CosineSimilarity) => new()
    {
        Properties =
        [
            new VectorStoreKeyProperty(nameof(Id), typeof(Guid)),
            new VectorStoreDataProperty(nameof(DocumentId), typeof(string)) { IsIndexed = true },
            new VectorStoreDataProperty(nameof(DocumentVersion), typeof(string)) { IsIndexed = true },
            new VectorStoreDataProperty(nameof(Ordinal), typeof(int)),
            new VectorStoreDataProperty(nameof(Text), typeof(string)) { IsFullTextIndexed = true },
            new VectorStoreDataProperty(nameof(Tags), typeof(List<string>)) { IsIndexed = true },
            new VectorStoreVectorProperty(nameof(Embedding), typeof(ReadOnlyMemory<float>), dimensions)
            {
                DistanceFunction = distance,
            },
        ],
    };
}
