using Microsoft.Extensions.AI;
using RagBot.Core.Errors;

namespace RagBot.IntegrationTests.Ingestion;

/// <summary>
/// Wraps the real embedder and injects the failures a remote embedding service shows: a call whose texts contain
/// <see cref="FailAlways"/> fails every time, one containing <see cref="FailOnce"/> fails the first time only,
/// and once <see cref="Hang"/> is set (or <see cref="HangAfterCalls"/> calls were made) every call waits until it is cancelled (a worker stuck mid-job).
/// </summary>
internal sealed class FaultyEmbedder(IEmbeddingGenerator<string, Embedding<float>> inner) : DelegatingEmbeddingGenerator<string, Embedding<float>>(inner)
{
    public const string FailAlways = "POISONMARKER";
    public const string FailOnce = "FLAKYMARKER";
    public const string HangMarker = "HANGMARKER";
    private int _flakyFailures;
    private int _calls;

    public volatile bool Hang;

    /// <summary>When set, a call whose texts contain <see cref="HangMarker"/> hangs (one stuck job, the others run).</summary>
    public volatile bool HangOnMarker;

    /// <summary>When zero or more, calls after this many hang like <see cref="Hang"/> (a worker stuck halfway through a document).</summary>
    public int HangAfterCalls { get; set; } = -1;

    public override async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var texts = values.ToList();
        if (Hang || (HangOnMarker && texts.Exists(t => t.Contains(HangMarker, StringComparison.Ordinal))) || (HangAfterCalls >= 0 && Interlocked.Increment(ref _calls) > HangAfterCalls))
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        if (texts.Exists(t => t.Contains(FailAlways, StringComparison.Ordinal)))
        {
            throw new ProviderUnavailableException("The embedding service answered 503 (simulated).");
        }

        if (texts.Exists(t => t.Contains(FailOnce, StringComparison.Ordinal)) && Interlocked.Increment(ref _flakyFailures) == 1)
        {
            throw new ProviderUnavailableException("The embedding service timed out (simulated, first call only).");
        }

        return await base.GenerateAsync(texts, options, cancellationToken);
    }
}
