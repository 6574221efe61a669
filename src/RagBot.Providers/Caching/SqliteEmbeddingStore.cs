using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;

namespace RagBot.Providers.Caching;

/// <summary>
/// The SQLite file behind the embedding cache: one row per (model key, 128-bit text hash) holding the vector
/// as little-endian float32 bytes.
/// </summary>
public sealed class SqliteEmbeddingStore
{
    private const int LookupChunk = 400;
    private readonly string _connectionString;
    private readonly Lock _schemaLock = new();
    private volatile bool _schemaReady;

    public SqliteEmbeddingStore(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        FilePath = Path.GetFullPath(path);
        _connectionString = new SqliteConnectionStringBuilder { DataSource = FilePath, Pooling = true, DefaultTimeout = 30 }.ToString();
    }

    public string FilePath { get; }

    /// <summary>The cached vectors among <paramref name="textHashes"/>, by hash (hex).</summary>
    public async Task<Dictionary<string, float[]>> GetManyAsync(string modelKey, IReadOnlyList<byte[]> textHashes, CancellationToken cancellationToken)
    {
        var found = new Dictionary<string, float[]>(StringComparer.Ordinal);
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        foreach (var chunk in textHashes.Chunk(LookupChunk))
        {
            using var command = connection.CreateCommand();
            var names = new List<string>(chunk.Length);
            for (var i = 0; i < chunk.Length; i++)
            {
                names.Add("$h" + i);
                command.Parameters.AddWithValue("$h" + i, chunk[i]);
            }

            command.CommandText = $"SELECT text_hash, vector FROM embedding_cache WHERE model = $model AND text_hash IN ({string.Join(",", names)})";
            command.Parameters.AddWithValue("$model", modelKey);
            using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var hash = (byte[])reader[0];
                var bytes = (byte[])reader[1];
                found[Convert.ToHexString(hash)] = MemoryMarshal.Cast<byte, float>(bytes).ToArray();
            }
        }

        return found;
    }

    public async Task PutManyAsync(string modelKey, IReadOnlyList<(byte[] TextHash, ReadOnlyMemory<float> Vector)> entries, CancellationToken cancellationToken)
    {
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO embedding_cache (model, text_hash, dimensions, vector, created_utc)
            VALUES ($model, $hash, $dimensions, $vector, $created)
            ON CONFLICT (model, text_hash) DO UPDATE SET vector = excluded.vector, dimensions = excluded.dimensions
            """;
        var model = command.Parameters.Add("$model", SqliteType.Text);
        var hash = command.Parameters.Add("$hash", SqliteType.Blob);
        var dimensions = command.Parameters.Add("$dimensions", SqliteType.Integer);
        var vector = command.Parameters.Add("$vector", SqliteType.Blob);
        var created = command.Parameters.Add("$created", SqliteType.Text);
        foreach (var (textHash, values) in entries)
        {
            model.Value = modelKey;
            hash.Value = textHash;
            dimensions.Value = values.Length;
            vector.Value = MemoryMarshal.AsBytes(values.Span).ToArray();
            created.Value = DateTimeOffset.UtcNow.ToString("O");
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Rows in the cache (all models).</summary>
    public async Task<long> CountAsync(CancellationToken cancellationToken)
    {
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM embedding_cache";
        return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        if (!_schemaReady)
        {
            EnsureSchema();
        }

        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        // A cache can lose its last writes in a power cut without harm; WAL + NORMAL skips an fsync per commit.
        using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA synchronous = NORMAL";
        await pragma.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return connection;
    }

    /// <summary>Creates the table once per process (synchronously: it runs once and takes milliseconds).</summary>
    private void EnsureSchema()
    {
        lock (_schemaLock)
        {
            if (_schemaReady)
            {
                return;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
            using var connection = new SqliteConnection(_connectionString);
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = """
                PRAGMA journal_mode = WAL;
                CREATE TABLE IF NOT EXISTS embedding_cache (
                    model TEXT NOT NULL,
                    text_hash BLOB NOT NULL,
                    dimensions INTEGER NOT NULL,
                    vector BLOB NOT NULL,
                    created_utc TEXT NOT NULL,
                    PRIMARY KEY (model, text_hash)
                ) WITHOUT ROWID;
                """;
            command.ExecuteNonQuery();
            _schemaReady = true;
        }
    }
}
