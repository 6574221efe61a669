using System.Buffers;
using RagBot.Core.Text;

namespace RagBot.Retrieval;

/// <summary>
/// A chunk's distinct analysed terms (<see cref="TextAnalyzer.Terms"/>) as sorted 64-bit hashes: the word set that
/// near-duplicate removal compares. Sorted numbers intersect by one merge pass with no hashing or allocation, where
/// the former <c>HashSet&lt;string&gt;</c> paid a string hash per term per pair. Two different terms sharing a 64-bit
/// hash within one chunk pair (odds about 1e-16) is the only way a Jaccard figure could differ from the string sets'.
/// </summary>
internal sealed class TermSignature
{
    private readonly ulong[] _terms;

    private TermSignature(ulong[] terms) => _terms = terms;

    public int Count => _terms.Length;

    /// <summary>The sorted, distinct term hashes.</summary>
    public ReadOnlySpan<ulong> Hashes => _terms;

    /// <summary>
    /// The signature of <paramref name="text"/>: the same terms as <see cref="TextAnalyzer.Terms"/> gives, read as
    /// word spans of the folded text and mapped through <see cref="TermSignatureWords"/> (no string per word).
    /// </summary>
    public static TermSignature Of(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var buffer = ArrayPool<char>.Shared.Rent(Math.Max(16, text.Length));
        var hashes = ArrayPool<ulong>.Shared.Rent((text.Length / 2) + 1);
        try
        {
            var folded = TextAnalyzer.Fold(text, ref buffer);
            if (hashes.Length < (folded.Length / 2) + 1)
            {
                // Unicode folding can lengthen a text (compatibility decomposition); a word takes at least 2 chars
                // with its separator, so this bounds the word count.
                ArrayPool<ulong>.Shared.Return(hashes);
                hashes = ArrayPool<ulong>.Shared.Rent((folded.Length / 2) + 1);
            }

            var count = 0;
            var position = 0;
            while (TextAnalyzer.NextWord(folded, ref position, out var start, out var length))
            {
                if (TermSignatureWords.TryGetTermHash(folded.Slice(start, length), out var hash))
                {
                    hashes[count++] = hash;
                }
            }

            Array.Sort(hashes, 0, count);
            var distinct = 0;
            for (var i = 0; i < count; i++)
            {
                if (i == 0 || hashes[i] != hashes[distinct - 1])
                {
                    hashes[distinct++] = hashes[i];
                }
            }

            return new TermSignature(hashes.AsSpan(0, distinct).ToArray());
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
            ArrayPool<ulong>.Shared.Return(hashes);
        }
    }

    /// <summary>
    /// Whether the Jaccard similarity of the two word sets reaches <paramref name="threshold"/>. Jaccard is at most
    /// the smaller set's size over the larger's, so most pairs are settled by their sizes without comparing words;
    /// the rest stop merging as soon as the words left cannot bring the overlap up to what the threshold needs
    /// (at 0.85, two 150-word chunks may miss only about a dozen words).
    /// </summary>
    public bool IsDuplicateOf(TermSignature other, double threshold)
    {
        ArgumentNullException.ThrowIfNull(other);
        var (small, large) = _terms.Length <= other._terms.Length ? (_terms, other._terms) : (other._terms, _terms);
        if (large.Length == 0)
        {
            return 1 >= threshold;
        }

        if ((double)small.Length / large.Length < threshold)
        {
            return false;
        }

        var needed = SharedWordsNeeded(small.Length + large.Length, threshold);
        var shared = 0;
        for (int i = 0, j = 0; i < small.Length && j < large.Length;)
        {
            if (small[i] == large[j])
            {
                shared++;
                i++;
                j++;
                continue;
            }

            if (small[i] < large[j])
            {
                i++;
            }
            else
            {
                j++;
            }

            if (shared + Math.Min(small.Length - i, large.Length - j) < needed)
            {
                return false;
            }
        }

        return shared >= needed;
    }

    /// <summary>
    /// The fewest shared words for which shared / (total - shared) reaches the threshold, found with the very
    /// division the decision is defined by, so rounding can never make the early stop disagree with it.
    /// </summary>
    private static int SharedWordsNeeded(int total, double threshold)
    {
        var needed = Math.Clamp((int)Math.Ceiling(threshold * total / (1 + threshold)), 0, total);
        while (needed > 0 && Reaches(needed - 1, total, threshold))
        {
            needed--;
        }

        while (needed < total && !Reaches(needed, total, threshold))
        {
            needed++;
        }

        return needed;
    }

    private static bool Reaches(int shared, int total, double threshold) =>
        total == shared || (double)shared / (total - shared) >= threshold;
}
