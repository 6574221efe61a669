using System.Text.Json;

namespace RagBot.Bench.SmallFiles;

/// <summary>
/// Real short texts as files: one .txt per document (title, blank line, text) of BEIR-layout collections
/// (corpus.jsonl), taken in order across the given collections until the count is reached.
/// </summary>
internal static class SmallFilesCorpus
{
    public static IReadOnlyList<string> Write(string folder, IEnumerable<string> collections, int count)
    {
        Directory.CreateDirectory(folder);
        var files = new List<string>(count);
        foreach (var collection in collections)
        {
            var name = Path.GetFileName(Path.TrimEndingDirectorySeparator(collection));
            foreach (var line in File.ReadLines(Path.Combine(collection, "corpus.jsonl")))
            {
                if (files.Count == count)
                {
                    return files;
                }

                using var record = JsonDocument.Parse(line);
                var id = Field(record.RootElement, "_id");
                var text = $"{Field(record.RootElement, "title")}\n\n{Field(record.RootElement, "text")}".Trim();
                if (text.Length == 0 || id.Length == 0)
                {
                    continue;
                }

                var path = Path.Combine(folder, $"{name}-{string.Concat(id.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_'))}.txt");
                File.WriteAllText(path, text + "\n");
                files.Add(path);
            }
        }

        return files;
    }

    private static string Field(JsonElement record, string name) =>
        record.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() ?? "" : "";
}
