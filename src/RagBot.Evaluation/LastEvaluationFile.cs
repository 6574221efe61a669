using System.Text.Json;

namespace RagBot.Evaluation;

/// <summary>
/// Where <c>ragbot eval --save</c> keeps its result, <c>&lt;DataDirectory&gt;/eval/last.json</c>, so the API (which
/// shares the data directory) can show it. Written to a temporary file and moved into place, so a reader never
/// sees half a file.
/// </summary>
public static class LastEvaluationFile
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static string PathIn(string dataDirectory) => Path.Combine(Path.GetFullPath(dataDirectory), "eval", "last.json");

    public static async Task SaveAsync(string dataDirectory, SavedEvaluation evaluation, CancellationToken cancellationToken)
    {
        var path = PathIn(dataDirectory);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = path + ".tmp";
        var stream = File.Create(temporary);
        await using (stream.ConfigureAwait(false))
        {
            await JsonSerializer.SerializeAsync(stream, evaluation, Json, cancellationToken).ConfigureAwait(false);
        }

        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>The saved result, or null when none was saved; <see cref="InvalidDataException"/> when the file is not one.</summary>
    public static async Task<SavedEvaluation?> ReadAsync(string dataDirectory, CancellationToken cancellationToken)
    {
        var path = PathIn(dataDirectory);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            var stream = File.OpenRead(path);
            await using var streamDisposal = stream.ConfigureAwait(false);
            return await JsonSerializer.DeserializeAsync<SavedEvaluation>(stream, Json, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidDataException($"'{path}' holds no evaluation.");
        }
        catch (FileNotFoundException)
        {
            // Deleted between the check and the open: as if never saved.
            return null;
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"'{path}' is not a saved evaluation ({e.Message}).", e);
        }
    }
}
