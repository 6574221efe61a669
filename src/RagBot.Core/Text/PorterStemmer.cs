namespace RagBot.Core.Text;

/// <summary>
/// The Porter (1980) English stemmer, as the keyword index's FTS5 <c>porter</c> tokenizer and Lucene's English
/// analyzer apply it: "connection", "connected" and "connecting" all become "connect". More aggressive than
/// <see cref="LightStemmer"/>, so more inflections and derivations meet. Expects lower-case input; words of
/// one or two letters, of more than 64 letters, and words with anything but a-z are returned as they are.
/// </summary>
public static class PorterStemmer
{
    private static readonly (string Suffix, string Replacement)[] Step2Rules =
    [
        ("ational", "ate"), ("tional", "tion"), ("enci", "ence"), ("anci", "ance"), ("izer", "ize"), ("bli", "ble"),
        ("alli", "al"), ("entli", "ent"), ("eli", "e"), ("ousli", "ous"), ("ization", "ize"), ("ation", "ate"),
        ("ator", "ate"), ("alism", "al"), ("iveness", "ive"), ("fulness", "ful"), ("ousness", "ous"), ("aliti", "al"),
        ("iviti", "ive"), ("biliti", "ble"), ("logi", "log"),
    ];

    private static readonly (string Suffix, string Replacement)[] Step3Rules =
    [
        ("icate", "ic"), ("ative", ""), ("alize", "al"), ("iciti", "ic"), ("ical", "ic"), ("ful", ""), ("ness", ""),
    ];

    private static readonly string[] Step4Suffixes =
    [
        "al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment", "ent", "ion", "ou", "ism", "ate",
        "iti", "ous", "ive", "ize",
    ];

    private const int MaxWordLength = 64;

    public static string Stem(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        if (word.Length is <= 2 or > MaxWordLength || !IsLowerAscii(word))
        {
            return word;
        }

        Span<char> buffer = stackalloc char[word.Length];
        word.AsSpan().CopyTo(buffer);
        var length = word.Length;
        length = Step1A(buffer, length);
        length = Step1B(buffer, length);
        length = Step1C(buffer, length);
        length = ReplaceFirstMatch(buffer, length, Step2Rules, minMeasure: 1);
        length = ReplaceFirstMatch(buffer, length, Step3Rules, minMeasure: 1);
        length = Step4(buffer, length);
        length = Step5(buffer, length);
        return length == word.Length && buffer[..length].SequenceEqual(word) ? word : new string(buffer[..length]);
    }

    private static int Step1A(Span<char> w, int length)
    {
        var word = w[..length];
        if (word.EndsWith("sses") || word.EndsWith("ies"))
        {
            return length - 2;
        }

        return word.EndsWith("s") && !word.EndsWith("ss") ? length - 1 : length;
    }

    private static int Step1B(Span<char> w, int length)
    {
        var word = w[..length];
        if (word.EndsWith("eed"))
        {
            return Measure(w, length - 3) > 0 ? length - 1 : length;
        }

        int stem;
        if (word.EndsWith("ed") && HasVowel(w, length - 2))
        {
            stem = length - 2;
        }
        else if (word.EndsWith("ing") && HasVowel(w, length - 3))
        {
            stem = length - 3;
        }
        else
        {
            return length;
        }

        var rest = w[..stem];
        if (rest.EndsWith("at") || rest.EndsWith("bl") || rest.EndsWith("iz"))
        {
            w[stem] = 'e';
            return stem + 1;
        }

        if (EndsWithDoubleConsonant(w, stem) && w[stem - 1] is not ('l' or 's' or 'z'))
        {
            return stem - 1;
        }

        if (Measure(w, stem) == 1 && EndsConsonantVowelConsonant(w, stem))
        {
            w[stem] = 'e';
            return stem + 1;
        }

        return stem;
    }

    private static int Step1C(Span<char> w, int length)
    {
        if (w[length - 1] == 'y' && HasVowel(w, length - 1))
        {
            w[length - 1] = 'i';
        }

        return length;
    }

    private static int ReplaceFirstMatch(Span<char> w, int length, (string Suffix, string Replacement)[] rules, int minMeasure)
    {
        foreach (var (suffix, replacement) in rules)
        {
            if (!w[..length].EndsWith(suffix))
            {
                continue;
            }

            var stem = length - suffix.Length;
            if (Measure(w, stem) < minMeasure)
            {
                return length;
            }

            replacement.AsSpan().CopyTo(w[stem..]);
            return stem + replacement.Length;
        }

        return length;
    }

    private static int Step4(Span<char> w, int length)
    {
        foreach (var suffix in Step4Suffixes)
        {
            if (!w[..length].EndsWith(suffix))
            {
                continue;
            }

            var stem = length - suffix.Length;
            var allowed = Measure(w, stem) > 1 && (suffix != "ion" || (stem > 0 && w[stem - 1] is 's' or 't'));
            return allowed ? stem : length;
        }

        return length;
    }

    private static int Step5(Span<char> w, int length)
    {
        if (w[length - 1] == 'e')
        {
            var measure = Measure(w, length - 1);
            if (measure > 1 || (measure == 1 && !EndsConsonantVowelConsonant(w, length - 1)))
            {
                length--;
            }
        }

        if (length > 1 && w[length - 1] == 'l' && EndsWithDoubleConsonant(w, length) && Measure(w, length) > 1)
        {
            length--;
        }

        return length;
    }

    /// <summary>Porter's m: the number of vowel-consonant sequences in the first <paramref name="length"/> letters.</summary>
    private static int Measure(ReadOnlySpan<char> w, int length)
    {
        var measure = 0;
        var previousWasVowel = false;
        for (var i = 0; i < length; i++)
        {
            var consonant = IsConsonant(w, i);
            if (consonant && previousWasVowel)
            {
                measure++;
            }

            previousWasVowel = !consonant;
        }

        return measure;
    }

    private static bool HasVowel(ReadOnlySpan<char> w, int length)
    {
        for (var i = 0; i < length; i++)
        {
            if (!IsConsonant(w, i))
            {
                return true;
            }
        }

        return false;
    }

    private static bool EndsWithDoubleConsonant(ReadOnlySpan<char> w, int length) =>
        length >= 2 && w[length - 1] == w[length - 2] && IsConsonant(w, length - 1);

    /// <summary>Porter's *o: the stem ends consonant-vowel-consonant and the last consonant is not w, x or y.</summary>
    private static bool EndsConsonantVowelConsonant(ReadOnlySpan<char> w, int length) =>
        length >= 3 && IsConsonant(w, length - 3) && !IsConsonant(w, length - 2) && IsConsonant(w, length - 1) &&
        w[length - 1] is not ('w' or 'x' or 'y');

    private static bool IsConsonant(ReadOnlySpan<char> w, int i) => w[i] switch
    {
        'a' or 'e' or 'i' or 'o' or 'u' => false,
        'y' => i == 0 || !IsConsonant(w, i - 1),
        _ => true,
    };

    private static bool IsLowerAscii(string word)
    {
        foreach (var c in word)
        {
            if (c is < 'a' or > 'z')
            {
                return false;
            }
        }

        return true;
    }
}
