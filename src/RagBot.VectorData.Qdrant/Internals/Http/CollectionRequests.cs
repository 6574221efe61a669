using System.Text.Json.Nodes;

namespace RagBot.VectorData.Qdrant.Internals.Http;

internal sealed record CreateCollectionRequest(
    Dictionary<string, VectorParams> Vectors,
    Dictionary<string, SparseVectorParams>? SparseVectors);

internal sealed record VectorParams(int Size, string Distance);

internal sealed record SparseVectorParams(string? Modifier);

internal sealed record CreateFieldIndexRequest(string FieldName, JsonNode FieldSchema);

internal sealed record ChangeAliasesRequest(IReadOnlyList<AliasAction> Actions);

internal sealed record AliasAction(CreateAliasAction? CreateAlias = null, DeleteAliasAction? DeleteAlias = null);

internal sealed record CreateAliasAction(string CollectionName, string AliasName);

internal sealed record DeleteAliasAction(string AliasName);
