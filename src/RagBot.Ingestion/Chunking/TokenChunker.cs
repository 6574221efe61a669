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
        var text = new SectionText(document.Sections);
        var units = Units(document, text, cancellationToken);
        var chunks = new List<(int First, int Last)>();

        // The chunk being packed is always a run of consecutive units: [first, next), the overlap included.
        var first = 0;
        var currentTokens = 0;
        var hasNewText = false;
        for (var next = 0; next < units.Count; next++)
        {
            var unit = units[next];
            var fits = currentTokens + unit.Tokens <= _options.TargetTokens;
            var sameHeading = first == next || units[next - 1].HeadingPath == unit.HeadingPath;
            if ((!fits || !sameHeading) && hasNewText)
            {
                chunks.Add((first, next - 1));
                first = sameHeading ? OverlapStart(units, first, next, unit.Tokens) : next;
                currentTokens = 0;
                for (var i = first; i < next; i++)
                {
                    currentTokens += units[i].Tokens;
                }

                hasNewText = false;
            }
            else if (!fits || !sameHeading)
            {
                first = next;
                currentTokens = 0;
            }

            currentTokens += unit.Tokens;
            hasNewText = true;
        }

        if (hasNewText)
        {
            chunks.Add((first, units.Count - 1));
        }

        return new ChunkList(text, units, chunks);
    }

    /// <summary>Where the next chunk starts: the last units of [first, next) that fit the overlap budget, or next.</summary>
    private int OverlapStart(List<ChunkUnit> units, int first, int next, int nextTokens)
    {
        var tokens = 0;
        var start = next;
        for (var i = next - 1; i >= first; i--)
        {
            tokens += units[i].Tokens;
            if (tokens > _options.OverlapTokens || tokens + nextTokens > _options.TargetTokens)
            {
                break;
            }

            start = i;
        }

        return start;
    }

    private List<ChunkUnit> Units(ParsedDocument document, SectionText text, CancellationToken cancellationToken)
    {
        var units = new List<ChunkUnit>();
        IReadOnlyList<string>? lastPath = null;
        var heading = "";
        for (var s = 0; s < document.Sections.Count; s++)
        {
            var section = document.Sections[s];
            var start = text.StartOf(s);
            if (section.Kind == SectionKind.Heading || string.IsNullOrWhiteSpace(section.Text))
            {
                continue;
            }

            cancellationToken.ThrowIfCancellationRequested();

            // Parsers hand consecutive sections the same path instance: one string per heading, not per section.
            if (!ReferenceEquals(section.HeadingPath, lastPath))
            {
                var joined = string.Join(" > ", section.HeadingPath);
                heading = joined == heading ? heading : joined;
                lastPath = section.HeadingPath;
            }

            var tokens = _counter.Count(section.Text);
            if (tokens <= _options.TargetTokens)
            {
                units.Add(new ChunkUnit(start, start + section.Text.Length, tokens, heading, section.Page));
                continue;
            }

            foreach (var range in SentenceSplitter.SplitRanges(section.Text))
            {
                AddSentence(units, section.Text, start, range.Start.Value, range.End.Value, heading, section.Page, cancellationToken);
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
    private void AddSentence(List<ChunkUnit> units, string text, int sectionStart, int start, int end, string heading, int page, CancellationToken cancellationToken)
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
                    units.Add(new ChunkUnit(sectionStart + start, sectionStart + end, head + tokensFrom[piece + 1], heading, page));
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
            units.Add(new ChunkUnit(sectionStart + start, sectionStart + cut, fitting + cutTokens, heading, page));
            start = cut;
        }
    }
}
