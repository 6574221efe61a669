using Microsoft.Extensions.AI;
using Microsoft.Extensions.VectorData;
using Microsoft.Extensions.VectorData.ProviderServices;

namespace RagBot.VectorData.Qdrant.Internals;

/// <summary>Validates a record schema against what Qdrant can store: Guid/ulong keys, payload-friendly data, float vectors.</summary>
internal sealed class QdrantModelBuilder() : CollectionModelBuilder(BuildingOptions)
{
    private static readonly CollectionModelBuildingOptions BuildingOptions = new()
    {
        SupportsMultipleVectors = true,
        RequiresAtLeastOneVector = false,
    };

    private static readonly HashSet<Type> ScalarTypes =
    [
        typeof(string), typeof(bool), typeof(int), typeof(long), typeof(short), typeof(byte), typeof(uint), typeof(ulong),
        typeof(float), typeof(double), typeof(decimal), typeof(DateTime), typeof(DateTimeOffset), typeof(Guid),
    ];

    private const string SupportedDataTypes =
        "string, bool, int, long, short, byte, uint, ulong, float, double, decimal, DateTime, DateTimeOffset, Guid (nullable too) and arrays or lists of them";

    private const string SupportedVectorTypes = "ReadOnlyMemory<float>, float[], Embedding<float>";

    public static void EnsureSupportedKeyType(Type keyType, string propertyName)
    {
        var type = Nullable.GetUnderlyingType(keyType) ?? keyType;
        if (type != typeof(Guid) && type != typeof(ulong))
        {
            throw new NotSupportedException(
                $"Qdrant point ids are unsigned integers or UUIDs, so the key property '{propertyName}' must be Guid or ulong, not {keyType.Name}.");
        }
    }

    protected override bool SupportsKeyAutoGeneration(Type keyPropertyType) => keyPropertyType == typeof(Guid);

    protected override void ValidateKeyProperty(KeyPropertyModel keyProperty)
    {
        if (KeyType is not null && KeyType != typeof(object))
        {
            EnsureSupportedKeyType(KeyType, keyProperty.ModelName);
        }

        EnsureSupportedKeyType(keyProperty.Type, keyProperty.ModelName);
        base.ValidateKeyProperty(keyProperty);
    }

    protected override bool IsDataPropertyTypeValid(Type type, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? supportedTypes)
    {
        supportedTypes = SupportedDataTypes;
        var elementType = QdrantPayloadTypes.GetElementType(type) ?? type;
        return ScalarTypes.Contains(Nullable.GetUnderlyingType(elementType) ?? elementType);
    }

    protected override bool IsVectorPropertyTypeValid(Type type, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? supportedTypes)
    {
        supportedTypes = SupportedVectorTypes;
        return IsNativeVectorType(type);
    }

    public static bool IsNativeVectorType(Type type) =>
        type == typeof(ReadOnlyMemory<float>)
        || type == typeof(ReadOnlyMemory<float>?)
        || type == typeof(float[])
        || type == typeof(Embedding<float>);

    protected override void Validate(Type? type, VectorStoreCollectionDefinition? definition)
    {
        base.Validate(type, definition);
        foreach (var vector in VectorProperties)
        {
            QdrantNames.MapDistance(vector);
            QdrantNames.EnsureSupportedIndexKind(vector);
        }
    }
}
