using RagBot.Core.Text;

namespace RagBot.UnitTests.Core;

public sealed class TextAnalyzerTests
{
    [Theory]
    [InlineData("indexes", "index")]
    [InlineData("indexing", "index")]
    [InlineData("indexed", "index")]
    [InlineData("queries", "query")]
    [InlineData("embeddings", "embed")]
    [InlineData("embedding", "embed")]
    [InlineData("classes", "class")]
    [InlineData("status", "status")]
    public void Stemmer_conflates_inflections(string word, string stem) => Assert.Equal(stem, LightStemmer.Stem(word));

    [Fact]
    public void Terms_fold_case_and_diacritics_and_drop_stop_words()
    {
        Assert.Equal(["cafe", "upload", "limit"], TextAnalyzer.Terms("The Café's UPLOAD limits"));
    }
}
