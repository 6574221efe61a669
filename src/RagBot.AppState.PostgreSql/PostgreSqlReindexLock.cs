using System.Globalization;
using Npgsql;
using RagBot.Core.Indexing;

namespace RagBot.AppState.PostgreSql;

/// <summary>
/// The reindex lock as a session-level PostgreSQL advisory lock, held on a connection of its own for the whole
/// reindex: every replica sees it, and PostgreSQL releases it when that connection ends, so a replica killed
/// mid-reindex never leaves it stuck. The holder's name is recorded beside it for the next caller's message.
/// </summary>
public sealed class PostgreSqlReindexLock : IReindexLockProvider
{
    private readonly PostgreSqlAppStateDatabase _database;

    public PostgreSqlReindexLock(PostgreSqlAppStateDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
    }

    public IDisposable? TryAcquire(string holder, out string heldBy)
    {
        // The schema must exist before the holder row can be written.
        _database.OpenAsync(CancellationToken.None).GetAwaiter().GetResult().Dispose();
        var connection = _database.CreateUnpooledConnection();
        try
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT pg_try_advisory_lock({PostgreSqlLockKeys.Reindex})";
            if (!(bool)command.ExecuteScalar()!)
            {
                command.CommandText = "SELECT holder FROM reindex_holder";
                heldBy = command.ExecuteScalar() as string ?? "another replica";
                connection.Dispose();
                return null;
            }

            command.CommandText = "INSERT INTO reindex_holder (holder) VALUES (@holder) ON CONFLICT (singleton) DO UPDATE SET holder = @holder";
            command.Parameters.AddWithValue("holder", string.Create(
                CultureInfo.InvariantCulture, $"{holder} on {Environment.MachineName}, pid {Environment.ProcessId}, since {DateTimeOffset.UtcNow:u}"));
            command.ExecuteNonQuery();
            heldBy = holder;
            return new Held(connection);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private sealed class Held(NpgsqlConnection connection) : IDisposable
    {
        public void Dispose()
        {
            try
            {
                using var command = connection.CreateCommand();
                command.CommandText = $"SELECT pg_advisory_unlock({PostgreSqlLockKeys.Reindex})";
                command.ExecuteNonQuery();
            }
            catch (NpgsqlException)
            {
                // The connection is gone, and the lock with it.
            }
            finally
            {
                connection.Dispose();
            }
        }
    }
}
