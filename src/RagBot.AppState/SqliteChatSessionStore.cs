using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using RagBot.Core.Chat;

namespace RagBot.AppState;

/// <summary>Chat sessions and their turns in the app-state database (citations stored as JSON).</summary>
public sealed class SqliteChatSessionStore : IChatSessionStore
{
    internal const string TurnColumns = "question, standalone_query, answer, mode, citations, created_at";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly AppStateDatabase _database;
    private readonly TimeProvider _time;

    private readonly ChatTurnBatchWriter _turns;

    public SqliteChatSessionStore(AppStateDatabase database, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
        _time = time;
        _turns = new ChatTurnBatchWriter(database, Json);
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

        using var connection = await _database.OpenForReadAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT * FROM (SELECT turn, {TurnColumns} FROM chat_turns WHERE session_id = $id ORDER BY turn DESC LIMIT $count) ORDER BY turn";
        command.Parameters.AddWithValue("$id", sessionId);
        command.Parameters.AddWithValue("$count", count);
        return await ReadTurnsAsync(command, cancellationToken, firstColumn: 1).ConfigureAwait(false);
    }

    public Task AppendTurnAsync(string sessionId, string? owner, ChatTurn turn, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);

        // A turn is not flushed to disk before the answer goes out: it survives a killed process, and a power cut
        // loses at most the last turns of a conversation, while a flush per chat made every chat wait for the disk
        // and hold the database's one write lock meanwhile (uploads and job updates queued behind 64 chat clients).
        // Turns arriving together are committed together (ChatTurnBatchWriter).
        return _turns.AppendAsync(sessionId, owner, turn, _time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture), cancellationToken);
    }

    public async Task<bool> DeleteAsync(string sessionId, CancellationToken cancellationToken)
    {
        using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM chat_sessions WHERE id = $id";
        command.Parameters.AddWithValue("$id", sessionId);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
    }

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
