using RagBot.Core.Documents;

namespace RagBot.Ingestion.Chunking;

/// <summary>
/// A document's extracted text (its sections joined by <see cref="ParsedDocument.SectionSeparator"/>) addressed by
/// offset without being built: joining a 30 MB upload's sections took a 60 MB string, plus 64 MB arrays that
/// <c>string.Join</c> rents from the shared pool and the pool then keeps.
/// </summary>
internal sealed class SectionText
{
    private readonly IReadOnlyList<DocumentSection> _sections;
    private readonly int[] _starts;

    public SectionText(IReadOnlyList<DocumentSection> sections)
    {
        _sections = sections;
        _starts = new int[sections.Count];
        var offset = 0;
        for (var i = 0; i < sections.Count; i++)
        {
            _starts[i] = offset;
            offset += sections[i].Text.Length + ParsedDocument.SectionSeparator.Length;
        }
    }

    /// <summary>Where section <paramref name="index"/> starts in the extracted text.</summary>
    public int StartOf(int index) => _starts[index];

    /// <summary>The characters [<paramref name="start"/>, <paramref name="end"/>) of the extracted text.</summary>
    public string Slice(int start, int end)
    {
        var section = Array.BinarySearch(_starts, start);
        section = section >= 0 ? section : ~section - 1;
        var sectionEnd = _starts[section] + _sections[section].Text.Length;
        if (end <= sectionEnd)
        {
            return _sections[section].Text.Substring(start - _starts[section], end - start);
        }

        return string.Create(end - start, (this, start, section), static (target, state) =>
        {
            var (text, position, index) = state;
            var written = 0;
            while (written < target.Length)
            {
                var sectionText = text._sections[index].Text.AsSpan();
                var joined = index + 1 < text._sections.Count ? ParsedDocument.SectionSeparator.AsSpan() : [];
                var offset = position - text._starts[index];
                var piece = offset < sectionText.Length
                    ? sectionText[offset..]
                    : joined[(offset - sectionText.Length)..];
                piece = piece[..Math.Min(piece.Length, target.Length - written)];
                piece.CopyTo(target[written..]);
                written += piece.Length;
                position += piece.Length;
                if (position >= text._starts[index] + sectionText.Length + joined.Length)
                {
                    index++;
                }
            }
        });
    }
}
