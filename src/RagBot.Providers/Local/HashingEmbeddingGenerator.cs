using System.IO.Hashing;
using System.Runtime.InteropServices;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using RagBot.Core.Text;

namespace RagBot.Providers.Local;

/// <summary>
/// A weight-free embedder: signed feature hashing of stemmed words, word bigrams and character n-grams,
/// each feature weighted 1 + ln(count), each family L2-normalized and scaled by its weight, and the sum
/// L2-normalized. Hashes are XxHash3 of the feature's UTF-16 bytes, so vectors are identical across
/// processes and machines.
/// </summary>
public sealed class HashingEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    private const ulong WordSeed = 0x5241474230310001;
    private const ulong BigramSeed = 0x5241474230310002;
    private const ulong CharSeed = 0x5241474230310003;
    private const int ParallelThreshold = 16;

    // Reused per thread: embedding a chunk then allocates little more than its own vector.
    [ThreadStatic]
    private static Scratch? t_scratch;

    private readonly LocalEmbeddingOptions _options;
    private readonly EmbeddingGeneratorMetadata _metadata;

    public HashingEmbeddingGenerator(IOptions<LocalEmbeddingOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _metadata = new EmbeddingGeneratorMetadata("ragbot-local", null, _options.ModelId, _options.Dimensions);
    }

    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values,
        EmbeddingGenerationOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        var texts = values as IList<string> ?? values.ToList();
        var embeddings = new Embedding<float>[texts.Count];
        if (texts.Count >= ParallelThreshold)
        {
            Parallel.For(0, texts.Count, new ParallelOptions { CancellationToken = cancellationToken }, i => embeddings[i] = Embed(texts[i]));
        }
        else
        {
            for (var i = 0; i < texts.Count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                embeddings[i] = Embed(texts[i]);
            }
        }

        return Task.FromResult(new GeneratedEmbeddings<Embedding<float>>(embeddings));
    }

    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null)
        {
            return null;
        }

        if (serviceType == typeof(EmbeddingGeneratorMetadata))
        {
            return _metadata;
        }

        return serviceType.IsInstanceOfType(this) ? this : null;
    }

    public void Dispose()
    {
    }

    /// <summary>Embeds one text (the vector of an empty text is all zeros).</summary>
    public Embedding<float> Embed(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var words = new List<string>();
        var terms = new List<string>();
        foreach (var word in TextAnalyzer.Words(text))
        {
            if (!StopWords.Contains(word))
            {
                words.Add(word);
                terms.Add(LightStemmer.Stem(word));
            }
        }

        var scratch = t_scratch ??= new Scratch();
        var vector = new float[_options.Dimensions];
        var termHashes = terms.Select(t => Hash(t, WordSeed)).ToArray();
        AddFamily(vector, termHashes, _options.WordWeight, scratch);
        AddFamily(vector, BigramHashes(termHashes), _options.BigramWeight, scratch);
        AddFamily(vector, CharNGramHashes(words, scratch), _options.CharNGramWeight, scratch);
        Normalize(vector);
        return new Embedding<float>(vector) { ModelId = _options.ModelId };
    }

    private ulong[] BigramHashes(ulong[] termHashes)
    {
        var hashes = new ulong[Math.Max(0, termHashes.Length - 1)];
        Span<ulong> pair = stackalloc ulong[2];
        for (var i = 0; i < hashes.Length; i++)
        {
            pair[0] = termHashes[i];
            pair[1] = termHashes[i + 1];
            hashes[i] = XxHash3.HashToUInt64(MemoryMarshal.AsBytes(pair), unchecked((long)BigramSeed));
        }

        return hashes;
    }

    private ReadOnlySpan<ulong> CharNGramHashes(List<string> words, Scratch scratch)
    {
        var count = 0;
        Span<char> marked = stackalloc char[66];
        foreach (var word in words)
        {
            // "<word>": boundary marks let prefixes and suffixes hash differently from inner n-grams.
            var length = Math.Min(word.Length, 64) + 2;
            marked[0] = '<';
            word.AsSpan(0, length - 2).CopyTo(marked[1..]);
            marked[length - 1] = '>';
            var hashes = scratch.Hashes(count + (length * (_options.CharNGramMax - _options.CharNGramMin + 1)));
            for (var n = _options.CharNGramMin; n <= _options.CharNGramMax; n++)
            {
                for (var start = 0; start + n <= length; start++)
                {
                    hashes[count++] = Hash(marked.Slice(start, n), CharSeed);
                }
            }
        }

        return scratch.Hashes(count).AsSpan(0, count);
    }

    private static void AddFamily(float[] vector, ReadOnlySpan<ulong> featureHashes, double weight, Scratch scratch)
    {
        if (featureHashes.Length == 0 || weight <= 0)
        {
            return;
        }

        var counts = scratch.Counter;
        counts.Reset(featureHashes.Length);
        foreach (var hash in featureHashes)
        {
            counts.Add(hash);
        }

        var family = scratch.Family(vector.Length);
        for (var i = 0; i < counts.Distinct; i++)
        {
            var (hash, count) = counts[i];
            var bucket = (int)(hash % (ulong)vector.Length);
            var sign = (hash >> 63) == 0 ? 1f : -1f;
            family[bucket] += sign * (1f + MathF.Log(count));
        }

        Normalize(family);
        System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(family, (float)weight, vector, vector);
    }

    private static void Normalize(Span<float> vector)
    {
        var norm = System.Numerics.Tensors.TensorPrimitives.Norm(vector);
        if (norm > 0)
        {
            System.Numerics.Tensors.TensorPrimitives.Divide(vector, norm, vector);
        }
    }

    private static ulong Hash(ReadOnlySpan<char> feature, ulong seed) =>
        XxHash3.HashToUInt64(MemoryMarshal.AsBytes(feature), unchecked((long)seed));

    /// <summary>Per-thread buffers of <see cref="Embed"/>.</summary>
    private sealed class Scratch
    {
        private ulong[] _hashes = new ulong[4096];
        private float[] _family = [];

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
}
