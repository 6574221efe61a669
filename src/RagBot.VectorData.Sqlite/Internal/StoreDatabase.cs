using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.VectorData;
using SQLitePCL;

namespace RagBot.VectorData.Sqlite.Internal;

/// <summary>Opens connections to the store file and makes sure it is a RagBot vector store (creating it when new).</summary>
internal sealed class StoreDatabase : IDisposable
{
    public const string SystemName = "sqlite";
    private const string FormatName = "ragbot-vectors";
    private const string FormatVersion = "1";
    private const int NotADatabase = 26;
    private const int Corrupt = 11;
    private const int PageSize = 16384;

    private readonly SemaphoreSlim initLock = new(1, 1);
    private volatile bool initialized;
    private volatile bool disposed;

    private readonly string openPragmas;

    // The pragmas each pooled connection (its native handle, which the pool reuses) was last given. Process-wide, like
    // the pool: two stores on one file with other settings share its connections, so each must see what the other set.
    private static readonly ConditionalWeakTable<sqlite3, string> Configured = new();

    public StoreDatabase(string connectionString, int cacheSizeKb, bool durableCommits)
    {
        // A negative cache_size is in KiB: the value is the cap, not a reservation, and SQLite gives back pages above it
        // when it shrinks.
        var synchronous = durableCommits ? "FULL" : "NORMAL";
        openPragmas = $"PRAGMA synchronous={synchronous}; PRAGMA busy_timeout=10000; PRAGMA cache_size=-{cacheSizeKb};";
        var builder = new SqliteConnectionStringBuilder(connectionString) { Pooling = true };
        DataSource = builder.DataSource;
        ConnectionString = builder.ToString();
        var folder = Path.GetDirectoryName(Path.GetFullPath(DataSource));
        if (!string.IsNullOrEmpty(folder) && DataSource != ":memory:")
        {
            Directory.CreateDirectory(folder);
        }
    }

    public string ConnectionString { get; }

    public void Dispose()
    {
        disposed = true;
        initLock.Dispose();
    }

    public string DataSource { get; }

    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        var connection = new SqliteConnection(ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await ConfigureAsync(connection, cancellationToken).ConfigureAwait(false);
            if (!initialized)
            {
                await InitializeAsync(connection, cancellationToken).ConfigureAwait(false);
            }

            return connection;
        }
        catch (SqliteException ex)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw Translate(ex, null, "Open");
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Gives a connection its pragmas unless the pool hands out one that already has them: they live on the native
    /// connection, and a chat opens the store several times (each search leg, the similarity lookup, the record reads),
    /// so three statements on every open added up under load.
    /// </summary>
    private async Task ConfigureAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        var handle = connection.Handle!;
        if (Configured.TryGetValue(handle, out var applied) && string.Equals(applied, openPragmas, StringComparison.Ordinal))
        {
            return;
        }

        await ExecuteAsync(connection, openPragmas, cancellationToken).ConfigureAwait(false);

        // One caller holds a pooled connection at a time, so its entry is never written concurrently.
        Configured.AddOrUpdate(handle, openPragmas);
    }

    /// <summary>Wraps a SQLite failure in a <see cref="VectorStoreException"/> whose message says what to do.</summary>
    public VectorStoreException Translate(SqliteException ex, string? collection, string operation)
    {
        var message = ex.SqliteErrorCode is NotADatabase or Corrupt
            ? $"The vector store file '{DataSource}' is corrupted or is not a SQLite database ({ex.Message}). " +
              "Restore it from a backup or point the store at a new file and reindex."
            : $"The SQLite vector store '{DataSource}' failed during {operation}: {ex.Message}";
        return new VectorStoreException(message, ex)
        {
            VectorStoreSystemName = SystemName,
            VectorStoreName = DataSource,
            CollectionName = collection,
            OperationName = operation,
        };
    }

    /// <summary>SQLite's "no such table" (SQLITE_ERROR while preparing): for reads that skip a lookup while a table is known to exist.</summary>
    public static bool IsMissingTable(SqliteException ex) =>
        ex.SqliteErrorCode == 1 && ex.Message.Contains("no such table", StringComparison.Ordinal);

    public static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task InitializeAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await initLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (initialized)
            {
                return;
            }

            // Look before touching anything: a foreign file must be left exactly as it was.
            var tables = await ReadTableNamesAsync(connection, cancellationToken).ConfigureAwait(false);
            if (tables.Count > 0 && !tables.Contains("rb_meta"))
            {
                throw ForeignFile($"it already holds tables ({string.Join(", ", tables.Take(5))}) and no RagBot metadata");
            }

            if (tables.Count == 0)
            {
                // Larger pages suit 1.5 KB vector rows (fewer page writes); incremental auto-vacuum lets a deleted
                // collection (an old index generation) give its space back. Both only work before the first table.
                await ExecuteAsync(connection, $"PRAGMA page_size={PageSize}; PRAGMA auto_vacuum=INCREMENTAL;", cancellationToken).ConfigureAwait(false);
            }

            await ExecuteAsync(connection, "PRAGMA journal_mode=WAL;", cancellationToken).ConfigureAwait(false);
            using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

            await ExecuteAsync(
                connection,
                "CREATE TABLE IF NOT EXISTS rb_meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);" +
                $"INSERT OR IGNORE INTO rb_meta(key, value) VALUES('format', '{FormatName}'), ('version', '{FormatVersion}');" +
                "CREATE TABLE IF NOT EXISTS rb_collections(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, schema TEXT NOT NULL, changes INTEGER NOT NULL DEFAULT 0);",
                cancellationToken,
                transaction).ConfigureAwait(false);
            using (var check = connection.CreateCommand())
            {
                check.Transaction = transaction;
                check.CommandText = "SELECT value FROM rb_meta WHERE key = 'format'";
                var format = await check.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string;
                if (format != FormatName)
                {
                    throw ForeignFile($"its format marker is '{format}', not '{FormatName}'");
                }
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            initialized = true;
        }
        finally
        {
            initLock.Release();
        }
    }

    private static async Task<List<string>> ReadTableNamesAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'";
        var names = new List<string>();
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    private VectorStoreException ForeignFile(string reason) =>
        new($"The file '{DataSource}' is not a RagBot vector store: {reason}. Point the store at a new or dedicated file.")
        {
            VectorStoreSystemName = SystemName,
            VectorStoreName = DataSource,
            OperationName = "Open",
        };
}
