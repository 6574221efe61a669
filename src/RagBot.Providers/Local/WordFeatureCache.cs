namespace RagBot.Providers.Local;

/// <summary>
/// Remembers each word's features (one instance per thread), so stemming and n-gram hashing run once per
/// distinct word instead of once per occurrence: text follows Zipf's law, so most words of a chunk were seen
/// before. Looked up by span, so a hit allocates nothing. Bounded: it starts over when full.
/// </summary>
internal sealed class WordFeatureCache
{
    private const int Capacity = 20_000;
    private readonly Dictionary<string, WordFeatures> _features = new(StringComparer.Ordinal);
    private readonly Dictionary<string, WordFeatures>.AlternateLookup<ReadOnlySpan<char>> _bySpan;
    private readonly Func<string, WordFeatures> _compute;

    public WordFeatureCache(Func<string, WordFeatures> compute)
    {
        _compute = compute;
        _bySpan = _features.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public WordFeatures Get(ReadOnlySpan<char> word)
    {
        if (_bySpan.TryGetValue(word, out var features))
        {
            return features;
        }

        if (_features.Count >= Capacity)
        {
            _features.Clear();
        }

        var text = word.ToString();
        features = _compute(text);
        _features[text] = features;
        return features;
    }
}
