using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.VectorData;
using Microsoft.Extensions.VectorData.ProviderServices;

namespace RagBot.VectorData.Sqlite.Internal;

/// <summary>Validates record models against what the SQLite store can persist.</summary>
internal sealed class SqliteModelBuilder() : CollectionModelBuilder(BuildingOptions)
{
    public const string SupportedVectorTypes = "ReadOnlyMemory<float>, float[], Embedding<float>";

    private static readonly CollectionModelBuildingOptions BuildingOptions = new()
    {
        SupportsMultipleVectors = true,
        RequiresAtLeastOneVector = false,
    };

    public static bool IsSupportedKeyType(Type type) => type == typeof(Guid) || type == typeof(string) || type == typeof(long);

    public static bool IsNativeVectorType(Type type) =>
        type == typeof(ReadOnlyMemory<float>) || type == typeof(ReadOnlyMemory<float>?) || type == typeof(float[]) || type == typeof(Embedding<float>);

    protected override void ValidateKeyProperty(KeyPropertyModel keyProperty)
    {
        base.ValidateKeyProperty(keyProperty);
        if (!IsSupportedKeyType(keyProperty.Type))
        {
            throw new NotSupportedException(
                $"Key property '{keyProperty.ModelName}' has type {keyProperty.Type.Name}; the SQLite vector store supports Guid, string and long keys.");
        }
    }

    protected override void ValidateProperty(PropertyModel propertyModel, VectorStoreCollectionDefinition? definition)
    {
        base.ValidateProperty(propertyModel, definition);
        if (propertyModel is VectorPropertyModel vector)
        {
            if (vector.Dimensions < 1)
            {
                throw new ArgumentException($"Vector property '{vector.ModelName}' must have at least 1 dimension (got {vector.Dimensions}).");
            }

            _ = VectorScoring.For(CollectionSchema.DistanceOf(vector));
        }
    }

    protected override bool IsDataPropertyTypeValid(Type type, [NotNullWhen(false)] out string? supportedTypes)
    {
        supportedTypes = SqliteValueCodec.SupportedDataTypes;
        return SqliteValueCodec.IsSupported(type);
    }

    protected override bool IsVectorPropertyTypeValid(Type type, [NotNullWhen(false)] out string? supportedTypes)
    {
        supportedTypes = SupportedVectorTypes;
        return IsNativeVectorType(type);
    }
}
