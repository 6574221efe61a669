using System.IO.Hashing;
using System.Runtime.InteropServices;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using RagBot.Core.Chat;
using RagBot.Core.Text;

namespace RagBot.Providers.Local;

/// <summary>
/// A weight-free embedder: signed feature hashing of stemmed words (Porter by default), word bigrams (off by
/// default) and character n-grams, each feature weighted 1 + ln(count), each family L2-normalized and scaled by its weight, and the sum
/// L2-normalized. Hashes are XxHash3 of the feature's UTF-16 bytes, so vectors are identical across
/// processes and machines.
/// </summary>
public sealed class HashingEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    private const ulong WordSeed = 0x5241474230310001;
    private const ulong BigramSeed = 0x5241474230310002;
    private const ulong CharSeed = 0x5241474230310003;
    private const int ParallelThreshold = 16;
    private static readonly float[] TermWeights = [.. Enumerable.Range(0, 64).Select(count => 1f + MathF.Log(count))];

    private readonly LocalEmbeddingOptions _options;
    private readonly EmbeddingGeneratorMetadata _metadata;
    private readonly Func<string, string> _stem;

    // Per thread: buffers and word features are reused, so embedding a chunk allocates little more than its vector.
    private readonly ThreadLocal<EmbeddingScratch> _scratch;

    public HashingEmbeddingGenerator(IOptions<LocalEmbeddingOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _metadata = new EmbeddingGeneratorMetadata(LocalModelProtocol.ProviderName, null, _options.ModelId, _options.Dimensions);
        _stem = _options.Stemmer == EmbeddingStemmer.Light ? LightStemmer.Stem : PorterStemmer.Stem;
        _scratch = new ThreadLocal<EmbeddingScratch>(() => new EmbeddingScratch(new WordFeatureCache(ComputeWordFeatures)));
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

    public void Dispose() => _scratch.Dispose();

    /// <summary>Embeds one text (the vector of an empty text is all zeros).</summary>
    public Embedding<float> Embed(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var scratch = _scratch.Value!;
        var folded = scratch.Fold(text);
        var terms = 0;
        var charHashes = 0;
        var position = 0;
        while (TextAnalyzer.NextWord(folded, ref position, out var start, out var length))
        {
            var word = scratch.Words.Get(folded.Slice(start, length));
            if (!word.IsStopWord)
            {
                scratch.Terms(terms + 1)[terms++] = word.TermHash;
                word.CharNGramHashes.CopyTo(scratch.Hashes(charHashes + word.CharNGramHashes.Length), charHashes);
                charHashes += word.CharNGramHashes.Length;
            }
        }

        var vector = new float[_options.Dimensions];
        var termHashes = scratch.Terms(terms).AsSpan(0, terms);
        AddFamily(vector, termHashes, _options.WordWeight, scratch);
        if (_options.BigramWeight > 0)
        {
            AddFamily(vector, BigramHashes(termHashes), _options.BigramWeight, scratch);
        }

        if (_options.CharNGramWeight > 0)
        {
            AddFamily(vector, scratch.Hashes(charHashes).AsSpan(0, charHashes), _options.CharNGramWeight, scratch);
        }
        Normalize(vector);
        return new Embedding<float>(vector) { ModelId = _options.ModelId };
    }

    private WordFeatures ComputeWordFeatures(string word) =>
        StopWords.Contains(word)
            ? new WordFeatures(IsStopWord: true, 0, [])
            : new WordFeatures(IsStopWord: false, Hash(_stem(word), WordSeed), CharNGramHashes(word));

    private static ulong[] BigramHashes(ReadOnlySpan<ulong> termHashes)
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

    private ulong[] CharNGramHashes(string word)
    {
        // "<word>": boundary marks let prefixes and suffixes hash differently from inner n-grams.
        Span<char> marked = stackalloc char[66];
        var length = Math.Min(word.Length, 64) + 2;
        marked[0] = '<';
        word.AsSpan(0, length - 2).CopyTo(marked[1..]);
        marked[length - 1] = '>';
        var hashes = new List<ulong>();
        for (var n = _options.CharNGramMin; n <= _options.CharNGramMax; n++)
        {
            for (var start = 0; start + n <= length; start++)
            {
                hashes.Add(Hash(marked.Slice(start, n), CharSeed));
            }
        }

        return [.. hashes];
    }

    private static void AddFamily(float[] vector, ReadOnlySpan<ulong> featureHashes, double weight, EmbeddingScratch scratch)
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
        var buckets = (ulong)vector.Length;

        // hash % buckets without a 64-bit division per feature: the high half of hash * floor((2^64 - 1) / buckets)
        // is the quotient or one less, so one correction step gives the exact remainder.
        var reciprocal = ulong.MaxValue / buckets;
        for (var i = 0; i < counts.Distinct; i++)
        {
            var (hash, count) = counts[i];
            var remainder = hash - (Math.BigMul(hash, reciprocal, out _) * buckets);
            if (remainder >= buckets)
            {
                remainder -= buckets;
            }

            var sign = (hash >> 63) == 0 ? 1f : -1f;
            family[(int)remainder] += sign * TermWeight(count);
        }

        Normalize(family);
        System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(family, (float)weight, vector, vector);
    }

    /// <summary>1 + ln(count), from a table for the small counts that nearly every feature has.</summary>
    private static float TermWeight(int count) => count < TermWeights.Length ? TermWeights[count] : 1f + MathF.Log(count);

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
}
