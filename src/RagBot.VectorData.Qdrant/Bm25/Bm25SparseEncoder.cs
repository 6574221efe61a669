using System.IO.Hashing;
using System.Text;

namespace RagBot.VectorData.Qdrant;

/// <summary>
/// Turns text into BM25 sparse vectors for Qdrant. A document term's weight is its BM25 term-frequency part
/// <c>tf·(k1+1) / (tf + k1·(1 − b + b·len/avgLen))</c>; a query term weighs 1. Qdrant multiplies by IDF at
/// query time (sparse vector <c>modifier: idf</c>), so the dot product is the BM25 score.
/// Term ids are the XxHash32 of the term's UTF-8 bytes: stable across processes, machines and versions.
/// </summary>
public sealed class Bm25SparseEncoder
{
    private readonly double _k1;
    private readonly double _b;
    private readonly double _averageLength;

    public Bm25SparseEncoder(Bm25Options options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(options.K1);
        ArgumentOutOfRangeException.ThrowIfNegative(options.B);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.B, 1.0);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.AverageDocumentLength, 1.0);
        _k1 = options.K1;
        _b = options.B;
        _averageLength = options.AverageDocumentLength;
    }

    /// <summary>The sparse vector stored with a document.</summary>
    public SparseTermVector EncodeDocument(string? text)
    {
        var termCounts = new Dictionary<uint, int>();
        var length = 0;
        foreach (var range in TermRanges(text))
        {
            length++;
            var id = TermId(text.AsSpan(range));
            termCounts[id] = termCounts.GetValueOrDefault(id) + 1;
        }

        if (length == 0)
        {
            return SparseTermVector.Empty;
        }

        var lengthNorm = _k1 * (1 - _b + (_b * length / _averageLength));
        return Build(termCounts.Select(pair => (pair.Key, (float)(pair.Value * (_k1 + 1) / (pair.Value + lengthNorm)))));
    }

    /// <summary>The sparse query for keywords: every distinct term once with weight 1.</summary>
    public SparseTermVector EncodeQuery(IEnumerable<string> keywords)
    {
        ArgumentNullException.ThrowIfNull(keywords);
        var ids = new HashSet<uint>();
        foreach (var keyword in keywords)
        {
            foreach (var range in TermRanges(keyword))
            {
                ids.Add(TermId(keyword.AsSpan(range)));
            }
        }

        return ids.Count == 0 ? SparseTermVector.Empty : Build(ids.Select(id => (id, 1f)));
    }

    /// <summary>Lower-cased runs of letters and digits; everything else separates terms.</summary>
    public static IEnumerable<string> Tokenize(string? text) =>
        TermRanges(text).Select(range => text![range].ToLowerInvariant());

    /// <summary>The stable sparse index of a term: XxHash32 of its lower-cased UTF-8 bytes.</summary>
    public static uint TermId(string term)
    {
        ArgumentNullException.ThrowIfNull(term);
        return TermId(term.AsSpan());
    }

    private static uint TermId(ReadOnlySpan<char> term)
    {
        // Hashing the lower-cased span directly keeps encoding allocation-free for ordinary word lengths.
        Span<char> lower = term.Length <= 128 ? stackalloc char[term.Length] : new char[term.Length];
        term.ToLowerInvariant(lower);
        var byteCount = Encoding.UTF8.GetByteCount(lower);
        Span<byte> utf8 = byteCount <= 512 ? stackalloc byte[byteCount] : new byte[byteCount];
        Encoding.UTF8.GetBytes(lower, utf8);
        return XxHash32.HashToUInt32(utf8);
    }

    private static IEnumerable<Range> TermRanges(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            yield break;
        }

        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var isTermChar = i < text.Length && char.IsLetterOrDigit(text[i]);
            if (isTermChar && start < 0)
            {
                start = i;
            }
            else if (!isTermChar && start >= 0)
            {
                yield return start..i;
                start = -1;
            }
        }
    }

    private static SparseTermVector Build(IEnumerable<(uint Id, float Weight)> entries)
    {
        var sorted = entries.OrderBy(entry => entry.Id).ToArray();
        return new SparseTermVector(
            Array.ConvertAll(sorted, entry => entry.Id),
            Array.ConvertAll(sorted, entry => entry.Weight));
    }
}
