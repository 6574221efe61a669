using Microsoft.Extensions.Options;

namespace RagBot.VectorData.Sqlite;

/// <summary>Source-generated validation of the DataAnnotations on <see cref="SqliteVectorStoreOptions"/>.</summary>
[OptionsValidator]
public sealed partial class SqliteVectorStoreOptionsValidator : IValidateOptions<SqliteVectorStoreOptions>;
