namespace RagBot.Core.Text;

/// <summary>
/// A small, conservative English suffix stripper (plurals, -ing, -ed, -ly, -ation...). It conflates the
/// common inflections so "indexes", "indexing" and "indexed" meet, without Porter's aggressive cuts.
/// </summary>
public static class LightStemmer
{
    private static readonly (string Suffix, string Replacement, int MinStem)[] Rules =
    [
        ("ational", "ate", 3), ("ization", "ize", 3), ("ations", "ate", 3), ("ation", "ate", 3),
        ("fulness", "ful", 3), ("iveness", "ive", 3), ("ousness", "ous", 3),
        ("ements", "", 4), ("ement", "", 4), ("ments", "", 4), ("ment", "", 4),
        ("ities", "", 4), ("ity", "", 4), ("ness", "", 4), ("ingly", "", 4), ("edly", "", 4),
        ("ings", "", 3), ("ing", "", 3), ("ed", "", 4), ("ly", "", 4), ("ies", "y", 2), ("sses", "ss", 2),
        ("ers", "", 4), ("er", "", 4), ("es", "", 4), ("s", "", 3),
    ];

    public static string Stem(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        if (word.Length <= 3 || !char.IsLetter(word[^1]))
        {
            return word;
        }

        foreach (var (suffix, replacement, minStem) in Rules)
        {
            if (word.Length - suffix.Length < minStem || !word.EndsWith(suffix, StringComparison.Ordinal))
            {
                continue;
            }

            if (suffix == "s" && (word.EndsWith("ss", StringComparison.Ordinal) || word.EndsWith("us", StringComparison.Ordinal) || word.EndsWith("is", StringComparison.Ordinal)))
            {
                return word;
            }

            var stem = word[..^suffix.Length] + replacement;
            return replacement.Length == 0 ? UndoubleConsonant(stem) : stem;
        }

        return word;
    }

    private static string UndoubleConsonant(string stem)
    {
        if (stem.Length >= 4 && stem[^1] == stem[^2] && !"aeioulsz".Contains(stem[^1], StringComparison.Ordinal))
        {
            return stem[..^1];
        }

        return stem;
    }
}
