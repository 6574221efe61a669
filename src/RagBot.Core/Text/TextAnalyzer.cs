using System.Globalization;
using System.Text;

namespace RagBot.Core.Text;

/// <summary>
/// Turns text into normalized search terms: Unicode-folded, lower-case, diacritics removed, split on
/// anything that is not a letter or digit, English stop words dropped, and lightly stemmed.
/// Used by the local embedder and the extractive answerer so both see the same words.
/// </summary>
public static class TextAnalyzer
{
    /// <summary>Normalized, stemmed terms of <paramref name="text"/> without stop words.</summary>
    public static List<string> Terms(string text)
    {
        var terms = new List<string>();
        foreach (var word in Words(text))
        {
            if (!StopWords.Contains(word))
            {
                terms.Add(LightStemmer.Stem(word));
            }
        }

        return terms;
    }

    /// <summary>Lower-case words without diacritics, stop words kept, not stemmed.</summary>
    public static IEnumerable<string> Words(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var folded = Fold(text);
        foreach (var (start, length) in WordSpans(folded))
        {
            yield return folded.Substring(start, length);
        }
    }

    /// <summary>Where the words of a <see cref="Fold"/>ed text are: runs of letters and digits.</summary>
    public static IEnumerable<(int Start, int Length)> WordSpans(string folded)
    {
        ArgumentNullException.ThrowIfNull(folded);
        var start = -1;
        for (var i = 0; i <= folded.Length; i++)
        {
            var isWordChar = i < folded.Length && char.IsLetterOrDigit(folded[i]);
            if (isWordChar && start < 0)
            {
                start = i;
            }
            else if (!isWordChar && start >= 0)
            {
                yield return (start, i - start);
                start = -1;
            }
        }
    }

    /// <summary>Unicode-folded (compatibility decomposition, diacritics removed) and lower-cased.</summary>
    public static string Fold(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (System.Text.Ascii.IsValid(text))
        {
            return text.ToLowerInvariant();
        }

        var decomposed = text.Normalize(NormalizationForm.FormKD);
        var builder = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                builder.Append(char.ToLowerInvariant(c));
            }
        }

        return builder.ToString();
    }
}
