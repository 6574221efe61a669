using System.Buffers;
using System.Text;

namespace RagBot.Ingestion.Parsers;

/// <summary>
/// Decodes text files: UTF-8 unless a byte order mark says UTF-16 or UTF-32, refusing invalid bytes and
/// binary content instead of guessing a legacy code page and indexing mojibake.
/// </summary>
internal static class StrictTextDecoder
{
    private const double MaxControlCharacterShare = 0.02;

    public static string Decode(ReadOnlySpan<byte> bytes, string formatName)
    {
        var (encoding, bomLength) = DetectEncoding(bytes);
        string text;
        try
        {
            text = encoding.GetString(bytes[bomLength..]);
        }
        catch (DecoderFallbackException ex)
        {
            var at = ex.Index >= 0 ? $" near byte {ex.Index + bomLength}" : string.Empty;
            throw ParserFailure.Unreadable(
                $"The {formatName} file is not valid {encoding.WebName.ToUpperInvariant()} text (invalid byte sequence{at}). " +
                "Save it with UTF-8 encoding and upload it again.",
                ex);
        }

        return RemoveControlCharacters(text, formatName);
    }

    /// <summary>The encoding a byte order mark announces, or strict UTF-8 when there is none.</summary>
    public static (Encoding Encoding, int BomLength) DetectEncoding(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            return (StrictUtf8, 3);
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE, 0x00, 0x00]))
        {
            return (new UTF32Encoding(bigEndian: false, byteOrderMark: false, throwOnInvalidCharacters: true), 4);
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0x00, 0x00, 0xFE, 0xFF]))
        {
            return (new UTF32Encoding(bigEndian: true, byteOrderMark: false, throwOnInvalidCharacters: true), 4);
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            return (new UnicodeEncoding(bigEndian: false, byteOrderMark: false, throwOnInvalidBytes: true), 2);
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return (new UnicodeEncoding(bigEndian: true, byteOrderMark: false, throwOnInvalidBytes: true), 2);
        }

        return (StrictUtf8, 0);
    }

    public static Encoding StrictUtf8 { get; } = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static bool IsAllowedControl(char c) => c is '\t' or '\n' or '\r' or '\f' or '\v';

    // NUL and every control character IsAllowedControl refuses (char.IsControl: U+0000-U+001F and U+007F-U+009F).
    private static readonly SearchValues<char> DisallowedControls = SearchValues.Create(
        [.. Enumerable.Range(0, 0x20).Concat(Enumerable.Range(0x7F, 0x21)).Select(i => (char)i).Where(c => !IsAllowedControl(c))]);

    private static string RemoveControlCharacters(string text, string formatName)
    {
        if (!text.AsSpan().ContainsAny(DisallowedControls))
        {
            return text;
        }

        var controls = 0;
        foreach (var c in text)
        {
            if (c == '\0')
            {
                throw ParserFailure.Unreadable(
                    $"The {formatName} file contains NUL bytes, which text never has; it looks like a binary file with a text file's name.");
            }

            if (char.IsControl(c) && !IsAllowedControl(c))
            {
                controls++;
            }
        }

        if (controls == 0)
        {
            return text;
        }

        if (controls > Math.Max(8, text.Length * MaxControlCharacterShare))
        {
            throw ParserFailure.Unreadable(
                $"The {formatName} file has {controls} control characters in {text.Length} characters; it looks like a binary file, not text.");
        }

        return string.Concat(text.Where(c => !char.IsControl(c) || IsAllowedControl(c)));
    }
}
