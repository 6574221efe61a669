using System.Collections.Concurrent;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using RagBot.Core.Text;

namespace RagBot.Providers.Local;

/// <summary>
/// A weight-free embedder: signed feature hashing of stemmed words (Porter by default), word bigrams (off by
/// default) and character n-grams,
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
    private const int TermCacheCapacity = 200_000;

    private readonly LocalEmbeddingOptions _options;
    private readonly EmbeddingGeneratorMetadata _metadata;
    private readonly Func<string, string> _stem;
    private readonly ConcurrentDictionary<string, ulong> _termHashes = new(StringComparer.Ordinal);
    private int _cachedTerms;

    public HashingEmbeddingGenerator(IOptions<LocalEmbeddingOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _metadata = new EmbeddingGeneratorMetadata("ragbot-local", null, _options.ModelId, _options.Dimensions);
        _stem = _options.Stemmer == EmbeddingStemmer.Light ? LightStemmer.Stem : PorterStemmer.Stem;
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
        var termHashes = new List<ulong>();
        foreach (var word in TextAnalyzer.Words(text))
        {
            if (!StopWords.Contains(word))
            {
                words.Add(word);
                termHashes.Add(TermHashOf(word));
            }
        }

        var vector = new float[_options.Dimensions];
        AddFamily(vector, termHashes, _options.WordWeight);
        if (_options.BigramWeight > 0)
        {
            AddFamily(vector, BigramHashes(termHashes), _options.BigramWeight);
        }

        if (_options.CharNGramWeight > 0)
        {
            AddFamily(vector, CharNGramHashes(words), _options.CharNGramWeight);
        }
        Normalize(vector);
        return new Embedding<float>(vector) { ModelId = _options.ModelId };
    }

    /// <summary>
    /// The hash of the word's stem. Word frequencies are Zipfian, so a bounded cache of the words seen so far
    /// answers most lookups without stemming again (it only saves time: the hash is the same either way).
    /// </summary>
    private ulong TermHashOf(string word)
    {
        if (_termHashes.TryGetValue(word, out var hash))
        {
            return hash;
        }

        hash = Hash(_stem(word), WordSeed);
        if (Volatile.Read(ref _cachedTerms) < TermCacheCapacity && _termHashes.TryAdd(word, hash))
        {
            Interlocked.Increment(ref _cachedTerms);
        }

        return hash;
    }

    private ulong[] BigramHashes(List<ulong> termHashes)
    {
        var hashes = new ulong[Math.Max(0, termHashes.Count - 1)];
        Span<ulong> pair = stackalloc ulong[2];
        for (var i = 0; i < hashes.Length; i++)
        {
            pair[0] = termHashes[i];
            pair[1] = termHashes[i + 1];
            hashes[i] = XxHash3.HashToUInt64(MemoryMarshal.AsBytes(pair), unchecked((long)BigramSeed));
        }

        return hashes;
    }

    private List<ulong> CharNGramHashes(List<string> words)
    {
        var hashes = new List<ulong>(words.Count * 16);
        Span<char> marked = stackalloc char[66];
        foreach (var word in words)
        {
            // "<word>": boundary marks let prefixes and suffixes hash differently from inner n-grams.
            var length = Math.Min(word.Length, 64) + 2;
            marked[0] = '<';
            word.AsSpan(0, length - 2).CopyTo(marked[1..]);
            marked[length - 1] = '>';
            for (var n = _options.CharNGramMin; n <= _options.CharNGramMax; n++)
            {
                for (var start = 0; start + n <= length; start++)
                {
                    hashes.Add(Hash(marked.Slice(start, n), CharSeed));
                }
            }
        }

        return hashes;
    }

    private void AddFamily(float[] vector, IReadOnlyCollection<ulong> featureHashes, double weight)
    {
        if (featureHashes.Count == 0 || weight <= 0)
        {
            return;
        }

        var counts = new Dictionary<ulong, int>(featureHashes.Count);
        foreach (var hash in featureHashes)
        {
            CollectionsMarshal.GetValueRefOrAddDefault(counts, hash, out _)++;
        }

        var family = new float[vector.Length];
        foreach (var (hash, count) in counts)
        {
            var bucket = (int)(hash % (ulong)vector.Length);
            var sign = (hash >> 63) == 0 ? 1f : -1f;
            family[bucket] += sign * (1f + MathF.Log(count));
        }

        Normalize(family);
        System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(family, (float)weight, vector, vector);
    }

    private static void Normalize(float[] vector)
    {
        var norm = System.Numerics.Tensors.TensorPrimitives.Norm(vector);
        if (norm > 0)
        {
            System.Numerics.Tensors.TensorPrimitives.Divide(vector, norm, vector);
        }
    }

    private static ulong Hash(ReadOnlySpan<char> feature, ulong seed) =>
        XxHash3.HashToUInt64(MemoryMarshal.AsBytes(feature), unchecked((long)seed));
}
