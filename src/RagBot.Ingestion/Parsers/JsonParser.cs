using System.Buffers;
using System.Text.Json;
using Microsoft.Extensions.Options;
using RagBot.Core.Documents;
using RagBot.Ingestion.ContentTypes;

namespace RagBot.Ingestion.Parsers;

/// <summary>
/// Reads JSON as readable text: one line "path.to.key: value" per value (array items as <c>items[2]</c>), one section
/// per top-level property (headed by its name) or per top-level array element, split when it grows past the line limit.
/// </summary>
public sealed class JsonParser(IOptions<DocumentParsingOptions> options) : IDocumentParser
{
    private static readonly SearchValues<char> KeyNeedsQuoting = SearchValues.Create(".[]:\"\n\r");

    public IReadOnlyCollection<string> ContentTypes { get; } = [DocumentContentTypes.Json];

    public async Task<ParsedDocument> ParseAsync(Stream content, string fileName, CancellationToken cancellationToken)
    {
        var bytes = await ParserInput.ReadAllAsync(content, cancellationToken).ConfigureAwait(false);
        var text = StrictTextDecoder.Decode(bytes, "JSON");
        return ParserFailure.Run("JSON", () => Parse(text, cancellationToken), cancellationToken);
    }

    private ParsedDocument Parse(string text, CancellationToken cancellationToken)
    {
        var limits = options.Value;
        var documentOptions = new JsonDocumentOptions
        {
            MaxDepth = limits.MaxJsonDepth,
            AllowTrailingCommas = true,
            CommentHandling = JsonCommentHandling.Skip,
        };

        using var json = ParseJson(text, documentOptions);
        var sections = new SectionListBuilder();
        var root = json.RootElement;
        switch (root.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in root.EnumerateObject())
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    sections.Headings.Enter(1, property.Name);
                    AddSection(sections, FormatKey(string.Empty, property.Name), property.Value, limits.JsonLinesPerSection);
                }

                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var element in root.EnumerateArray())
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    AddSection(sections, $"[{index++}]", element, limits.JsonLinesPerSection);
                }

                break;
            default:
                sections.AddText(FormatScalar(root));
                break;
        }

        return sections.Build();
    }

    private static JsonDocument ParseJson(string text, JsonDocumentOptions documentOptions)
    {
        try
        {
            return JsonDocument.Parse(text, documentOptions);
        }
        catch (JsonException ex)
        {
            var where = ex.LineNumber is { } line ? $" at line {line + 1}, position {ex.BytePositionInLine + 1}" : string.Empty;
            throw ParserFailure.Unreadable($"The file is not valid JSON{where}: {ex.Message.Split(" Path:", 2)[0]}", ex);
        }
    }

    private static void AddSection(SectionListBuilder sections, string path, JsonElement value, int linesPerSection)
    {
        var lines = new List<string>();
        AppendLines(lines, path, value);
        foreach (var chunk in lines.Chunk(linesPerSection))
        {
            sections.AddLines(string.Join('\n', chunk), SectionKind.Paragraph);
        }
    }

    private static void AppendLines(List<string> lines, string path, JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                var anyProperty = false;
                foreach (var property in value.EnumerateObject())
                {
                    anyProperty = true;
                    AppendLines(lines, FormatKey(path, property.Name), property.Value);
                }

                if (!anyProperty)
                {
                    lines.Add($"{path}: {{}}");
                }

                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in value.EnumerateArray())
                {
                    AppendLines(lines, $"{path}[{index++}]", item);
                }

                if (index == 0)
                {
                    lines.Add($"{path}: []");
                }

                break;
            default:
                lines.Add($"{path}: {FormatScalar(value)}");
                break;
        }
    }

    private static string FormatKey(string parent, string key)
    {
        var plain = key.Length > 0 && !key.AsSpan().ContainsAny(KeyNeedsQuoting);
        var segment = plain ? key : "[" + JsonSerializer.Serialize(key) + "]";
        return parent.Length == 0 || !plain ? parent + segment : parent + "." + segment;
    }

    private static string FormatScalar(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => SectionListBuilder.CollapseWhitespace(value.GetString() ?? string.Empty),
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => "null",
    };
}
