using Microsoft.Extensions.VectorData;

namespace RagBot.VectorData.Tests.Conformance;

/// <summary>The record the conformance suite stores; its schema is built per distance function by <see cref="Definition"/>.</summary>
public sealed class ConformanceRecord
{
    public Guid Id { get; set; }

    public string Category { get; set; } = "";

    public int Rank { get; set; }

    public bool IsActive { get; set; }

    public string Text { get; set; } = "";

    public List<string> Tags { get; set; } = [];

    public ReadOnlyMemory<float> Embedding { get; set; }

    /// <summary>A plain data property only <see cref="GrownDefinition"/> maps: a field added after a collection was created.</summary>
    public string? Note { get; set; }

    public static VectorStoreCollectionDefinition Definition(string distanceFunction = DistanceFunction.CosineSimilarity, int dimensions = 4) => new()
    {
        Properties =
        [
            new VectorStoreKeyProperty(nameof(Id), typeof(Guid)),
            new VectorStoreDataProperty(nameof(Category), typeof(string)) { IsIndexed = true },
            new VectorStoreDataProperty(nameof(Rank), typeof(int)) { IsIndexed = true },
            new VectorStoreDataProperty(nameof(IsActive), typeof(bool)) { IsIndexed = true },
            new VectorStoreDataProperty(nameof(Text), typeof(string)) { IsFullTextIndexed = true },
            new VectorStoreDataProperty(nameof(Tags), typeof(List<string>)) { IsIndexed = true },
            new VectorStoreVectorProperty(nameof(Embedding), typeof(ReadOnlyMemory<float>), dimensions) { DistanceFunction = distanceFunction },
        ],
    };

    /// <summary>The same schema grown by one plain data property, as a newer version of an application would declare it.</summary>
    public static VectorStoreCollectionDefinition GrownDefinition() => new()
    {
        Properties = [.. Definition().Properties, new VectorStoreDataProperty(nameof(Note), typeof(string))],
    };

    /// <summary>Five records with known text, tags and vectors; <see cref="Rank"/> 1..5 identifies each.</summary>
    public static ConformanceRecord[] Samples() =>
    [
        Make(1, "fruit", true, "apple pie recipe", [1, 0, 0, 0], "color:red", "kind:fruit"),
        Make(2, "fruit", false, "banana bread with walnuts", [0.8f, 0.6f, 0, 0], "color:yellow", "kind:fruit"),
        Make(3, "vegetable", true, "carrot soup", [0, 1, 0, 0], "color:orange", "kind:veg"),
        Make(4, "vegetable", false, "spinach salad", [0, 0, 1, 0], "color:green", "kind:veg"),
        Make(5, "grain", true, "rye bread loaf", [0, 0, 0, 1], "color:brown"),
    ];

    public static Guid IdOf(int rank) => new($"00000000-0000-0000-0000-{rank:D12}");

    public static ConformanceRecord Make(int rank, string category, bool active, string text, float[] vector, params string[] tags) => new()
    {
        Id = IdOf(rank),
        Category = category,
        Rank = rank,
        IsActive = active,
        Text = text,
        Tags = [.. tags],
        Embedding = vector,
    };
}
