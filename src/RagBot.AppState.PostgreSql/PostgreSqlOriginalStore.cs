using RagBot.Core.Documents;

namespace RagBot.AppState.PostgreSql;

/// <summary>
/// Originals as <c>bytea</c> rows keyed by SHA-256, so every replica reads what any replica stored without a
/// shared file system. An insert is one statement: the original appears whole or not at all.
/// </summary>
public sealed class PostgreSqlOriginalStore : IOriginalStore
{
    private readonly PostgreSqlAppStateDatabase _database;

    public PostgreSqlOriginalStore(PostgreSqlAppStateDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
    }

    public Task SaveAsync(string sha256, ReadOnlyMemory<byte> content, CancellationToken cancellationToken) =>
        _database.ExecuteAsync(
            "INSERT INTO originals (sha256, size_bytes, content) VALUES (@sha, @size, @content) ON CONFLICT (sha256) DO NOTHING",
            cancellationToken,
            ("sha", Key(sha256)),
            ("size", (long)content.Length),
            ("content", content));

    public async Task<byte[]?> ReadAsync(string sha256, CancellationToken cancellationToken) =>
        (await _database.QueryAsync("SELECT content FROM originals WHERE sha256 = @sha", r => r.GetFieldValue<byte[]>(0), cancellationToken, ("sha", Key(sha256))).ConfigureAwait(false))
        .FirstOrDefault();

    public Task DeleteAsync(string sha256, CancellationToken cancellationToken) =>
        _database.ExecuteAsync("DELETE FROM originals WHERE sha256 = @sha", cancellationToken, ("sha", Key(sha256)));

    // The same addressing rule as the file store: a 64-character hex SHA-256, one spelling.
    private static string Key(string sha256) => sha256.Length == 64 && sha256.All(Uri.IsHexDigit)
        ? sha256.ToLowerInvariant()
        : throw new ArgumentException("An original is addressed by a 64-character hex SHA-256.", nameof(sha256));
}
