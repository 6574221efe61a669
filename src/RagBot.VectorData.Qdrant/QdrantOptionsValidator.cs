using Microsoft.Extensions.Options;

namespace RagBot.VectorData.Qdrant;

/// <summary>Source-generated validation of <see cref="QdrantOptions"/> (DataAnnotations, nested BM25 settings included).</summary>
[OptionsValidator]
public sealed partial class QdrantOptionsValidator : IValidateOptions<QdrantOptions>;
