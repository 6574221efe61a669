namespace RagBot.Ingestion.Jobs;

/// <summary>
/// Hears (chunks done, total) from the indexer and writes the latest figures to the job row (through the
/// <see cref="IngestionJobLifecycle"/> that created it) in the background, one write at a time, skipping figures
/// overtaken while a write was running.
/// </summary>
internal sealed class JobProgressWriter : IProgress<(int Done, int Total)>
{
    private readonly Func<int, int, CancellationToken, Task> _write;
    private readonly CancellationToken _cancellationToken;
    private readonly Lock _gate = new();
    private (int Done, int Total) _latest;
    private bool _dirty;
    private Task _writing = Task.CompletedTask;

    public JobProgressWriter(Func<int, int, CancellationToken, Task> write, CancellationToken cancellationToken)
    {
        _write = write;
        _cancellationToken = cancellationToken;
    }

    /// <summary>The largest total heard, i.e. how many chunks this version has (0 before chunking ended).</summary>
    public int Total { get; private set; }

    public void Report((int Done, int Total) value)
    {
        lock (_gate)
        {
            _latest = value;
            Total = Math.Max(Total, value.Total);
            _dirty = true;
            if (_writing.IsCompleted)
            {
                _writing = WriteAsync();
            }
        }
    }

    /// <summary>Waits for the last progress write to end.</summary>
    public Task FlushAsync()
    {
        lock (_gate)
        {
            return _writing;
        }
    }

    private async Task WriteAsync()
    {
        await Task.Yield();
        while (true)
        {
            (int Done, int Total) value;
            lock (_gate)
            {
                if (!_dirty)
                {
                    return;
                }

                value = _latest;
                _dirty = false;
            }

            await _write(value.Done, value.Total, _cancellationToken).ConfigureAwait(false);
        }
    }
}
