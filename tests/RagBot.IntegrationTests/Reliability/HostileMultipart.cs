using System.Text;
using CsCheck;

namespace RagBot.IntegrationTests.Reliability;

/// <summary>Upload bodies that break multipart/form-data in the ways clients and attackers do, plus byte mutations of a valid one.</summary>
internal static class HostileMultipart
{
    private const string Boundary = "fuzz-boundary";
    private const string Form = "multipart/form-data; boundary=" + Boundary;

    /// <summary>A valid upload of a small Markdown file with a document id and a tag.</summary>
    public static byte[] Valid { get; } = Body(
        Part("form-data; name=\"file\"; filename=\"fuzz.md\"", "# Fuzz\n\nThe fuzz document talks about harbour cranes."),
        Part("form-data; name=\"documentId\"", "fuzz-doc"),
        Part("form-data; name=\"tags\"", "team:fuzz"));

    /// <summary>Named cases: (what, body, content type).</summary>
    public static IEnumerable<(string Case, byte[] Body, string? ContentType)> Cases()
    {
        yield return ("no boundary parameter", Valid, "multipart/form-data");
        yield return ("empty boundary", Valid, "multipart/form-data; boundary=");
        yield return ("quoted boundary never closed", Valid, "multipart/form-data; boundary=\"fuzz-boundary");
        yield return ("boundary of 150 characters", Valid, "multipart/form-data; boundary=" + new string('b', 150));
        yield return ("boundary of 300 characters", Valid, "multipart/form-data; boundary=" + new string('b', 300));
        yield return ("wrong boundary", Valid, "multipart/form-data; boundary=other");
        yield return ("empty body", [], Form);
        yield return ("only the closing boundary", Encoding.UTF8.GetBytes($"--{Boundary}--\r\n"), Form);
        yield return ("no closing boundary", Valid[..(Valid.Length - 10)], Form);
        yield return ("empty part", Body(Encoding.UTF8.GetBytes("\r\n")), Form);
        yield return ("part without Content-Disposition", Body(Encoding.UTF8.GetBytes("Content-Type: text/plain\r\n\r\nhello")), Form);
        yield return ("part without a name", Body(Part("form-data; filename=\"a.md\"", "# A")), Form);
        yield return ("attachment disposition", Body(Part("attachment; name=\"file\"; filename=\"a.md\"", "# A")), Form);
        yield return ("file without a file name", Body(Part("form-data; name=\"file\"", "# A")), Form);
        yield return ("empty file name", Body(Part("form-data; name=\"file\"; filename=\"\"", "# A")), Form);
        yield return ("file name of dots", Body(Part("form-data; name=\"file\"; filename=\"..\"", "# A")), Form);
        yield return ("file name of 3000 characters", Body(Part($"form-data; name=\"file\"; filename=\"{new string('n', 3000)}.md\"", "# A")), Form);
        yield return ("control characters in file name", Body(Part("form-data; name=\"file\"; filename=\"a\u0001\u0007.md\"", "# A")), Form);
        yield return ("empty file", Body(Part("form-data; name=\"file\"; filename=\"a.md\"", "")), Form);
        yield return ("two files", Body(Part("form-data; name=\"file\"; filename=\"a.md\"", "# A"), Part("form-data; name=\"file\"; filename=\"b.md\"", "# B")), Form);
        yield return ("header of 20 KB", Body(Part($"form-data; name=\"file\"; filename=\"a.md\"; x=\"{new string('h', 20_000)}\"", "# A")), Form);
        yield return ("40 part headers", Body(Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 40).Select(i => $"X-H{i}: v\r\n")) + "Content-Disposition: form-data; name=\"file\"; filename=\"a.md\"\r\n\r\n# A")), Form);
        yield return ("header line without colon", Body(Encoding.UTF8.GetBytes("Content-Disposition form-data\r\n\r\n# A")), Form);
        yield return ("nested multipart/mixed (stored as the file's bytes or refused)", Body(Encoding.UTF8.GetBytes(
            "Content-Disposition: form-data; name=\"file\"; filename=\"a.md\"\r\nContent-Type: multipart/mixed; boundary=inner\r\n\r\n--inner\r\nContent-Type: text/markdown\r\n\r\n# Inner\r\n--inner--")), Form);
        yield return ("document id of 10 KB", Body(Part("form-data; name=\"file\"; filename=\"a.md\"", "# A"), Part("form-data; name=\"documentId\"", new string('d', 10_000))), Form);
        yield return ("invalid UTF-8 document id", Body(Part("form-data; name=\"file\"; filename=\"a.md\"", "# A"), [.. "Content-Disposition: form-data; name=\"documentId\"\r\n\r\n"u8.ToArray(), 0xFF, 0xFE]), Form);
        yield return ("200 tags", Body([Part("form-data; name=\"file\"; filename=\"a.md\"", "# A"), .. Enumerable.Range(0, 200).Select(i => Part("form-data; name=\"tags\"", $"t:{i}"))]), Form);
        yield return ("tag without a value", Body(Part("form-data; name=\"file\"; filename=\"a.md\"", "# A"), Part("form-data; name=\"tags\"", "notakeyvalue")), Form);
        yield return ("multipart/mixed instead of form-data", Valid, "multipart/mixed; boundary=" + Boundary);
        yield return ("form-urlencoded", Encoding.UTF8.GetBytes("file=abc&documentId=x"), "application/x-www-form-urlencoded");
        yield return ("json", Encoding.UTF8.GetBytes("{\"file\":\"abc\"}"), "application/json");
        yield return ("no content type", Valid, null);
    }

    /// <summary>The valid upload with 1 to 6 random byte edits (flips, deletions, duplications, truncation).</summary>
    public static Gen<byte[]> Mutants { get; } = Gen.Select(Gen.Int[0, 3], Gen.Int[0, int.MaxValue], Gen.Int[1, 64], Gen.Byte)
        .Array[1, 6]
        .Select(edits => edits.Aggregate(Valid, (bytes, edit) => Edit(bytes, edit.Item1, edit.Item2, edit.Item3, edit.Item4)));

    public static string ContentType => Form;

    /// <summary>A valid upload of a small Markdown file sent under the given client file name.</summary>
    public static byte[] WithFileName(string fileName) => Body(Part($"form-data; name=\"file\"; filename=\"{fileName}\"", "# Named\n\nA document about tug boats."));

    /// <summary>A valid upload of a small Markdown file carrying the given tags (one form field each).</summary>
    public static byte[] WithTags(IEnumerable<string> tags) => Body(
        [Part("form-data; name=\"file\"; filename=\"tagged.md\"", "# Tagged\n\nA document about harbour cranes."), .. tags.Select(t => Part("form-data; name=\"tags\"", t))]);

    /// <summary>An upload of <paramref name="content"/> under <paramref name="fileName"/>, without a document id.</summary>
    public static byte[] WithFile(string fileName, string content) => Body(Part($"form-data; name=\"file\"; filename=\"{fileName}\"", content));

    private static byte[] Edit(byte[] bytes, int kind, int seed, int length, byte value)
    {
        var position = bytes.Length == 0 ? 0 : seed % bytes.Length;
        var span = Math.Min(length, bytes.Length - position);
        return kind switch
        {
            0 when bytes.Length > 0 => [.. bytes[..position], value, .. bytes[(position + 1)..]],
            1 => [.. bytes[..position], .. bytes[(position + span)..]],
            2 => [.. bytes[..(position + span)], .. bytes[position..(position + span)], .. bytes[(position + span)..]],
            _ => bytes[..position],
        };
    }

    private static byte[] Part(string disposition, string content) =>
        Encoding.UTF8.GetBytes($"Content-Disposition: {disposition}\r\n\r\n{content}");

    private static byte[] Body(params byte[][] parts)
    {
        var body = new List<byte>();
        foreach (var part in parts)
        {
            body.AddRange(Encoding.UTF8.GetBytes($"--{Boundary}\r\n"));
            body.AddRange(part);
            body.AddRange("\r\n"u8.ToArray());
        }

        body.AddRange(Encoding.UTF8.GetBytes($"--{Boundary}--\r\n"));
        return [.. body];
    }
}
