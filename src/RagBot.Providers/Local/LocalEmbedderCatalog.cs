using System.Collections.Concurrent;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using RagBot.Core.Embeddings;

namespace RagBot.Providers.Local;

/// <summary>
/// Finds the weight-free hashing embedder of any settings by the model id it records
/// (<see cref="LocalEmbeddingOptions.ModelId"/> holds every parameter, and its vectors are identical across
/// processes), so an index built by it keeps answering with full hybrid search while a reindex moves it to a
/// new embedder. Model files and remote models cannot be rebuilt from an id: for those it finds nothing.
/// </summary>
public sealed partial class LocalEmbedderCatalog : IEmbedderCatalog, IDisposable
{
    private readonly ConcurrentDictionary<string, HashingEmbeddingGenerator> _built = new(StringComparer.Ordinal);

    public IEmbeddingGenerator<string, Embedding<float>>? Find(string modelId, int dimensions)
    {
        ArgumentNullException.ThrowIfNull(modelId);
        var options = TryParse(modelId);
        return options is null || options.Dimensions != dimensions
            ? null
            : _built.GetOrAdd(modelId, _ => new HashingEmbeddingGenerator(Options.Create(options)));
    }

    /// <summary>The settings whose <see cref="LocalEmbeddingOptions.ModelId"/> is <paramref name="modelId"/>, or null.</summary>
    internal static LocalEmbeddingOptions? TryParse(string modelId)
    {
        var match = HashingModelId().Match(modelId);
        if (!match.Success)
        {
            return null;
        }

        var options = new LocalEmbeddingOptions
        {
            Stemmer = match.Groups["v"].Value == "1" ? EmbeddingStemmer.Light : EmbeddingStemmer.Porter,
            Dimensions = int.Parse(match.Groups["d"].Value, CultureInfo.InvariantCulture),
            WordWeight = double.Parse(match.Groups["w"].Value, CultureInfo.InvariantCulture),
            BigramWeight = double.Parse(match.Groups["b"].Value, CultureInfo.InvariantCulture),
            CharNGramWeight = double.Parse(match.Groups["c"].Value, CultureInfo.InvariantCulture),
            CharNGramMin = match.Groups["min"].Value[0] - '0',
            CharNGramMax = match.Groups["max"].Value[0] - '0',
        };

        // Only ids this embedder writes (same formatting, valid range) are accepted.
        return options.ModelId == modelId && options.Dimensions is >= 64 and <= 8192 ? options : null;
    }

    public void Dispose()
    {
        foreach (var embedder in _built.Values)
        {
            embedder.Dispose();
        }
    }

    [GeneratedRegex(@"^ragbot-hash-v(?<v>[12])-d(?<d>\d{1,5})-w(?<w>\d+(\.\d+)?)-b(?<b>\d+(\.\d+)?)-c(?<c>\d+(\.\d+)?)-n(?<min>\d)(?<max>\d)$", RegexOptions.CultureInvariant)]
    private static partial Regex HashingModelId();
}
