using RagBot.Core.Text;
using RagBot.Retrieval;
using RagBot.UnitTests.Architecture;

namespace RagBot.UnitTests.Retrieval;

/// <summary>
/// The de-duplication signature decides exactly as the word-set Jaccard it replaced (HashSet of analysed terms), on
/// real text: every pair of paragraphs of the repository's guide pages and edited copies of them.
/// </summary>
public sealed class TermSignatureTests
{
    [Theory]
    [InlineData(0.85)]
    [InlineData(0.5)]
    [InlineData(0.2)]
    [InlineData(1.0)]
    public void Duplicate_decisions_match_the_word_set_jaccard(double threshold)
    {
        var texts = Paragraphs().ToList();
        var signatures = texts.Select(TermSignature.Of).ToList();
        var sets = texts.Select(t => TextAnalyzer.Terms(t).ToHashSet(StringComparer.Ordinal)).ToList();
        var duplicates = 0;
        for (var i = 0; i < texts.Count; i++)
        {
            for (var j = 0; j < texts.Count; j++)
            {
                var expected = Jaccard(sets[i], sets[j]) >= threshold;
                Assert.Equal(expected, signatures[i].IsDuplicateOf(signatures[j], threshold));
                duplicates += expected && i != j ? 1 : 0;
            }
        }

        // The edited copies make real near-duplicates, so both answers are exercised.
        Assert.True(duplicates > 0);
    }

    [Fact]
    public void Texts_without_terms_are_duplicates_of_each_other_only()
    {
        var empty = TermSignature.Of("the of and");
        var other = TermSignature.Of("...");
        var words = TermSignature.Of("walrus colony");

        Assert.True(empty.IsDuplicateOf(other, 0.85));
        Assert.False(empty.IsDuplicateOf(words, 0.85));
        Assert.Equal(0, empty.Count);
    }

    [Fact]
    public void The_signature_holds_exactly_the_analysers_terms_for_ascii_and_unicode_text()
    {
        // Non-ASCII text is folded by decomposition (é -> e, ﬁ -> fi); a word seen twice is learned once, in either form.
        string[] texts =
        [
            .. Paragraphs().Take(30),
            "Café crème, naïve façade: the ﬁnancial ﬁles were indexed, indexing and indexes ÉTÉ été",
            "İstanbul ǅemal Straße ﬀ ½ x² – ÀÉÎÕÜ àéîõü",
            "a " + new string('q', 5000) + "s walruses " + new string('z', 49) + "ing",
            "",
            "the of and",
        ];
        foreach (var text in texts.Concat(texts))
        {
            var expected = TextAnalyzer.Terms(text).Select(TermSignatureWords.HashOf).Distinct().Order().ToArray();
            var signature = TermSignature.Of(text);

            Assert.Equal(expected, signature.Hashes.ToArray());
        }
    }

    [Fact]
    public void The_cache_returns_the_signature_of_the_text_it_is_given()
    {
        var cache = new TermSignatureCache();
        var first = cache.Get("walrus colony on the ice");
        var again = cache.Get("walrus colony on the ice");
        var edited = cache.Get("heron nest by the river");

        Assert.Same(first, again);
        Assert.False(edited.IsDuplicateOf(first, 0.5));
    }

    internal static IEnumerable<string> Paragraphs()
    {
        var guide = Path.Combine(ProjectGraph.FindRepositoryRoot(), "docs", "guide");
        var paragraphs = Directory.GetFiles(guide, "*.md").Order(StringComparer.Ordinal)
            .SelectMany(f => File.ReadAllText(f).Split("\n\n"))
            .Where(p => p.Length > 200)
            .Take(60)
            .ToList();
        foreach (var paragraph in paragraphs)
        {
            yield return paragraph;

            // A copy with its last sentence cut and one with a word added: near-duplicates at several similarities.
            yield return paragraph[..(paragraph.Length * 9 / 10)];
            yield return paragraph + " Moreover.";
        }
    }

    private static double Jaccard(HashSet<string> a, HashSet<string> b)
    {
        if (a.Count == 0 && b.Count == 0)
        {
            return 1;
        }

        var shared = a.Count(b.Contains);
        return (double)shared / (a.Count + b.Count - shared);
    }
}
