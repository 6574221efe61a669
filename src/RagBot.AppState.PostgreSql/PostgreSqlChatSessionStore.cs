using System.Text.Json;
using Npgsql;
using RagBot.Core.Chat;
using static RagBot.AppState.PostgreSql.PostgreSqlCommands;

namespace RagBot.AppState.PostgreSql;

/// <summary>
/// Chat sessions and their turns in PostgreSQL, so a conversation started on one replica continues on any other.
/// A turn's number is taken under a row lock on its session, so two replicas appending at once never collide.
/// </summary>
public sealed class PostgreSqlChatSessionStore : IChatSessionStore
{
    private const string TurnColumns = "question, standalone_query, answer, mode, citations, created_at";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly PostgreSqlAppStateDatabase _database;
    private readonly TimeProvider _time;

    public PostgreSqlChatSessionStore(PostgreSqlAppStateDatabase database, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
        _time = time;
    }

    public async Task<ChatSession?> GetAsync(string sessionId, CancellationToken cancellationToken)
    {
        var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var connectionDisposal = connection.ConfigureAwait(false);
        var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken).ConfigureAwait(false);
        await using var transactionDisposal = transaction.ConfigureAwait(false);
        var command = Prepare(connection, "SELECT owner, created_at, updated_at FROM chat_sessions WHERE id = @id", ("id", sessionId));
        await using var commandDisposal = command.ConfigureAwait(false);
        var sessions = await command.ReadAllAsync(r => (Owner: r.NullableString(0), Created: r.Time(1), Updated: r.Time(2)), cancellationToken).ConfigureAwait(false);
        if (sessions.Count == 0)
        {
            return null;
        }

        command.CommandText = $"SELECT {TurnColumns} FROM chat_turns WHERE session_id = @id ORDER BY turn";
        var turns = await command.ReadAllAsync(r => ReadTurn(r, 0), cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        var session = sessions[0];
        return new ChatSession { Id = sessionId, Owner = session.Owner, CreatedAt = session.Created, UpdatedAt = session.Updated, Turns = turns };
    }

    public async Task<IReadOnlyList<ChatTurn>> GetRecentTurnsAsync(string sessionId, int count, CancellationToken cancellationToken)
    {
        if (count <= 0)
        {
            return [];
        }

        return await _database.QueryAsync(
            $"SELECT * FROM (SELECT turn, {TurnColumns} FROM chat_turns WHERE session_id = @id ORDER BY turn DESC LIMIT @count) recent ORDER BY turn",
            r => ReadTurn(r, 1),
            cancellationToken,
            ("id", sessionId),
            ("count", count)).ConfigureAwait(false);
    }

    public async Task AppendTurnAsync(string sessionId, string? owner, ChatTurn turn, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var connectionDisposal = connection.ConfigureAwait(false);
        var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var transactionDisposal = transaction.ConfigureAwait(false);
        var command = Prepare(
            connection,
            """
            INSERT INTO chat_sessions (id, owner, created_at, updated_at) VALUES (@id, @owner, @now, @now)
            ON CONFLICT (id) DO UPDATE SET updated_at = @now
            """,
            ("id", sessionId),
            ("owner", owner),
            ("now", Utc(_time.GetUtcNow())),
            ("question", turn.Question),
            ("query", turn.StandaloneQuery),
            ("answer", turn.Answer),
            ("mode", turn.Mode),
            ("citations", JsonSerializer.Serialize(turn.Citations, Json)),
            ("created", Utc(turn.CreatedAt)));
        await using var commandDisposal = command.ConfigureAwait(false);
        command.Transaction = transaction;
        // The upsert locks the session row until commit, so the next turn number below is ours alone.
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        command.CommandText = $"""
            INSERT INTO chat_turns (session_id, turn, {TurnColumns})
            VALUES (@id, (SELECT COALESCE(MAX(turn), 0) + 1 FROM chat_turns WHERE session_id = @id), @question, @query, @answer, @mode, @citations, @created)
            """;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> DeleteAsync(string sessionId, CancellationToken cancellationToken) =>
        await _database.ExecuteAsync("DELETE FROM chat_sessions WHERE id = @id", cancellationToken, ("id", sessionId)).ConfigureAwait(false) > 0;

    private static ChatTurn ReadTurn(NpgsqlDataReader reader, int c) => new()
    {
        Question = reader.GetString(c),
        StandaloneQuery = reader.GetString(c + 1),
        Answer = reader.GetString(c + 2),
        Mode = reader.GetString(c + 3),
        Citations = JsonSerializer.Deserialize<List<Citation>>(reader.GetString(c + 4), Json) ?? [],
        CreatedAt = reader.Time(c + 5),
    };
}
