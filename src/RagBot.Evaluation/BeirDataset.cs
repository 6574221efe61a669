using System.Globalization;
using System.Text.Json;

namespace RagBot.Evaluation;

/// <summary>
/// A retrieval test collection in the BEIR layout: <c>corpus.jsonl</c> (<c>_id</c>, <c>title</c>, <c>text</c>),
/// <c>queries.jsonl</c> (<c>_id</c>, <c>text</c>) and <c>qrels/test.tsv</c> (header, then query-id, corpus-id, score).
/// </summary>
public sealed record BeirDataset(
    IReadOnlyList<BeirDocument> Corpus,
    IReadOnlyDictionary<string, string> Queries,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> Judgments)
{
    /// <summary>Reads a dataset directory; throws <see cref="EvaluationDatasetException"/> with the file and line at fault.</summary>
    public static async Task<BeirDataset> LoadAsync(string directory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(directory);
        if (!Directory.Exists(directory))
        {
            throw new EvaluationDatasetException($"The dataset directory '{Path.GetFullPath(directory)}' does not exist.");
        }

        var corpus = new List<BeirDocument>();
        await foreach (var (line, json) in ReadJsonLinesAsync(Path.Combine(directory, "corpus.jsonl"), cancellationToken).ConfigureAwait(false))
        {
            corpus.Add(new BeirDocument(RequiredString(json, "_id", "corpus.jsonl", line), OptionalString(json, "title"), OptionalString(json, "text")));
        }

        var queries = await LoadQueriesAsync(Path.Combine(directory, "queries.jsonl"), cancellationToken).ConfigureAwait(false);
        var judgments = await ReadJudgmentsAsync(Path.Combine(directory, "qrels", "test.tsv"), cancellationToken).ConfigureAwait(false);
        return new BeirDataset(corpus, queries, judgments);
    }

    /// <summary>Reads a queries file (JSONL of <c>_id</c>, <c>text</c>): a dataset's queries.jsonl or a set of negative questions.</summary>
    public static async Task<Dictionary<string, string>> LoadQueriesAsync(string path, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(path);
        var name = Path.GetFileName(path);
        var queries = new Dictionary<string, string>(StringComparer.Ordinal);
        await foreach (var (line, json) in ReadJsonLinesAsync(path, cancellationToken).ConfigureAwait(false))
        {
            queries[RequiredString(json, "_id", name, line)] = RequiredString(json, "text", name, line);
        }

        return queries;
    }

    private static async Task<IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>>> ReadJudgmentsAsync(string path, CancellationToken cancellationToken)
    {
        var lines = await ReadLinesAsync(path, cancellationToken).ConfigureAwait(false);
        var judgments = new Dictionary<string, Dictionary<string, int>>(StringComparer.Ordinal);
        for (var i = 1; i < lines.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(lines[i]))
            {
                continue;
            }

            var fields = lines[i].Split('\t');
            if (fields.Length < 3 || !int.TryParse(fields[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out var score))
            {
                throw new EvaluationDatasetException($"qrels/test.tsv line {i + 1}: expected 'query-id<TAB>corpus-id<TAB>score' with an integer score.");
            }

            if (!judgments.TryGetValue(fields[0], out var forQuery))
            {
                judgments[fields[0]] = forQuery = new Dictionary<string, int>(StringComparer.Ordinal);
            }

            forQuery[fields[1]] = score;
        }

        return judgments.ToDictionary(p => p.Key, p => (IReadOnlyDictionary<string, int>)p.Value, StringComparer.Ordinal);
    }

    private static async IAsyncEnumerable<(int Line, JsonElement Json)> ReadJsonLinesAsync(string path, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var lines = await ReadLinesAsync(path, cancellationToken).ConfigureAwait(false);
        var name = Path.GetFileName(path);
        for (var i = 0; i < lines.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(lines[i]))
            {
                continue;
            }

            JsonElement json;
            try
            {
                using var document = JsonDocument.Parse(lines[i]);
                json = document.RootElement.Clone();
            }
            catch (JsonException ex)
            {
                throw new EvaluationDatasetException($"{name} line {i + 1} is not valid JSON: {ex.Message}", ex);
            }

            yield return (i + 1, json);
        }
    }

    private static async Task<string[]> ReadLinesAsync(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            throw new EvaluationDatasetException($"There is no file '{path}' (a dataset is a BEIR-layout directory: corpus.jsonl, queries.jsonl, qrels/test.tsv; negatives are a JSONL file of _id and text).");
        }

        return await File.ReadAllLinesAsync(path, cancellationToken).ConfigureAwait(false);
    }

    private static string RequiredString(JsonElement json, string property, string file, int line) =>
        json.ValueKind == JsonValueKind.Object && json.TryGetProperty(property, out var value) && value.ValueKind is JsonValueKind.String or JsonValueKind.Number
            ? value.ToString()
            : throw new EvaluationDatasetException($"{file} line {line} has no '{property}' string.");

    private static string OptionalString(JsonElement json, string property) =>
        json.ValueKind == JsonValueKind.Object && json.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() ?? "" : "";
}
