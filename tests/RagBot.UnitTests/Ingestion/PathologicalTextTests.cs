using System.Text;
using CsCheck;
using Microsoft.Extensions.Options;
using Microsoft.ML.Tokenizers;
using RagBot.Core.Documents;
using RagBot.Ingestion.Chunking;

namespace RagBot.UnitTests.Ingestion;

/// <summary>
/// Text shaped to make tiktoken's byte-pair merge quadratic (one long pre-token) must cost work linear in its length
/// in the counter and the chunker. Work is measured, not timed: the sum of the squared lengths of the texts handed to
/// the tokenizer (<see cref="TokenCounter.TokenizerWorkOnThisThread"/>), an upper estimate of the merge steps.
/// </summary>
public sealed class PathologicalTextTests
{
    private const int BaseLength = 8 * 1024;
    private static readonly Tokenizer Tokenizer = TiktokenTokenizer.CreateForModel("gpt-4");

    /// <summary>Adversarial shapes: each builds a text of the given length from a random seed.</summary>
    private static readonly (string Name, Func<Random, int, string> Build)[] Shapes =
    [
        ("one long word", (random, length) => Repeat(random, length, "abcdefghijklmnopqrstuvwxyz")),
        ("one letter repeated", (_, length) => new string('a', length)),
        ("deep brackets", (_, length) => new string('[', length)),
        ("repeated punctuation", (random, length) => Repeat(random, length, "!?.,;:-=*#[](){}<>/\\")),
        ("no whitespace at all", (random, length) => Repeat(random, length, "abcXYZ0123456789.,;:!?[](){}-_'\"/")),
        ("long line of words", (random, length) => RepeatWords(random, length, " ")),
        ("blank run", (_, length) => new string(' ', length)),
        ("line breaks only", (_, length) => new string('\n', length)),
        ("CSV field", (random, length) => "id,text\n1,\"" + Repeat(random, length, "abcdefghij") + "\"\n"),
        ("CJK without spaces", (random, length) => Repeat(random, length, "東京大阪名古屋札幌福岡京都神戸")),
    ];

    [Fact]
    public void Counting_and_chunking_work_grows_linearly_for_adversarial_shapes()
    {
        var counter = new TokenCounter(Tokenizer);
        var chunker = new TokenChunker(Tokenizer, Options.Create(new ChunkingOptions()));
        Gen.Select(Gen.Int[0, Shapes.Length - 1], Gen.Int[0, 1_000_000]).Sample(
            (shape, seed) =>
            {
                var (name, build) = Shapes[shape];
                var small = build(new Random(seed), BaseLength);
                var large = build(new Random(seed), 8 * BaseLength);
                foreach (var measure in new Func<string, long>[] { text => Work(() => counter.Count(text)), text => Work(() => chunker.Chunk(Document(text), TestContext.Current.CancellationToken)) })
                {
                    var smallWork = measure(small);
                    var largeWork = measure(large);
                    // Bounded pieces: MaxPieceLength steps per character per pass (the chunker counts a section, then its sentences, then cuts).
                    Assert.True(largeWork <= 4L * TokenCounter.MaxPieceLength * large.Length, $"{name}: {largeWork} merge steps for {large.Length} characters");
                    // Linear: 8x the text never costs much more than 8x the work (quadratic work would be 64x).
                    Assert.True(largeWork <= 12 * Math.Max(smallWork, small.Length), $"{name}: {smallWork} steps for 1x, {largeWork} for 8x");
                }
            },
            iter: 20,
            threads: 1);
    }

    [Fact]
    public void Chunks_of_adversarial_text_respect_the_target_and_cover_the_text()
    {
        var chunker = new TokenChunker(Tokenizer, Options.Create(new ChunkingOptions { TargetTokens = 64, OverlapTokens = 0 }));
        foreach (var (name, build) in Shapes)
        {
            var text = build(new Random(7), 20_000);
            var chunks = chunker.Chunk(Document(text), TestContext.Current.CancellationToken);
            Assert.True(string.IsNullOrWhiteSpace(text) ? chunks.Count == 0 : chunks.Count > 0, name);
            Assert.All(chunks, c => Assert.InRange(c.TokenCount, 0, 64));
            // No overlap asked: the chunks, in order, hold every non-blank character exactly once.
            Assert.Equal(NonBlank(text), NonBlank(string.Concat(chunks.Select(c => c.Text))));
        }
    }

    [Fact]
    public void Counts_of_pathological_runs_stay_close_to_the_tokenizer()
    {
        var counter = new TokenCounter(Tokenizer);
        foreach (var (name, build) in Shapes)
        {
            var text = build(new Random(3), 3_000); // short enough for the tokenizer's own quadratic merge
            var exact = Tokenizer.CountTokens(text);
            // Never far below (a chunk must not exceed the target); above by up to 4x where one character repeats (its
            // 32-character slices take a token or more each, where the whole run merges into few long tokens).
            Assert.True(counter.Count(text) >= exact * 0.8 && counter.Count(text) <= (exact * 4) + 2, $"{name}: {counter.Count(text)} against {exact}");
        }
    }

    private static long Work(Action action)
    {
        var before = TokenCounter.TokenizerWorkOnThisThread;
        action();
        return TokenCounter.TokenizerWorkOnThisThread - before;
    }

    private static string NonBlank(string text) => string.Concat(text.Where(c => !char.IsWhiteSpace(c)));

    private static ParsedDocument Document(string text) => new([new DocumentSection(text, [])]);

    private static string Repeat(Random random, int length, string alphabet)
    {
        var builder = new StringBuilder(length);
        while (builder.Length < length)
        {
            builder.Append(alphabet[random.Next(alphabet.Length)]);
        }

        return builder.ToString();
    }

    private static string RepeatWords(Random random, int length, string separator)
    {
        string[] words = ["the", "harbor", "keeper", "rotates", "lamp", "every", "night", "logged", "index", "42"];
        var builder = new StringBuilder(length);
        while (builder.Length < length)
        {
            builder.Append(words[random.Next(words.Length)]).Append(separator);
        }

        return builder.ToString(0, length);
    }
}
