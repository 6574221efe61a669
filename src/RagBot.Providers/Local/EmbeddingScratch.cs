using RagBot.Core.Text;

namespace RagBot.Providers.Local;

/// <summary>One thread's reusable buffers and word-feature cache for <see cref="HashingEmbeddingGenerator"/>.</summary>
internal sealed class EmbeddingScratch(WordFeatureCache words)
{
    private ulong[] _hashes = new ulong[4096];
    private ulong[] _terms = new ulong[512];
    private float[] _family = [];
    private char[] _folded = new char[4096];

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

    /// <summary>The term-hash buffer grown to at least <paramref name="length"/>, keeping what it holds.</summary>
    public ulong[] Terms(int length)
    {
        if (_terms.Length < length)
        {
            Array.Resize(ref _terms, Math.Max(length, _terms.Length * 2));
        }

        return _terms;
    }

    /// <summary>The text folded for word splitting, in this thread's buffer when it is ASCII.</summary>
    public ReadOnlySpan<char> Fold(string text) => TextAnalyzer.Fold(text, ref _folded);

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
