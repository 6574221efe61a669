namespace RagBot.Ingestion.Chunking;

/// <summary>
/// Cuts text into the pieces <see cref="TokenCounter"/> counts one by one. First before every space that follows a
/// non-space character (no pattern of the tiktoken pre-tokenizer runs from a non-space character into a following
/// space). A piece still longer than <see cref="MaxPieceLength"/> is cut at the last pre-token boundary within that
/// length: after a letter followed by a non-letter, or after a number character followed by a non-number (the
/// pre-tokenizer's letter and digit patterns are greedy and nothing else contains a letter or digit), except before
/// <c>|</c> and <c>_</c>, which continue special tokens such as <c>&lt;|endoftext|&gt;</c>. With no such boundary (a
/// single word, punctuation run or blank run that long) it is cut every <see cref="SliceLength"/> characters, never inside a
/// surrogate pair: the count of those slices is close to, not exactly, the tokenizer's.
/// </summary>
internal ref struct PieceCutter
{
    /// <summary>
    /// The longest piece handed to the tokenizer. Byte-pair merging a pre-token of n characters costs about n² steps,
    /// so this bounds the cost per character; ordinary words, numbers and punctuation are far shorter.
    /// </summary>
    public const int MaxPieceLength = 128;

    /// <summary>
    /// Where a long piece has no pre-token boundary, it is sliced this short: a run of one repeated character costs the
    /// merge the most (0.5 ms per 128 characters), and slices this short repeat and are counted once from the cache.
    /// </summary>
    public const int SliceLength = 32;

    private readonly ReadOnlySpan<char> _text;
    private int _start;
    private int _spaceCut;

    public PieceCutter(ReadOnlySpan<char> text)
    {
        _text = text;
    }

    public bool TryNext(out Range piece)
    {
        if (_start >= _text.Length)
        {
            piece = default;
            return false;
        }

        if (_spaceCut <= _start)
        {
            _spaceCut = NextSpaceCut(_start); // kept: a long piece is cut several times before this cut is reached
        }

        var end = _spaceCut - _start > MaxPieceLength ? BoundedCut(_start) : _spaceCut;
        piece = _start..end;
        _start = end;
        return true;
    }

    private readonly int NextSpaceCut(int start)
    {
        var searchFrom = start + 1;
        while (searchFrom < _text.Length)
        {
            var space = _text[searchFrom..].IndexOf(' ');
            if (space < 0)
            {
                break;
            }

            var cut = searchFrom + space;
            if (!char.IsWhiteSpace(_text[cut - 1]))
            {
                return cut;
            }

            searchFrom = cut + 1;
        }

        return _text.Length;
    }

    private readonly int BoundedCut(int start)
    {
        var limit = start + MaxPieceLength;
        for (var cut = limit; cut > start; cut--)
        {
            if (IsPreTokenBoundary(_text[cut - 1], _text[cut]))
            {
                return cut;
            }
        }

        var slice = start + SliceLength;
        return char.IsHighSurrogate(_text[slice - 1]) ? slice - 1 : slice;
    }

    private static bool IsPreTokenBoundary(char before, char after) =>
        after is not ('|' or '_')
        && ((char.IsLetter(before) && !char.IsLetter(after)) || (char.IsNumber(before) && !char.IsNumber(after)));
}
