using CsCheck;
using Microsoft.ML.Tokenizers;
using RagBot.Ingestion.Chunking;

namespace RagBot.UnitTests.Ingestion;

/// <summary>The piece-caching counter must agree with the tokenizer on every text, not only on prose.</summary>
public sealed class TokenCounterTests
{
    private static readonly Tokenizer Tokenizer = TiktokenTokenizer.CreateForModel("gpt-4");

    // Characters on both sides of every pre-tokenizer rule: spaces of several kinds, line breaks, letters in
    // several scripts, digits, apostrophes (contractions), punctuation, a surrogate pair and a special token.
    private static readonly string[] Atoms =
    [
        " ", " ", " ", "  ", "\t", "\n", "\r\n", "\u00a0", "\u2003", "\u0085", "a", "b", "Z", "é", "ß", "ж", "中", "ا", "1", "23", "4567",
        "'", "'s", "'LL", "'re", ".", ",", "-", "!", "?", "(", ")", "#", "|", "`", "\"", "😀", "<|endoftext|>", "word", "The", "index",
    ];

    [Fact]
    public void Agrees_with_the_tokenizer_on_random_texts()
    {
        var counter = new TokenCounter(Tokenizer);
        Gen.Int[0, Atoms.Length - 1].Select(i => Atoms[i]).Array[0, 200].Select(atoms => string.Concat(atoms)).Sample(
            text => Assert.Equal(Tokenizer.CountTokens(text), counter.Count(text)),
            iter: 3_000);
    }

    [Fact]
    public void Agrees_with_the_tokenizer_on_documents()
    {
        var counter = new TokenCounter(Tokenizer);
        string[] texts =
        [
            "# Handbook\n\nThe harbor keeper rotates the lamp every night. Don't skip it; it's logged.\n\n- item one\n- item two\n",
            "| item | quantity | note |\n|---|---|---|\n| crate | 12 | fragile, keep dry |\n",
            "Prices:  $1,234.56 and  €99  (approx.)   end   ",
            "Grüße aus München — naïve café; 東京は大きい。 Привет, мир!",
            "code:  var x = a   + b;\n    return x;\r\n\r\n   trailing   ",
            string.Join(' ', Enumerable.Repeat("the index answers the query with cited chunks.", 300)),
        ];

        foreach (var text in texts)
        {
            Assert.Equal(Tokenizer.CountTokens(text), counter.Count(text));
            Assert.Equal(Tokenizer.CountTokens(text), counter.Count(text)); // second time from the cache
        }
    }

    [Fact]
    public void Empty_and_blank_texts()
    {
        var counter = new TokenCounter(Tokenizer);
        foreach (var text in new[] { "", " ", "   ", "\n\n" })
        {
            Assert.Equal(Tokenizer.CountTokens(text), counter.Count(text));
        }
    }
}
