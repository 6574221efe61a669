using System.Collections;
using RagBot.Core.Chunks;

namespace RagBot.Ingestion.Chunking;

/// <summary>
/// A document's chunks, each built when it is read: the chunker keeps only which units each chunk packs, so
/// an ingestion that reads them batch by batch holds one batch of chunk texts at a time instead of all of them
/// (a 30 MB upload's chunks, with their overlap, are about 70 MB of strings).
/// </summary>
internal sealed class ChunkList(SectionText text, List<ChunkUnit> units, List<(int First, int Last)> chunks) : IReadOnlyList<TextChunk>
{
    public int Count => chunks.Count;

    public TextChunk this[int index]
    {
        get
        {
            var (first, last) = chunks[index];
            return Build(index, units, first, last, text);
        }
    }

    public IEnumerator<TextChunk> GetEnumerator()
    {
        for (var i = 0; i < chunks.Count; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private static TextChunk Build(int ordinal, List<ChunkUnit> units, int first, int last, SectionText text)
    {
        var start = units[first].Start;
        var raw = text.Slice(start, units[last].End);
        var trimmed = raw.AsSpan().Trim();
        var textStart = start + (raw.Length - raw.AsSpan().TrimStart().Length);
        var pageStart = int.MaxValue;
        var pageEnd = int.MinValue;
        var tokens = 0;
        for (var i = first; i <= last; i++)
        {
            pageStart = Math.Min(pageStart, units[i].Page);
            pageEnd = Math.Max(pageEnd, units[i].Page);
            tokens += units[i].Tokens;
        }

        return new TextChunk
        {
            Ordinal = ordinal,
            Text = trimmed.Length == raw.Length ? raw : trimmed.ToString(),
            HeadingPath = units[first].HeadingPath,
            PageStart = pageStart,
            PageEnd = pageEnd,
            PageBreaks = ChunkPageMap.Format(PageBreaks(units, first, last, textStart)),
            CharStart = start,
            CharEnd = units[last].End,
            TokenCount = tokens,
        };
    }

    /// <summary>Where each unit on a new page starts, relative to the chunk text, so a quoted sentence maps to its page.</summary>
    private static IEnumerable<(int Offset, int Page)> PageBreaks(List<ChunkUnit> units, int first, int last, int textStart)
    {
        for (var i = first + 1; i <= last; i++)
        {
            if (units[i].Page != units[i - 1].Page)
            {
                yield return (Math.Max(0, units[i].Start - textStart), units[i].Page);
            }
        }
    }
}
