using Microsoft.Extensions.Options;

namespace RagBot.VectorData.Sqlite;

/// <summary>The rule data annotations cannot state on <see cref="SqliteVectorStoreOptions"/>: a file or a connection string is required.</summary>
public sealed class SqliteVectorStoreOptionsValidator : IValidateOptions<SqliteVectorStoreOptions>
{
    public ValidateOptionsResult Validate(string? name, SqliteVectorStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return string.IsNullOrWhiteSpace(options.DatabasePath) && string.IsNullOrWhiteSpace(options.ConnectionString)
            ? ValidateOptionsResult.Fail($"{SqliteVectorStoreOptions.SectionName}:DatabasePath must be set (or ConnectionString).")
            : ValidateOptionsResult.Success;
    }
}
