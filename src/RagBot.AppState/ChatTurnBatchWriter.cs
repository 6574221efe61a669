using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using RagBot.Core.Chat;

namespace RagBot.AppState;

/// <summary>
/// Writes chat turns in group commits: the turns that arrive while one transaction is being written go into the next
/// one, together. Under load each turn used to open a connection, begin, insert, and commit on its own, one after
/// another behind a gate (SQLite has one writer); every commit also made each pooled reader of the app-state file
/// drop its page cache. A caller still returns only once its own turn is committed, and a turn is never flushed to
/// disk before the answer goes out (<c>synchronous = NORMAL</c>, see <see cref="SqliteChatSessionStore"/>).
/// </summary>
internal sealed class ChatTurnBatchWriter
{
    /// <summary>Most turns in one transaction: bounds how long the write lock is held.</summary>
    internal const int MaxBatch = 128;

    private const string TurnColumns = SqliteChatSessionStore.TurnColumns;
    private readonly AppStateDatabase _database;
    private readonly JsonSerializerOptions _json;
    private readonly Lock _gate = new();
    private readonly Queue<PendingTurn> _queue = new();
    private bool _writing;

    public ChatTurnBatchWriter(AppStateDatabase database, JsonSerializerOptions json)
    {
        _database = database;
        _json = json;
    }

    /// <summary>Stores the turn and returns once it is committed (alone or with others).</summary>
    public async Task AppendAsync(string sessionId, string? owner, ChatTurn turn, string now, CancellationToken cancellationToken)
    {
        var pending = new PendingTurn(sessionId, owner, turn, now, cancellationToken);
        bool startWriter;
        lock (_gate)
        {
            _queue.Enqueue(pending);
            startWriter = !_writing;
            _writing = true;
        }

        if (startWriter)
        {
            // The caller that finds no writer writes one group itself (its own turn and any that came meanwhile): a
            // lone chat pays no thread hop. Whatever arrived during that write goes on in the background, so no
            // request keeps writing other requests' turns.
            await WriteNextGroupAsync().ConfigureAwait(false);
            if (!TryStopWriting())
            {
                _ = Task.Run(WriteQueuedAsync, CancellationToken.None);
            }
        }

        await pending.Stored.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task WriteQueuedAsync()
    {
        do
        {
            await WriteNextGroupAsync().ConfigureAwait(false);
        }
        while (!TryStopWriting());
    }

    /// <summary>Ends the writer's turn when nothing is queued (under the lock, so a turn queued meanwhile is never left behind).</summary>
    private bool TryStopWriting()
    {
        lock (_gate)
        {
            _writing = _queue.Count > 0;
            return !_writing;
        }
    }

    private async Task WriteNextGroupAsync()
    {
        List<PendingTurn> batch;
        lock (_gate)
        {
            batch = new List<PendingTurn>(Math.Min(_queue.Count, MaxBatch));
            while (batch.Count < MaxBatch && _queue.TryDequeue(out var next))
            {
                batch.Add(next);
            }
        }

        // A caller that gave up before its turn was written (the client hung up) does not get it stored, as before.
        foreach (var abandoned in batch.Where(p => p.CancellationToken.IsCancellationRequested))
        {
            abandoned.Stored.TrySetCanceled(abandoned.CancellationToken);
        }

        await WriteAsync(batch.Where(p => !p.CancellationToken.IsCancellationRequested).ToList()).ConfigureAwait(false);
    }

    private async Task WriteAsync(List<PendingTurn> batch)
    {
        if (batch.Count == 0)
        {
            return;
        }

        try
        {
            await InsertAsync(batch).ConfigureAwait(false);
            batch.ForEach(p => p.Stored.TrySetResult());
        }
        catch (Exception) when (batch.Count > 1)
        {
            // One turn must not fail the others': each is tried again alone and gets its own outcome.
            foreach (var pending in batch)
            {
                await WriteAsync([pending]).ConfigureAwait(false);
            }
        }
        catch (Exception ex)
        {
            batch[0].Stored.TrySetException(ex);
        }
    }

    private async Task InsertAsync(List<PendingTurn> batch)
    {
        // Not cancellable: other callers' turns are in the same transaction.
        using var connection = await _database.OpenAsync(flushCommits: false, CancellationToken.None).ConfigureAwait(false);
        using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(CancellationToken.None).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"""
            INSERT INTO chat_sessions (id, owner, created_at, updated_at) VALUES ($id, $owner, $now, $now)
            ON CONFLICT(id) DO UPDATE SET updated_at = $now;
            INSERT INTO chat_turns (session_id, turn, {TurnColumns})
            VALUES ($id, (SELECT COALESCE(MAX(turn), 0) + 1 FROM chat_turns WHERE session_id = $id), $question, $query, $answer, $mode, $citations, $created);
            """;
        foreach (var pending in batch)
        {
            var turn = pending.Turn;
            command.Parameters.Clear();
            command.Parameters.AddWithValue("$id", pending.SessionId);
            command.Parameters.AddWithValue("$owner", (object?)pending.Owner ?? DBNull.Value);
            command.Parameters.AddWithValue("$now", pending.Now);
            command.Parameters.AddWithValue("$question", turn.Question);
            command.Parameters.AddWithValue("$query", turn.StandaloneQuery);
            command.Parameters.AddWithValue("$answer", turn.Answer);
            command.Parameters.AddWithValue("$mode", turn.Mode);
            command.Parameters.AddWithValue("$citations", JsonSerializer.Serialize(turn.Citations, _json));
            command.Parameters.AddWithValue("$created", turn.CreatedAt.ToString("O", CultureInfo.InvariantCulture));
            await command.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
        }

        await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
    }

    private sealed record PendingTurn(string SessionId, string? Owner, ChatTurn Turn, string Now, CancellationToken CancellationToken)
    {
        public TaskCompletionSource Stored { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
