using RagBot.Core.Text;

namespace RagBot.UnitTests.Core;

public sealed class PorterStemmerTests
{
    // Examples from Porter's 1980 paper, step by step, and the classic "connect" family.
    [Theory]
    [InlineData("caresses", "caress")]
    [InlineData("ponies", "poni")]
    [InlineData("ties", "ti")]
    [InlineData("cats", "cat")]
    [InlineData("feed", "feed")]
    [InlineData("agreed", "agre")]
    [InlineData("plastered", "plaster")]
    [InlineData("bled", "bled")]
    [InlineData("motoring", "motor")]
    [InlineData("sing", "sing")]
    [InlineData("conflated", "conflat")]
    [InlineData("troubled", "troubl")]
    [InlineData("sized", "size")]
    [InlineData("hopping", "hop")]
    [InlineData("falling", "fall")]
    [InlineData("hissing", "hiss")]
    [InlineData("filing", "file")]
    [InlineData("happy", "happi")]
    [InlineData("sky", "sky")]
    [InlineData("relational", "relat")]
    [InlineData("generalizations", "gener")]
    [InlineData("oscillators", "oscil")]
    [InlineData("adjustable", "adjust")]
    [InlineData("controlling", "control")]
    [InlineData("connection", "connect")]
    [InlineData("connections", "connect")]
    [InlineData("connected", "connect")]
    [InlineData("connecting", "connect")]
    public void Stems_like_porter(string word, string stem) => Assert.Equal(stem, PorterStemmer.Stem(word));

    [Theory]
    [InlineData("is")]
    [InlineData("x86")]
    [InlineData("Running")]
    [InlineData("naïve")]
    public void Leaves_short_and_non_lowercase_ascii_words_alone(string word) => Assert.Equal(word, PorterStemmer.Stem(word));

    [Fact]
    public void Leaves_overlong_tokens_alone() => Assert.Equal(new string('a', 65) + "ing", PorterStemmer.Stem(new string('a', 65) + "ing"));
}
