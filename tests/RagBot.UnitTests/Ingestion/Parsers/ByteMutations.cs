using CsCheck;

namespace RagBot.UnitTests.Ingestion.Parsers;

/// <summary>Generators of hostile inputs: random bytes, syntax soup and mutations of valid files.</summary>
internal static class ByteMutations
{
    private const string Syntax = "<>/\"'{}[]():,;|#*_`~-=!&\\%\n\r\t abcXYZ019éß";

    public static Gen<byte[]> RandomBytes { get; } = Gen.Byte.Array[0, 4096];

    /// <summary>Valid UTF-8 made of characters that mean something to markup and data formats.</summary>
    public static Gen<byte[]> SyntaxSoup { get; } =
        Gen.Char[Syntax].Array[0, 2000].Select(chars => System.Text.Encoding.UTF8.GetBytes(chars));

    /// <summary>
    /// The original with 1 to 8 edits: flipped or set bytes, deleted, duplicated or inserted ranges, truncation, and
    /// inserted markup characters (which keep text valid UTF-8, so the edit reaches the parser behind the decoder).
    /// </summary>
    public static Gen<byte[]> Mutants(byte[] original) =>
        Gen.Select(Gen.Int[0, 6], Gen.Int[0, int.MaxValue], Gen.Int[1, 256], Gen.Byte)
            .Array[1, 8]
            .Select(edits => edits.Aggregate(original, (bytes, edit) => Apply(bytes, edit.Item1, edit.Item2, edit.Item3, edit.Item4)));

    private static byte[] Apply(byte[] bytes, int kind, int seed, int length, byte value)
    {
        var position = bytes.Length == 0 ? 0 : seed % bytes.Length;
        var span = Math.Min(length, bytes.Length - position);
        return kind switch
        {
            0 => Replace(bytes, position, (byte)(bytes.Length == 0 ? value : bytes[position] ^ (value | 1))),
            1 => Replace(bytes, position, value),
            2 => [.. bytes[..position], .. bytes[(position + span)..]],
            3 => [.. bytes[..(position + span)], .. bytes[position..(position + span)], .. bytes[(position + span)..]],
            4 => [.. bytes[..position], .. Enumerable.Repeat(value, length), .. bytes[position..]],
            5 => [.. bytes[..position], .. SyntaxRun(seed, length), .. bytes[position..]],
            _ => bytes[..position],
        };
    }

    private static byte[] SyntaxRun(int seed, int length) =>
        System.Text.Encoding.UTF8.GetBytes(Enumerable.Range(0, length % 24 + 1).Select(i => Syntax[(seed / 7 + i * 31) % Syntax.Length]).ToArray());

    private static byte[] Replace(byte[] bytes, int position, byte value)
    {
        if (bytes.Length == 0)
        {
            return [value];
        }

        var copy = (byte[])bytes.Clone();
        copy[position] = value;
        return copy;
    }
}
