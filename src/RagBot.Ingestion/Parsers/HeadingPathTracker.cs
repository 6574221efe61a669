namespace RagBot.Ingestion.Parsers;

/// <summary>Keeps the stack of headings above the current position of a document.</summary>
internal sealed class HeadingPathTracker
{
    private readonly List<int> _levels = [];
    private string[] _path = [];

    /// <summary>The headings above the current position, outermost first. Never mutated once handed out.</summary>
    public IReadOnlyList<string> Current => _path;

    /// <summary>Closes every open heading at <paramref name="level"/> or deeper and opens this one.</summary>
    /// <returns>The path of the headings above the new heading (its parents).</returns>
    public IReadOnlyList<string> Enter(int level, string text)
    {
        var keep = _levels.Count;
        while (keep > 0 && _levels[keep - 1] >= level)
        {
            keep--;
        }

        _levels.RemoveRange(keep, _levels.Count - keep);
        var parents = keep == _path.Length ? _path : _path[..keep];
        _levels.Add(level);
        _path = [.. parents, text];
        return parents;
    }
}
