using System.Collections.Concurrent;
using System.IO.Hashing;
using System.Runtime.InteropServices;

namespace RagBot.Retrieval;

/// <summary>
/// Keeps the <see cref="TermSignature"/>s of recently retrieved chunk texts, so a chunk that comes back as a
/// candidate again (popular chunks do, for every related question) is not re-tokenised. Keyed by a 128-bit hash of
/// the text itself, not the chunk id: a re-chunked or edited document can never be compared with stale words.
/// Bounded: when full it starts over, which costs one re-tokenisation per chunk and never a wrong answer.
/// </summary>
internal sealed class TermSignatureCache
{
    /// <summary>About 1 KB per signature: a few megabytes at most.</summary>
    private const int Capacity = 8192;

    private readonly ConcurrentDictionary<UInt128, TermSignature> _signatures = new();

    public TermSignature Get(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var key = XxHash128.HashToUInt128(MemoryMarshal.AsBytes(text.AsSpan()));
        if (_signatures.TryGetValue(key, out var signature))
        {
            return signature;
        }

        signature = TermSignature.Of(text);
        if (_signatures.Count >= Capacity)
        {
            _signatures.Clear();
        }

        _signatures[key] = signature;
        return signature;
    }
}
