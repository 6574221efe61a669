using System.IO.Hashing;
using System.Runtime.InteropServices;
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

    public static TermSignature Of(string text)
    {
        var terms = TextAnalyzer.Terms(text);
        var hashes = new ulong[terms.Count];
        for (var i = 0; i < terms.Count; i++)
        {
            hashes[i] = XxHash3.HashToUInt64(MemoryMarshal.AsBytes(terms[i].AsSpan()));
        }

        Array.Sort(hashes);
        var distinct = 0;
        for (var i = 0; i < hashes.Length; i++)
        {
            if (i == 0 || hashes[i] != hashes[distinct - 1])
            {
                hashes[distinct++] = hashes[i];
            }
        }

        return new TermSignature(hashes[..distinct]);
    }

    /// <summary>
    /// Whether the Jaccard similarity of the two word sets reaches <paramref name="threshold"/>. Jaccard is at most
    /// the smaller set's size over the larger's, so most pairs are settled by their sizes without comparing words.
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

        var shared = 0;
        for (int i = 0, j = 0; i < small.Length && j < large.Length;)
        {
            if (small[i] == large[j])
            {
                shared++;
                i++;
                j++;
            }
            else if (small[i] < large[j])
            {
                i++;
            }
            else
            {
                j++;
            }
        }

        return (double)shared / (small.Length + large.Length - shared) >= threshold;
    }
}
