using Microsoft.Extensions.Options;
using Microsoft.ML.Tokenizers;
using RagBot.Core.Chunks;
using RagBot.Core.Documents;
using RagBot.Core.Text;

namespace RagBot.Ingestion.Chunking;

/// <summary>
/// Packs a document's sections into chunks of at most <see cref="ChunkingOptions.TargetTokens"/> tokens.
/// A section that fits stays whole (so a table or list item is never cut); a longer one is cut at sentence
/// ends, and only a sentence longer than a chunk is cut by tokens. A chunk never spans two heading paths.
/// Each chunk starts with the last sentences of the previous one, up to <see cref="ChunkingOptions.OverlapTokens"/>.
/// </summary>
public sealed class TokenChunker : IChunker
{
    private readonly TokenCounter _counter;
    private readonly ChunkingOptions _options;

    public TokenChunker(Tokenizer tokenizer, IOptions<ChunkingOptions> options)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        ArgumentNullException.ThrowIfNull(options);
        _counter = new TokenCounter(tokenizer);
        _options = options.Value;
    }

    public IReadOnlyList<TextChunk> Chunk(ParsedDocument document) => Chunk(document, CancellationToken.None);

    public IReadOnlyList<TextChunk> Chunk(ParsedDocument document, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        var text = document.ExtractedText;
        var units = Units(document, text, cancellationToken);
        var chunks = new List<TextChunk>();
        var current = new List<ChunkUnit>();
        var currentTokens = 0;
        var hasNewText = false;
        foreach (var unit in units)
        {
            var fits = currentTokens + unit.Tokens <= _options.TargetTokens;
            var sameHeading = current.Count == 0 || current[^1].HeadingPath == unit.HeadingPath;
            if ((!fits || !sameHeading) && hasNewText)
            {
                chunks.Add(Build(chunks.Count, current, text));
                current = sameHeading ? Overlap(current, unit.Tokens) : [];
                currentTokens = current.Sum(u => u.Tokens);
                hasNewText = false;
            }
            else if (!fits || !sameHeading)
            {
                current.Clear();
                currentTokens = 0;
            }

            current.Add(unit);
            currentTokens += unit.Tokens;
            hasNewText = true;
        }

        if (hasNewText)
        {
            chunks.Add(Build(chunks.Count, current, text));
        }

        return chunks;
    }

    private List<ChunkUnit> Overlap(List<ChunkUnit> previous, int nextTokens)
    {
        var overlap = new List<ChunkUnit>();
        var tokens = 0;
        for (var i = previous.Count - 1; i >= 0; i--)
        {
            tokens += previous[i].Tokens;
            if (tokens > _options.OverlapTokens || tokens + nextTokens > _options.TargetTokens)
            {
                break;
            }

            overlap.Insert(0, previous[i]);
        }

        return overlap;
    }

    private static TextChunk Build(int ordinal, List<ChunkUnit> units, string text)
    {
        var raw = text.AsSpan(units[0].Start, units[^1].End - units[0].Start);
        var textStart = units[0].Start + (raw.Length - raw.TrimStart().Length);
        return new TextChunk
        {
            Ordinal = ordinal,
            Text = raw.Trim().ToString(),
            HeadingPath = units[0].HeadingPath,
            PageStart = units.Min(u => u.Page),
            PageEnd = units.Max(u => u.Page),
            PageBreaks = ChunkPageMap.Format(PageBreaks(units, textStart)),
            CharStart = units[0].Start,
            CharEnd = units[^1].End,
            TokenCount = units.Sum(u => u.Tokens),
        };
    }

    /// <summary>Where each unit on a new page starts, relative to the chunk text, so a quoted sentence maps to its page.</summary>
    private static IEnumerable<(int Offset, int Page)> PageBreaks(List<ChunkUnit> units, int textStart)
    {
        for (var i = 1; i < units.Count; i++)
        {
            if (units[i].Page != units[i - 1].Page)
            {
                yield return (Math.Max(0, units[i].Start - textStart), units[i].Page);
            }
        }
    }

    private List<ChunkUnit> Units(ParsedDocument document, string text, CancellationToken cancellationToken)
    {
        var units = new List<ChunkUnit>();
        var offset = 0;
        foreach (var section in document.Sections)
        {
            var start = offset;
            offset += section.Text.Length + ParsedDocument.SectionSeparator.Length;
            if (section.Kind == SectionKind.Heading || string.IsNullOrWhiteSpace(section.Text))
            {
                continue;
            }

            cancellationToken.ThrowIfCancellationRequested();
            var heading = string.Join(" > ", section.HeadingPath);
            var tokens = _counter.Count(section.Text);
            if (tokens <= _options.TargetTokens)
            {
                units.Add(new ChunkUnit(start, start + section.Text.Length, tokens, heading, section.Page));
                continue;
            }

            foreach (var range in SentenceSplitter.SplitRanges(section.Text))
            {
                AddSentence(units, text, start + range.Start.Value, start + range.End.Value, heading, section.Page, cancellationToken);
            }
        }

        return units;
    }

    /// <summary>
    /// Cuts a sentence longer than a chunk into units of at most TargetTokens tokens. The sentence is counted once, in
    /// bounded pieces (<see cref="TokenCounter.AddPieces"/>), and each cut is looked for only in the piece where the
    /// budget runs out: linear in the sentence's length, with the same cuts as cutting the whole rest each time, since
    /// pieces end where the tokenizer's pre-tokens do.
    /// </summary>
    private void AddSentence(List<ChunkUnit> units, string text, int start, int end, string heading, int page, CancellationToken cancellationToken)
    {
        var sentenceStart = start;
        var pieces = new List<(int End, int Tokens)>();
        _counter.AddPieces(text.AsSpan(start, end - start), pieces);
        var tokensFrom = new int[pieces.Count + 1]; // tokensFrom[k]: tokens of pieces k and after
        for (var k = pieces.Count - 1; k >= 0; k--)
        {
            tokensFrom[k] = tokensFrom[k + 1] + pieces[k].Tokens;
        }

        var piece = 0;
        while (start < end)
        {
            cancellationToken.ThrowIfCancellationRequested();
            while (sentenceStart + pieces[piece].End <= start)
            {
                piece++;
            }

            var pieceStart = piece == 0 ? sentenceStart : sentenceStart + pieces[piece - 1].End;
            var pieceEnd = sentenceStart + pieces[piece].End;
            var head = start == pieceStart ? pieces[piece].Tokens : _counter.Count(text.AsSpan(start, pieceEnd - start));
            if (head + tokensFrom[piece + 1] <= _options.TargetTokens)
            {
                if (!text.AsSpan(start, end - start).IsWhiteSpace())
                {
                    units.Add(new ChunkUnit(start, end, head + tokensFrom[piece + 1], heading, page));
                }

                return;
            }

            // Whole pieces while they fit, then the cut inside the piece where the budget runs out.
            var fitting = 0;
            var windowStart = start;
            var window = piece;
            var windowTokens = head;
            while (fitting + windowTokens <= _options.TargetTokens)
            {
                fitting += windowTokens;
                windowStart = sentenceStart + pieces[window].End;
                window++;
                windowTokens = pieces[window].Tokens;
            }

            var windowEnd = sentenceStart + pieces[window].End;
            var budget = _options.TargetTokens - fitting;
            var cutTokens = 0;
            var cut = budget == 0 ? windowStart : windowStart + _counter.IndexByTokenCount(text.AsSpan(windowStart, windowEnd - windowStart), budget, out cutTokens);
            cut = Math.Max(start + 1, cut);
            units.Add(new ChunkUnit(start, cut, fitting + cutTokens, heading, page));
            start = cut;
        }
    }
}
