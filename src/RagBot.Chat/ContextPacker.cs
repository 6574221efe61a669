using Microsoft.ML.Tokenizers;
using RagBot.Core.Chat;

namespace RagBot.Chat;

/// <summary>Keeps the best-ranked chunks whose text fits in the prompt's token budget (always at least one).</summary>
public sealed class ContextPacker
{
    private readonly Tokenizer _tokenizer;

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
            var tokens = _tokenizer.CountTokens(chunk.Chunk.Text);
            if (packed.Count > 0 && used + tokens > maxTokens)
            {
                continue;
            }

            packed.Add(chunk);
            used += tokens;
        }

        return packed;
    }
}
