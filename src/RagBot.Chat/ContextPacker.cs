using System.Collections.Concurrent;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using Microsoft.ML.Tokenizers;
using RagBot.Core.Chat;

namespace RagBot.Chat;

/// <summary>Keeps the best-ranked chunks whose text fits in the prompt's token budget (always at least one).</summary>
/// <remarks>
/// Counting a chunk's tokens (cl100k) was about a tenth of a chat's CPU under load, and the same chunks come back
/// for question after question: counts are remembered by the text's 128-bit hash (never by chunk id, so a chunk
/// rewritten under the same id is counted again), up to <see cref="MaxRememberedCounts"/> texts.
/// </remarks>
public sealed class ContextPacker
{
    internal const int MaxRememberedCounts = 50_000;
    private readonly Tokenizer _tokenizer;
    private readonly ConcurrentDictionary<UInt128, int> _counts = new();

    public ContextPacker(Tokenizer tokenizer)
    {
        _tokenizer = tokenizer;
    }

    public IReadOnlyList<RetrievedChunk> Pack(IReadOnlyList<RetrievedChunk> ranked, int maxTokens)
    {
        ArgumentNullException.ThrowIfNull(ranked);
        var packed = new List<RetrievedChunk>();
        var used = 0;
        foreach (var chunk in ranked)
        {
            var tokens = CountTokens(chunk.Chunk.Text);
            if (packed.Count > 0 && used + tokens > maxTokens)
            {
                continue;
            }

            packed.Add(chunk);
            used += tokens;
        }

        return packed;
    }

    private int CountTokens(string text)
    {
        var key = XxHash128.HashToUInt128(MemoryMarshal.AsBytes(text.AsSpan()));
        if (_counts.TryGetValue(key, out var tokens))
        {
            return tokens;
        }

        tokens = _tokenizer.CountTokens(text);
        if (_counts.Count >= MaxRememberedCounts)
        {
            // A crude bound: start over rather than track recency (a count costs microseconds to redo).
            _counts.Clear();
        }

        _counts[key] = tokens;
        return tokens;
    }
}
