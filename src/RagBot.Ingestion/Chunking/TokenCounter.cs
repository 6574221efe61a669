using Microsoft.ML.Tokenizers;

namespace RagBot.Ingestion.Chunking;

/// <summary>
/// Counts tokens exactly as <see cref="Tokenizer.CountTokens(ReadOnlySpan{char}, bool, bool)"/> does, several times
/// faster on prose with a tiktoken tokenizer (property-tested with cl100k, the one RagBot registers; other kinds of
/// tokenizer are asked directly). The text is cut before every space that follows a non-space character: no pattern
/// of the tiktoken pre-tokenizer runs from a non-space character into a following space, so a pre-token always
/// starts there, and the count of the text is the sum of the counts of the pieces. Pieces repeat (" the",
/// " index,"), so each distinct short piece is counted once per thread and remembered.
/// </summary>
public sealed class TokenCounter
{
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

    public int Count(ReadOnlySpan<char> text)
    {
        if (_tokenizer is not TiktokenTokenizer)
        {
            return _tokenizer.CountTokens(text); // the piece rule holds for tiktoken's pre-tokenizer only
        }

        var cache = t_cache;
        if (cache is null || !ReferenceEquals(cache.Tokenizer, _tokenizer))
        {
            // One cache per thread, for the last tokenizer used on it (in practice there is one).
            cache = t_cache = new PieceCache(_tokenizer);
        }

        var total = 0;
        var start = 0;
        var searchFrom = 1;
        while (searchFrom < text.Length)
        {
            var space = text[searchFrom..].IndexOf(' ');
            if (space < 0)
            {
                break;
            }

            var cut = searchFrom + space;
            if (!char.IsWhiteSpace(text[cut - 1]))
            {
                total += CountPiece(text[start..cut], cache);
                start = cut;
            }

            searchFrom = cut + 1;
        }

        return start < text.Length ? total + CountPiece(text[start..], cache) : total;
    }

    private int CountPiece(ReadOnlySpan<char> piece, PieceCache cache)
    {
        if (piece.Length > LongestCachedPiece)
        {
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

        public Dictionary<string, int> Counts { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> BySpan { get; }
    }
}
