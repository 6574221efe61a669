namespace RagBot.Providers.Local;

/// <summary>One thread's reusable buffers and word-feature cache for <see cref="HashingEmbeddingGenerator"/>.</summary>
internal sealed class EmbeddingScratch(WordFeatureCache words)
{
    private ulong[] _hashes = new ulong[4096];
    private float[] _family = [];

    public WordFeatureCache Words { get; } = words;

    public FeatureCounter Counter { get; } = new();

    /// <summary>The hash buffer grown to at least <paramref name="length"/>, keeping what it holds.</summary>
    public ulong[] Hashes(int length)
    {
        if (_hashes.Length < length)
        {
            Array.Resize(ref _hashes, Math.Max(length, _hashes.Length * 2));
        }

        return _hashes;
    }

    /// <summary>A zeroed buffer of <paramref name="dimensions"/> floats.</summary>
    public Span<float> Family(int dimensions)
    {
        if (_family.Length != dimensions)
        {
            _family = new float[dimensions];
        }
        else
        {
            Array.Clear(_family);
        }

        return _family;
    }
}
