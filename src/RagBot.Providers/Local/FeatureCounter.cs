namespace RagBot.Providers.Local;

/// <summary>
/// Counts occurrences of 64-bit feature hashes with open addressing, reusing its arrays from text to text (one
/// instance per thread), and lists distinct features in first-seen order. It replaces a Dictionary that
/// allocated tens of kilobytes per embedded chunk; the first-seen order keeps the float sums, and so the
/// vectors, bit-identical to that Dictionary's enumeration order.
/// </summary>
internal sealed class FeatureCounter
{
    private ulong[] _keys = new ulong[1024];
    private int[] _counts = new int[1024];
    private int[] _firstSeen = new int[1024];
    private int _distinct;

    /// <summary>Number of distinct features counted since the last <see cref="Reset"/>.</summary>
    public int Distinct => _distinct;

    /// <summary>Empties the counter and makes room for up to <paramref name="features"/> features.</summary>
    public void Reset(int features)
    {
        var needed = _keys.Length;
        while (needed < features * 2)
        {
            needed *= 2;
        }

        if (needed != _keys.Length)
        {
            _keys = new ulong[needed];
            _counts = new int[needed];
            _firstSeen = new int[needed];
        }
        else
        {
            for (var i = 0; i < _distinct; i++)
            {
                _counts[_firstSeen[i]] = 0;
            }
        }

        _distinct = 0;
    }

    public void Add(ulong feature)
    {
        var mask = _keys.Length - 1;

        // Features are XxHash3 outputs, so their low bits are already uniformly spread.
        var slot = (int)feature & mask;
        while (_counts[slot] != 0 && _keys[slot] != feature)
        {
            slot = (slot + 1) & mask;
        }

        if (_counts[slot] == 0)
        {
            _keys[slot] = feature;
            _firstSeen[_distinct++] = slot;
        }

        _counts[slot]++;
    }

    /// <summary>The <paramref name="index"/>-th distinct feature (in first-seen order) and its count.</summary>
    public (ulong Feature, int Count) this[int index] => (_keys[_firstSeen[index]], _counts[_firstSeen[index]]);
}
