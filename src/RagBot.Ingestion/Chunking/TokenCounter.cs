using Microsoft.ML.Tokenizers;

namespace RagBot.Ingestion.Chunking;

/// <summary>
/// Counts tokens as <see cref="Tokenizer.CountTokens(ReadOnlySpan{char}, bool, bool)"/> does, several times faster on
/// prose with a tiktoken tokenizer, and in time linear in the text whatever its shape (other kinds of tokenizer are
/// asked directly). The text is counted in pieces (<see cref="PieceCutter"/>): cut before every space that follows a
/// non-space character, where the tiktoken pre-tokenizer always starts a new pre-token, so the count of the text is
/// the sum of the counts of the pieces (property-tested with cl100k, the one RagBot registers). A piece longer than
/// <see cref="PieceCutter.MaxPieceLength"/> characters is cut further, at pre-token boundaries when it has any and
/// otherwise every MaxPieceLength characters: tiktoken's byte-pair merge takes time growing with the square of a
/// pre-token's length (a 80 KB word took 35 s), so no pre-token longer than that reaches it. Only text with a run
/// of MaxPieceLength characters without such a boundary (one word, punctuation or blank run that long) is counted
/// approximately, on its slices. Short pieces repeat (" the", " index,"), so each is counted once per thread.
/// </summary>
public sealed class TokenCounter
{
    /// <summary>The longest text handed to the tokenizer at once (see <see cref="PieceCutter"/>).</summary>
    public const int MaxPieceLength = PieceCutter.MaxPieceLength;

    private const int Capacity = 50_000;
    private const int LongestCachedPiece = 48;

    [ThreadStatic]
    private static PieceCache? t_cache;

    private readonly Tokenizer _tokenizer;

    public TokenCounter(Tokenizer tokenizer)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        _tokenizer = tokenizer;
    }

    /// <summary>Whether <see cref="AddPieces"/> cuts text at tokenizer boundaries (true for tiktoken tokenizers).</summary>
    public bool CutsPieces => _tokenizer is TiktokenTokenizer;

    /// <summary>
    /// The sum of the squared lengths of the texts this thread has handed to the tokenizer so far (cache hits excluded):
    /// an upper estimate of the byte-pair merge steps, so tests can check the work grows linearly without timing it.
    /// </summary>
    public static long TokenizerWorkOnThisThread => t_cache?.Work ?? 0;

    public int Count(ReadOnlySpan<char> text)
    {
        if (!CutsPieces)
        {
            return _tokenizer.CountTokens(text); // the piece rule holds for tiktoken's pre-tokenizer only
        }

        var cache = Cache();
        var total = 0;
        var cutter = new PieceCutter(text);
        while (cutter.TryNext(out var piece))
        {
            total += CountPiece(text[piece], cache);
        }

        return total;
    }

    /// <summary>
    /// Appends the pieces of <paramref name="text"/> (each at most <see cref="PieceCutter.MaxPieceLength"/> long) as
    /// (end offset, tokens); with a tiktoken tokenizer their tokens sum to <see cref="Count"/>. Other tokenizers give one piece.
    /// </summary>
    public void AddPieces(ReadOnlySpan<char> text, List<(int End, int Tokens)> pieces)
    {
        ArgumentNullException.ThrowIfNull(pieces);
        if (!CutsPieces)
        {
            pieces.Add((text.Length, _tokenizer.CountTokens(text)));
            return;
        }

        var cache = Cache();
        var cutter = new PieceCutter(text);
        while (cutter.TryNext(out var piece))
        {
            pieces.Add((piece.End.Value, CountPiece(text[piece], cache)));
        }
    }

    /// <summary>
    /// The length of the longest start of <paramref name="text"/> that has at most <paramref name="maxTokens"/> tokens
    /// (<see cref="Tokenizer.GetIndexByTokenCount(ReadOnlySpan{char}, int, out string?, out int, bool, bool)"/>); give it
    /// one piece, or a run of whole pieces, so the merge stays bounded.
    /// </summary>
    public int IndexByTokenCount(ReadOnlySpan<char> text, int maxTokens, out int tokens)
    {
        var cache = Cache();
        cache.Work += (long)text.Length * text.Length;
        return _tokenizer.GetIndexByTokenCount(text, maxTokens, out _, out tokens);
    }

    private PieceCache Cache()
    {
        var cache = t_cache;
        if (cache is null || !ReferenceEquals(cache.Tokenizer, _tokenizer))
        {
            // One cache per thread, for the last tokenizer used on it (in practice there is one).
            cache = t_cache = new PieceCache(_tokenizer) { Work = cache?.Work ?? 0 };
        }

        return cache;
    }

    private int CountPiece(ReadOnlySpan<char> piece, PieceCache cache)
    {
        if (piece.Length > LongestCachedPiece)
        {
            cache.Work += (long)piece.Length * piece.Length;
            return _tokenizer.CountTokens(piece);
        }

        if (cache.BySpan.TryGetValue(piece, out var count))
        {
            return count;
        }

        if (cache.Counts.Count >= Capacity)
        {
            cache.Counts.Clear();
        }

        cache.Work += (long)piece.Length * piece.Length;
        count = _tokenizer.CountTokens(piece);
        cache.Counts[piece.ToString()] = count;
        return count;
    }

    private sealed class PieceCache
    {
        public PieceCache(Tokenizer tokenizer)
        {
            Tokenizer = tokenizer;
            BySpan = Counts.GetAlternateLookup<ReadOnlySpan<char>>();
        }

        public Tokenizer Tokenizer { get; }

        public long Work { get; set; }

        public Dictionary<string, int> Counts { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> BySpan { get; }
    }
}
