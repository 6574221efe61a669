namespace RagBot.Retrieval;

/// <summary>
/// Keeps ranked chunks whose word sets are not near-duplicates (Jaccard at or above the threshold) of a chunk kept
/// before them: the same decisions as comparing each candidate with every kept one, without doing so. Comparing all
/// pairs cost about 2 ms per query at 200 candidates (chunks of one size pass the size bound, so most pairs were
/// merged word by word); this compares only pairs that share a word in their prefixes. A question's candidates share
/// its words, so many pairs still meet there; those comparisons stop early (<see cref="TermSignature.IsDuplicateOf"/>).
/// </summary>
/// <remarks>
/// Prefix filtering, from set-similarity joins: order every set's words by one global order (a signature's hashes are
/// sorted, so ascending hash), and let a set's prefix be its first |x| - ceil(t·|x|) + 1 words. Two sets with Jaccard
/// at least t share at least ceil(t·|x|) words (the overlap is at least t times the union, which is at least |x|), and
/// two sets sharing that many words share one within those prefixes. So a kept set that shares no prefix word with the
/// candidate cannot be its duplicate. With t = 0 every pair is a duplicate, overlap or not, and the bound says nothing.
/// </remarks>
internal sealed class NearDuplicateFilter
{
    /// <summary>Absorbs rounding in t·|x| so the prefix can only come out longer (safe), never shorter.</summary>
    private const double RoundingSlack = 1e-9;

    private readonly double _threshold;
    private readonly List<TermSignature> _kept = [];
    private readonly Dictionary<ulong, List<int>> _keptByPrefixWord = [];
    private readonly List<int> _lastCompared = [];
    private int _candidates;
    private bool _keptOneWithoutWords;

    public NearDuplicateFilter(double threshold)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(threshold);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(threshold, 1);
        _threshold = threshold;
    }

    /// <summary>Keeps <paramref name="terms"/> and returns true, or returns false when a kept set is its near-duplicate.</summary>
    public bool TryKeep(TermSignature terms)
    {
        ArgumentNullException.ThrowIfNull(terms);
        _candidates++;
        if (_threshold <= 0)
        {
            if (_kept.Count > 0)
            {
                return false;
            }

            Keep(terms, prefixLength: 0);
            return true;
        }

        if (terms.Count == 0)
        {
            // Two empty sets are identical (Jaccard 1); an empty and a non-empty set share nothing (Jaccard 0 < t).
            var first = !_keptOneWithoutWords;
            _keptOneWithoutWords = true;
            return first;
        }

        var prefixLength = PrefixLength(terms.Count);
        foreach (var word in terms.Hashes[..prefixLength])
        {
            if (!_keptByPrefixWord.TryGetValue(word, out var keptIndexes))
            {
                continue;
            }

            foreach (var index in keptIndexes)
            {
                // Two sets can share several prefix words; compare them once.
                if (_lastCompared[index] != _candidates)
                {
                    _lastCompared[index] = _candidates;
                    if (_kept[index].IsDuplicateOf(terms, _threshold))
                    {
                        return false;
                    }
                }
            }
        }

        Keep(terms, prefixLength);
        return true;
    }

    private void Keep(TermSignature terms, int prefixLength)
    {
        var index = _kept.Count;
        _kept.Add(terms);
        _lastCompared.Add(0);
        foreach (var word in terms.Hashes[..prefixLength])
        {
            if (!_keptByPrefixWord.TryGetValue(word, out var keptIndexes))
            {
                _keptByPrefixWord[word] = keptIndexes = [];
            }

            keptIndexes.Add(index);
        }
    }

    private int PrefixLength(int count)
    {
        var sharedAtLeast = Math.Max(1, (int)Math.Ceiling((_threshold * count) - RoundingSlack));
        return Math.Min(count, count - sharedAtLeast + 1);
    }
}
