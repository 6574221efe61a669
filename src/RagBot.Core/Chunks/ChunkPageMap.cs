using System.Globalization;
using System.Text;

namespace RagBot.Core.Chunks;

/// <summary>
/// The pages inside one chunk, stored as text (<c>"offset:page;offset:page"</c>, offsets into the chunk text) because
/// every vector store can keep a string. A chunk on one page has an empty map.
/// </summary>
public static class ChunkPageMap
{
    /// <summary>Formats the page starts that follow the chunk's first page.</summary>
    public static string Format(IEnumerable<(int Offset, int Page)> breaks)
    {
        ArgumentNullException.ThrowIfNull(breaks);
        var text = new StringBuilder();
        foreach (var (offset, page) in breaks)
        {
            text.Append(text.Length == 0 ? "" : ";")
                .Append(offset.ToString(CultureInfo.InvariantCulture)).Append(':').Append(page.ToString(CultureInfo.InvariantCulture));
        }

        return text.ToString();
    }

    /// <summary>The page on which the character at <paramref name="offset"/> of the chunk text lies (0 when the format has no pages).</summary>
    public static int PageAt(DocumentChunk chunk, int offset)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        var page = chunk.PageStart;
        foreach (var (start, startPage) in Parse(chunk.PageBreaks))
        {
            if (start > offset)
            {
                break;
            }

            page = startPage;
        }

        return page;
    }

    /// <summary>The breaks of a stored map, in order; a malformed entry (written by something else) is skipped.</summary>
    public static IEnumerable<(int Offset, int Page)> Parse(string? map)
    {
        if (string.IsNullOrEmpty(map))
        {
            yield break;
        }

        foreach (var entry in map.Split(';'))
        {
            var colon = entry.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0
                && int.TryParse(entry.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out var offset)
                && int.TryParse(entry.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var page))
            {
                yield return (offset, page);
            }
        }
    }
}
