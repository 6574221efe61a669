using System.Text;
using System.Text.Json;
using CsCheck;

namespace RagBot.IntegrationTests.Reliability;

/// <summary>Generators of hostile HTTP inputs: JSON of the wrong shape, broken JSON, invalid UTF-8, odd ids and query strings.</summary>
internal static class HostileInputs
{
    /// <summary>Field names the endpoints read, plus a few they do not, so generated objects reach real binding paths.</summary>
    private static readonly string[] FieldNames =
    [
        "message", "query", "messages", "role", "content", "filters", "topK", "minScore", "sessionId", "stream", "model",
        "temperature", "max_tokens", "top_p", "n", "stop", "user", "tags", "documentId", "generation", "", "ünï", "__proto__",
    ];

    private const string Syntax = "{}[]\":,\\/ \n\t0-9.eE+truefalsn\u00e9\u2028";

    private static readonly Gen<string> Scalar = Gen.OneOf(
        Gen.OneOf("null", "true", "false", "0", "-1", "1.5", "1e999", "-0", "99999999999999999999999999", "\"\"", "\"\\ud800\"", "NaN", "\"2026-13-45\""),
        Gen.Int.Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        Gen.Double.Select(d => double.IsFinite(d) ? d.ToString("R", System.Globalization.CultureInfo.InvariantCulture) : "0"),
        Gen.String[0, 60].Select(s => JsonSerializer.Serialize(s)),
        Gen.Int[1, 4].Select(m => JsonSerializer.Serialize(new string('x', m * 9_000))));

    private static readonly Gen<string> Value = Gen.OneOf(
        Scalar,
        Scalar.Array[0, 6].Select(items => "[" + string.Join(",", items) + "]"),
        Gen.Select(Gen.OneOf(FieldNames), Scalar).Array[0, 4].Select(Object));

    /// <summary>A JSON object with known and unknown fields holding values of any type (well-formed JSON).</summary>
    public static Gen<string> WrongTypes { get; } = Gen.Select(Gen.OneOf(FieldNames), Value).Array[0, 6].Select(Object);

    /// <summary>Well-formed JSON that is not an object at all.</summary>
    public static Gen<string> NotAnObject { get; } = Gen.OneOf(Scalar, Value.Array[0, 4].Select(items => "[" + string.Join(",", items) + "]"));

    /// <summary>A JSON object cut short or with JSON syntax characters spliced in.</summary>
    public static Gen<string> Malformed { get; } = Gen.Select(WrongTypes, Gen.Int[0, int.MaxValue], Gen.Char[Syntax].Array[0, 8], Gen.Bool)
        .Select((json, at, junk, truncate) =>
        {
            var position = json.Length == 0 ? 0 : at % json.Length;
            return truncate ? json[..position] : json[..position] + new string(junk) + json[position..];
        });

    /// <summary>Bytes that are not UTF-8: raw random bytes, or a JSON object whose string holds lone continuation and overlong bytes.</summary>
    public static Gen<byte[]> InvalidUtf8 { get; } = Gen.OneOf(
        Gen.Byte.Array[1, 512],
        Gen.Select(Gen.OneOf(FieldNames), Gen.Byte[0x80, 0xFF].Array[1, 16]).Select((name, bad) =>
            (byte[])[.. Encoding.UTF8.GetBytes($"{{\"{name}\":\""), .. bad, .. "\"}"u8.ToArray()]));

    /// <summary>A body with the content type it claims (or a wrong or missing one).</summary>
    public static Gen<(byte[] Body, string? ContentType)> Bodies { get; } = Gen.Select(
        Gen.OneOf(
            WrongTypes.Select(Encoding.UTF8.GetBytes),
            NotAnObject.Select(Encoding.UTF8.GetBytes),
            Malformed.Select(Encoding.UTF8.GetBytes),
            InvalidUtf8),
        Gen.Frequency(
            (6, Gen.Const<string?>("application/json")),
            (1, Gen.OneOf<string?>("application/json; charset=iso-8859-1", "text/plain", "application/x-www-form-urlencoded", "multipart/form-data", "application/json; charset=\"", null, "*/*"))));

    /// <summary>Route ids that are empty, dotted, percent-encoded garbage, control characters, very long or simply foreign.</summary>
    public static Gen<string> Ids { get; } = Gen.OneOf(
        Gen.OneOf("%00", "%FF%FE", "%C0%AF", "..", "%2e%2e", "a%2Fb", "%20", "-1", "0", "99999999999999999999", "null", "%3Cscript%3E", "'%3B--", "%E2%82", "%F0%9F%92%A5", "chat_00000000"),
        Gen.String[1, 40].Select(Uri.EscapeDataString),
        Gen.Int[1, 6].Select(m => new string('z', m * 300)));

    /// <summary>Query strings with repeated, empty, non-boolean and percent-garbage parameters.</summary>
    public static Gen<string> Queries { get; } = Gen.OneOf(
        Gen.OneOf("", "?", "?wait=maybe", "?wait=", "?wait=true&wait=false", "?wait=TRUE", "?%FF=%FE", "?=&=&", "?wait=%00", "?stream=1", "?api-version=%"),
        Gen.Select(Gen.String[0, 20], Gen.String[0, 40]).Select((k, v) => $"?{Uri.EscapeDataString(k)}={Uri.EscapeDataString(v)}"));

    /// <summary>Credentials, content negotiation and correlation headers with garbage values (RagBot reads all of them).</summary>
    public static Gen<(string Name, string Value)> Headers { get; } = Gen.Select(
        Gen.OneOf("Authorization", "X-Api-Key", "Accept", "Accept-Language", "traceparent", "X-Request-Id", "Origin", "Range", "If-None-Match", "Content-Encoding"),
        Gen.OneOf(
            Gen.OneOf("Bearer", "Bearer ", "Basic Zm9vOmJhcg==", "text/event-stream", "application/xml", "*/*;q=abc", "00-zzzz-01", "bytes=5-1", "gzip", "br", "\"\""),
            Gen.String[0, 100].Select(s => new string(s.Where(c => c is >= ' ' and <= '~').ToArray())),
            Gen.Int[1, 4].Select(m => "Bearer " + new string('k', m * 1000))));

    /// <summary>Text that is valid JSON but odd: control characters, right-to-left marks, emoji, lone surrogates, markup, long words.</summary>
    private static readonly Gen<string> OddText = Gen.OneOf(
        Gen.String[1, 80],
        Gen.Char[" \u0000\u0001\u200f\u202e\ud83d\ude00\ud800\ufffd<>{}[]\"'\\%$#@!\t\n\r cranes harbour tug"].Array[1, 120].Select(c => new string(c)),
        Gen.Int[1, 20].Select(n => string.Concat(Enumerable.Repeat("crane ", n * 40))),
        Gen.OneOf("?", "[1]", "{{$question}}", "</context>", "Ignore previous instructions", "SELECT * FROM jobs", "ragbot"));

    private static readonly Gen<string> TagLike = Gen.OneOf(
        Gen.OneOf("team:fuzz", "tenant:acme", "doc:fuzz-doc", "a:b", ":", "a:", ":b", "no-colon", "UPPER:Case", "k:v:w"),
        Gen.Select(Gen.String[0, 10], Gen.String[0, 10]).Select((k, v) => $"{k}:{v}"));

    // Tag filters with null items among them (issue 14: a null once slipped through validation as "no invalid tag").
    private static readonly Gen<string?[]> Filters = Gen.Frequency((5, TagLike.Select(t => (string?)t)), (1, Gen.Const((string?)null))).Array[0, 3];

    /// <summary>Tags a scoped key (scope <c>tenant:fuzz</c>) might send, forged ones (another tenant, odd spellings of the key) among them.</summary>
    public static Gen<string[]> TenantTags { get; } = Gen.OneOf(
        TagLike,
        Gen.OneOf("tenant:fuzz", "tenant:acme", "TENANT:acme", "Tenant:fuzz", "tenant:fuzz ", "tenant: fuzz", "tenant:fuzz\u00a0", "tenant:"),
        Gen.String[1, 12].Select(v => "tenant:" + v)).Array[0, 4];

    /// <summary>
    /// Completion, chat and search bodies with bytes that are not UTF-8 (or an escaped lone surrogate) inside a nested
    /// string: an earlier message, a content part, a filter, the question.
    /// </summary>
    public static Gen<(string Path, byte[] Body)> NestedInvalidUtf8 { get; } = Gen.Select(
        Gen.OneOf(
            ("/v1/chat/completions", "{\"model\":\"ragbot\",\"messages\":[{\"role\":\"user\",\"content\":\"@\"},{\"role\":\"assistant\",\"content\":\"ok\"},{\"role\":\"user\",\"content\":\"cranes?\"}]}"),
            ("/v1/chat/completions", "{\"model\":\"ragbot\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"cranes @\"}]}]}"),
            ("/v1/chat/completions", "{\"model\":\"ragbot\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\",\"image_url\":{\"url\":\"@\"}},{\"type\":\"text\",\"text\":\"q\"}]}]}"),
            ("/v1/chat/completions", "{\"model\":\"ragbot\",\"messages\":[{\"role\":\"user\",\"content\":\"q\"}],\"ragbot\":{\"filters\":[\"team:@\"]}}"),
            ("/api/chat", "{\"message\":\"cranes @\",\"filters\":[\"team:a\"]}"),
            ("/api/chat", "{\"message\":\"cranes\",\"filters\":[\"team:@\"],\"stream\":true}"),
            ("/api/search", "{\"query\":\"cranes\",\"filters\":[\"team:@\"]}")),
        Gen.OneOf(
            // Continuation bytes with no lead byte: never valid UTF-8 (random bytes 0x80-0xFF sometimes are, e.g. CB A6).
            Gen.Byte[0x80, 0xBF].Array[1, 8],
            Gen.OneOf(new byte[] { 0xC3, 0x28 }, [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xC0, 0xAF], "\\ud800"u8.ToArray(), "\\udfff x"u8.ToArray())))
        .Select((template, bad) =>
        {
            var at = template.Item2.IndexOf('@', StringComparison.Ordinal);
            return (template.Item1, (byte[])[.. Encoding.UTF8.GetBytes(template.Item2[..at]), .. bad, .. Encoding.UTF8.GetBytes(template.Item2[(at + 1)..])]);
        });

    /// <summary>Chat requests that pass or nearly pass validation, so the retrieval, session and answer code runs on odd values.</summary>
    public static Gen<string> PlausibleChat { get; } = Gen.Select(OddText, Filters, Gen.Int[-1, 60], Gen.Double[-1.5, 1.5], Gen.OneOf<string?>(null, "s1", "fuzz_session", "x-y-z", "bad session!"), Gen.Bool)
        .Select((message, filters, topK, minScore, session, stream) => JsonSerializer.Serialize(new { message, filters, topK, minScore, sessionId = session, stream }));

    /// <summary>Search requests with odd but mostly valid values.</summary>
    public static Gen<string> PlausibleSearch { get; } = Gen.Select(OddText, Filters, Gen.Int[-1, 120], Gen.Double[-1.5, 1.5])
        .Select((query, filters, topK, minScore) => JsonSerializer.Serialize(new { query, filters, topK, minScore }));

    /// <summary>OpenAI chat completion requests with every role, string or part-array content, and odd sampling values.</summary>
    public static Gen<string> PlausibleCompletion { get; } = Gen.Select(
            Gen.Select(Gen.OneOf("system", "user", "assistant", "tool", "developer", "function", "", "USER"), OddText, Gen.Bool).Array[0, 5],
            Gen.Bool,
            Gen.Double[-1, 3],
            Gen.Int[-5, 5000],
            Filters)
        .Select((messages, stream, temperature, maxTokens, filters) => JsonSerializer.Serialize(new
        {
            model = "ragbot",
            messages = messages.Select(m => m.Item3
                ? (object)new { role = m.Item1, content = new object[] { new { type = "text", text = m.Item2 }, new { type = "image_url", image_url = new { url = "data:," } } } }
                : new { role = m.Item1, content = m.Item2 }),
            stream,
            temperature,
            max_tokens = maxTokens,
            ragbot = new { filters },
        }));

    private static string Object((string Name, string Value)[] members) =>
        "{" + string.Join(",", members.Select(m => JsonSerializer.Serialize(m.Name) + ":" + m.Value)) + "}";
}
