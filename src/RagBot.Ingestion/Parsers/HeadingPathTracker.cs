namespace RagBot.Ingestion.Parsers;

/// <summary>Keeps the stack of headings above the current position of a document.</summary>
internal sealed class HeadingPathTracker
{
    private readonly List<(int Level, string Text)> _open = [];
    private IReadOnlyList<string> _snapshot = [];

    /// <summary>The headings above the current position, outermost first.</summary>
    public IReadOnlyList<string> Current => _snapshot;

    /// <summary>Closes every open heading at <paramref name="level"/> or deeper and opens this one.</summary>
    /// <returns>The path of the headings above the new heading (its parents).</returns>
    public IReadOnlyList<string> Enter(int level, string text)
    {
        while (_open.Count > 0 && _open[^1].Level >= level)
        {
            _open.RemoveAt(_open.Count - 1);
        }

        var parents = Snapshot();
        _open.Add((level, text));
        _snapshot = Snapshot();
        return parents;
    }

    private string[] Snapshot() => _open.Select(h => h.Text).ToArray();
}
