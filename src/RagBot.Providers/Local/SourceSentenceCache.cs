using System.Collections.Concurrent;
using System.IO.Hashing;
using System.Runtime.InteropServices;

namespace RagBot.Providers.Local;

/// <summary>A sentence of a source and its normalized terms (the sentence's words plus its section's heading words).</summary>
internal sealed record SourceSentence(string Text, HashSet<string> Terms);

/// <summary>
/// Remembers how each source splits into sentences and which terms each sentence holds. Splitting and stemming
/// every sentence of every source was most of the extractive answerer's CPU under load, and the same chunks come
/// back for question after question. Keyed by a 128-bit hash of the text and section (never by chunk id, so a
/// chunk rewritten under the same id is split again); bounded: it starts over when full. The term sets are shared
/// between requests and only ever read.
/// </summary>
internal sealed class SourceSentenceCache
{
    internal const int Capacity = 2_048;
    private readonly ConcurrentDictionary<UInt128, SourceSentence[]> _sentences = new();
    private readonly Func<string, string, SourceSentence[]> _split;

    public SourceSentenceCache(Func<string, string, SourceSentence[]> split)
    {
        _split = split;
    }

    public SourceSentence[] Get(string text, string section)
    {
        var key = KeyOf(text, section);
        if (_sentences.TryGetValue(key, out var sentences))
        {
            return sentences;
        }

        sentences = _split(text, section);
        if (_sentences.Count >= Capacity)
        {
            // A crude bound: start over rather than track recency (a source costs tens of microseconds to redo).
            _sentences.Clear();
        }

        _sentences[key] = sentences;
        return sentences;
    }

    private static UInt128 KeyOf(string text, string section)
    {
        var hash = new XxHash128();
        hash.Append(MemoryMarshal.AsBytes(text.AsSpan()));

        // The text's length keeps ("ab", "c") and ("a", "bc") apart.
        Span<byte> length = stackalloc byte[sizeof(int)];
        BitConverter.TryWriteBytes(length, text.Length);
        hash.Append(length);
        hash.Append(MemoryMarshal.AsBytes(section.AsSpan()));
        return hash.GetCurrentHashAsUInt128();
    }
}
