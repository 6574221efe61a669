using System.Collections.Concurrent;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using RagBot.Core.Text;

namespace RagBot.Retrieval;

/// <summary>
/// Each folded word's analysed term (<see cref="StopWords"/> dropped, <see cref="LightStemmer"/> applied) as the
/// 64-bit hash a <see cref="TermSignature"/> holds, learned once per distinct word. Signing a chunk then costs one
/// lookup per word (by span: no string is made), where analysing it allocated and stemmed every word again; a
/// chunk's words are mostly words already seen. Bounded: when full it starts over, which costs re-learning words
/// and never a different hash.
/// </summary>
internal static class TermSignatureWords
{
    /// <summary>About 80 bytes per word (string and entry): a few megabytes at most.</summary>
    private const int Capacity = 65_536;

    /// <summary>
    /// Longer words (identifiers, base64 runs) are analysed each time instead of cached, so hostile text cannot make
    /// the cache hold 65,536 long strings.
    /// </summary>
    private const int MaxCachedLength = 48;

    private static readonly ConcurrentDictionary<string, WordTerm> Terms = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, WordTerm>.AlternateLookup<ReadOnlySpan<char>> ByText = Terms.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>The hash of the term <paramref name="word"/> (folded, not stemmed) analyses to; false for a stop word.</summary>
    public static bool TryGetTermHash(ReadOnlySpan<char> word, out ulong hash)
    {
        if (!ByText.TryGetValue(word, out var term))
        {
            var text = word.ToString();
            term = StopWords.Contains(text) ? default : new WordTerm(true, HashOf(LightStemmer.Stem(text)));
            if (text.Length <= MaxCachedLength)
            {
                if (Terms.Count >= Capacity)
                {
                    Terms.Clear();
                }

                Terms[text] = term;
            }
        }

        hash = term.Hash;
        return term.IsTerm;
    }

    /// <summary>The hash a signature keeps for one analysed term (persisted nowhere: only compared within a process).</summary>
    public static ulong HashOf(string term) => XxHash3.HashToUInt64(MemoryMarshal.AsBytes(term.AsSpan()));

    private readonly record struct WordTerm(bool IsTerm, ulong Hash);
}
