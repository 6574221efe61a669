using RagBot.Core.Chat;

namespace RagBot.Chat;

/// <summary>
/// Cuts a citation snippet out of a source text: centred on the evidence (the quoted spans), cut at word boundaries,
/// "…" where text was left out, with the evidence's offsets inside the snippet. It works on whatever text it is given,
/// so text that must be cleaned for display is cleaned before, and the spans refer to the cleaned text.
/// </summary>
public static class SnippetBuilder
{
    private const string Ellipsis = "…";

    public static (string Snippet, IReadOnlyList<SnippetHighlight> Highlights) Build(string text, IReadOnlyList<(int Start, int Length)> evidence, int maxChars)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(evidence);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxChars, 1);
        var spans = evidence.Where(e => e.Start >= 0 && e.Length > 0 && e.Start + e.Length <= text.Length).ToList();
        var (from, to) = Window(text, spans, maxChars);
        var snippet = (from > 0 ? Ellipsis : "") + text[from..to] + (to < text.Length ? Ellipsis : "");
        var shift = from > 0 ? Ellipsis.Length - from : -from;
        var highlights = spans
            .Select(s => (Start: Math.Max(s.Start, from), End: Math.Min(s.Start + s.Length, to)))
            .Where(s => s.End > s.Start)
            .Select(s => new SnippetHighlight(s.Start + shift, s.End - s.Start))
            .ToList();
        return (snippet, highlights);
    }

    /// <summary>The [from, to) range of the text to show: the evidence in the middle, widened to fill the budget.</summary>
    private static (int From, int To) Window(string text, List<(int Start, int Length)> spans, int maxChars)
    {
        if (text.Length <= maxChars)
        {
            return (0, text.Length);
        }

        var evidenceStart = spans.Count == 0 ? 0 : spans.Min(s => s.Start);
        var evidenceEnd = spans.Count == 0 ? 0 : spans.Max(s => s.Start + s.Length);
        if (evidenceEnd - evidenceStart >= maxChars)
        {
            // More evidence than fits: show its beginning.
            return (WordStartAtOrAfter(text, evidenceStart), WordEndAtOrBefore(text, evidenceStart + maxChars, evidenceStart));
        }

        var spare = maxChars - (evidenceEnd - evidenceStart);
        var from = Math.Max(0, evidenceStart - (spare / 2));
        var to = Math.Min(text.Length, from + maxChars);
        from = Math.Max(0, to - maxChars);
        return (WordStartAtOrAfter(text, Math.Min(from, evidenceStart)), WordEndAtOrBefore(text, Math.Max(to, evidenceEnd), evidenceEnd));
    }

    /// <summary>Moves forward to the start of a word unless already at one (never past <paramref name="index"/>'s word).</summary>
    private static int WordStartAtOrAfter(string text, int index)
    {
        if (index == 0 || char.IsWhiteSpace(text[index - 1]))
        {
            return SkipSpace(text, index);
        }

        var next = index;
        while (next < text.Length && !char.IsWhiteSpace(text[next]))
        {
            next++;
        }

        return next >= text.Length ? index : SkipSpace(text, next);
    }

    /// <summary>Moves back to the end of a word unless already at one, but not before <paramref name="floor"/>.</summary>
    private static int WordEndAtOrBefore(string text, int index, int floor)
    {
        if (index >= text.Length)
        {
            return text.Length;
        }

        var end = index;
        while (end > floor && !char.IsWhiteSpace(text[end]) && !char.IsWhiteSpace(text[end - 1]))
        {
            end--;
        }

        if (end == floor)
        {
            end = index;
        }

        while (end > floor && char.IsWhiteSpace(text[end - 1]))
        {
            end--;
        }

        return end;
    }

    private static int SkipSpace(string text, int index)
    {
        while (index < text.Length && char.IsWhiteSpace(text[index]))
        {
            index++;
        }

        return index;
    }
}
