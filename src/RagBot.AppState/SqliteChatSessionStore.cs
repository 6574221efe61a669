using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using RagBot.Core.Chat;

namespace RagBot.AppState;

/// <summary>Chat sessions and their turns in the app-state database (citations stored as JSON).</summary>
public sealed class SqliteChatSessionStore : IChatSessionStore, IDisposable
{
    private const string TurnColumns = "question, standalone_query, answer, mode, citations, created_at";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly AppStateDatabase _database;
    private readonly TimeProvider _time;

    // One turn written at a time per process: concurrent chats otherwise meet at SQLite's write lock, whose busy
    // handler sleeps 1, 2, 5, 10... ms on a blocked thread-pool thread; waiting here is asynchronous and in order.
    private readonly SemaphoreSlim _writeGate = new(1, 1);

    public SqliteChatSessionStore(AppStateDatabase database, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
        _time = time;
    }

    public async Task<ChatSession?> GetAsync(string sessionId, CancellationToken cancellationToken)
    {
        using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT owner, created_at, updated_at FROM chat_sessions WHERE id = $id";
        command.Parameters.AddWithValue("$id", sessionId);
        string? owner;
        DateTimeOffset created, updated;
        using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                return null;
            }

            owner = reader.IsDBNull(0) ? null : reader.GetString(0);
            created = ParseTime(reader.GetString(1));
            updated = ParseTime(reader.GetString(2));
        }

        command.CommandText = $"SELECT {TurnColumns} FROM chat_turns WHERE session_id = $id ORDER BY turn";
        var turns = await ReadTurnsAsync(command, cancellationToken).ConfigureAwait(false);
        return new ChatSession { Id = sessionId, Owner = owner, CreatedAt = created, UpdatedAt = updated, Turns = turns };
    }

    public async Task<IReadOnlyList<ChatTurn>> GetRecentTurnsAsync(string sessionId, int count, CancellationToken cancellationToken)
    {
        if (count <= 0)
        {
            return [];
        }

        using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT * FROM (SELECT turn, {TurnColumns} FROM chat_turns WHERE session_id = $id ORDER BY turn DESC LIMIT $count) ORDER BY turn";
        command.Parameters.AddWithValue("$id", sessionId);
        command.Parameters.AddWithValue("$count", count);
        return await ReadTurnsAsync(command, cancellationToken, firstColumn: 1).ConfigureAwait(false);
    }

    public async Task AppendTurnAsync(string sessionId, string? owner, ChatTurn turn, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        var now = _time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);

        // A turn is not flushed to disk before the answer goes out: it survives a killed process, and a power cut
        // loses at most the last turns of a conversation, while a flush per chat made every chat wait for the disk
        // and hold the database's one write lock meanwhile (uploads and job updates queued behind 64 chat clients).
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Opened inside the gate: the waiting chats hold no pooled connection.
            using var connection = await _database.OpenAsync(flushCommits: false, cancellationToken).ConfigureAwait(false);
            await InsertTurnAsync(connection, sessionId, owner, turn, now, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    private static async Task InsertTurnAsync(SqliteConnection connection, string sessionId, string? owner, ChatTurn turn, string now, CancellationToken cancellationToken)
    {
        using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"""
            INSERT INTO chat_sessions (id, owner, created_at, updated_at) VALUES ($id, $owner, $now, $now)
            ON CONFLICT(id) DO UPDATE SET updated_at = $now;
            INSERT INTO chat_turns (session_id, turn, {TurnColumns})
            VALUES ($id, (SELECT COALESCE(MAX(turn), 0) + 1 FROM chat_turns WHERE session_id = $id), $question, $query, $answer, $mode, $citations, $created);
            """;
        command.Parameters.AddWithValue("$id", sessionId);
        command.Parameters.AddWithValue("$owner", (object?)owner ?? DBNull.Value);
        command.Parameters.AddWithValue("$now", now);
        command.Parameters.AddWithValue("$question", turn.Question);
        command.Parameters.AddWithValue("$query", turn.StandaloneQuery);
        command.Parameters.AddWithValue("$answer", turn.Answer);
        command.Parameters.AddWithValue("$mode", turn.Mode);
        command.Parameters.AddWithValue("$citations", JsonSerializer.Serialize(turn.Citations, Json));
        command.Parameters.AddWithValue("$created", turn.CreatedAt.ToString("O", CultureInfo.InvariantCulture));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> DeleteAsync(string sessionId, CancellationToken cancellationToken)
    {
        using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM chat_sessions WHERE id = $id";
        command.Parameters.AddWithValue("$id", sessionId);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
    }

    public void Dispose() => _writeGate.Dispose();

    private static async Task<IReadOnlyList<ChatTurn>> ReadTurnsAsync(SqliteCommand command, CancellationToken cancellationToken, int firstColumn = 0)
    {
        var turns = new List<ChatTurn>();
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var c = firstColumn;
            turns.Add(new ChatTurn
            {
                Question = reader.GetString(c),
                StandaloneQuery = reader.GetString(c + 1),
                Answer = reader.GetString(c + 2),
                Mode = reader.GetString(c + 3),
                Citations = JsonSerializer.Deserialize<List<Citation>>(reader.GetString(c + 4), Json) ?? [],
                CreatedAt = ParseTime(reader.GetString(c + 5)),
            });
        }

        return turns;
    }

    private static DateTimeOffset ParseTime(string value) => DateTimeOffset.Parse(value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
}
