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

    /// <summary>Where the words of a <see cref="Fold(string)"/>ed text are: runs of letters and digits.</summary>
    public static IEnumerable<(int Start, int Length)> WordSpans(string folded)
    {
        ArgumentNullException.ThrowIfNull(folded);
        var position = 0;
        while (NextWord(folded, ref position, out var start, out var length))
        {
            yield return (start, length);
        }
    }

    /// <summary>
    /// Finds the next word (run of letters and digits) of a folded text at or after <paramref name="position"/>,
    /// and moves <paramref name="position"/> past it. The allocation-free form of <see cref="WordSpans"/>.
    /// </summary>
    public static bool NextWord(ReadOnlySpan<char> folded, ref int position, out int start, out int length)
    {
        while (position < folded.Length && !char.IsLetterOrDigit(folded[position]))
        {
            position++;
        }

        start = position;
        while (position < folded.Length && char.IsLetterOrDigit(folded[position]))
        {
            position++;
        }

        length = position - start;
        return length > 0;
    }

    /// <summary>
    /// <see cref="Fold(string)"/> without allocating for ASCII text, which is lower-cased into <paramref name="buffer"/>
    /// (grown when too small); other text is folded into a new string.
    /// </summary>
    public static ReadOnlySpan<char> Fold(string text, ref char[] buffer)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(buffer);
        if (!Ascii.IsValid(text))
        {
            return Fold(text);
        }

        if (buffer.Length < text.Length)
        {
            buffer = new char[Math.Max(text.Length, buffer.Length * 2)];
        }

        Ascii.ToLower(text, buffer, out var written);
        return buffer.AsSpan(0, written);
    }

    /// <summary>Unicode-folded (compatibility decomposition, diacritics removed) and lower-cased.</summary>
    public static string Fold(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (Ascii.IsValid(text))
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
