using System.Globalization;
using System.IO.Hashing;
using System.Reflection;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Configuration;

namespace RagBot.Evaluation;

/// <summary>
/// Where <c>ragbot eval --keep-index</c> keeps an evaluation's index so the next run with the same corpus and the same
/// index settings skips ingestion: <c>&lt;DataDirectory&gt;/eval/indexes/&lt;key&gt;</c>. The key hashes what decides the
/// index's content: the dataset's path, its corpus file's size and time, every <c>RagBot:Embeddings</c>,
/// <c>RagBot:Chunking</c>, <c>RagBot:Ingestion</c> and <c>RagBot:VectorStore</c> setting, and the builds of the assemblies
/// that parse, chunk, embed and store. Retrieval and chat settings are not in it: query-side experiments reuse the index.
/// </summary>
internal static class KeptEvaluationIndex
{
    private const string CompleteFileName = "ingested.json";
    private const string LockFileName = ".lock";

    private static readonly string[] IndexSections = ["RagBot:Embeddings", "RagBot:Chunking", "RagBot:Ingestion", "RagBot:VectorStore"];

    // The code that decides what the index holds; a rebuild of any of them (a changed parser, chunker, embedder or
    // store) changes its module id and so the key. Deterministic builds keep the id when the code is unchanged.
    private static readonly string[] IndexAssemblies = ["RagBot.Core", "RagBot.Ingestion", "RagBot.Indexing", "RagBot.Providers", "RagBot.VectorData.Sqlite"];

    /// <summary>The kept index's folder for this dataset and configuration.</summary>
    public static string DirectoryFor(string dataDirectory, string datasetDirectory, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var corpus = new FileInfo(Path.Combine(datasetDirectory, "corpus.jsonl"));
        var key = new StringBuilder()
            .Append(Path.GetFullPath(datasetDirectory)).Append('\n')
            .Append(corpus.Exists ? corpus.Length : -1).Append('\n')
            .Append(corpus.Exists ? corpus.LastWriteTimeUtc.Ticks : 0).Append('\n');
        foreach (var section in IndexSections)
        {
            foreach (var (name, value) in configuration.GetSection(section).AsEnumerable().Where(e => e.Value is not null).OrderBy(e => e.Key, StringComparer.OrdinalIgnoreCase))
            {
                key.Append(name.ToUpperInvariant()).Append('=').Append(value).Append('\n');
            }
        }

        foreach (var name in IndexAssemblies)
        {
            key.Append(name).Append('=').Append(ModuleVersion(name)).Append('\n');
        }

        var hash = XxHash64.HashToUInt64(Encoding.UTF8.GetBytes(key.ToString())).ToString("x16", CultureInfo.InvariantCulture);
        return Path.Combine(dataDirectory, "eval", "indexes", $"{Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(datasetDirectory)))}-{hash}");
    }

    /// <summary>
    /// Holds the folder for this run: a second eval on the same kept index fails at once instead of ingesting into it
    /// concurrently. The lock is released when the returned stream is disposed (or the process ends).
    /// </summary>
    public static FileStream Lock(string directory)
    {
        Directory.CreateDirectory(directory);
        try
        {
            return new FileStream(Path.Combine(directory, LockFileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
        }
        catch (IOException exception)
        {
            throw new EvaluationDatasetException($"Another `ragbot eval --keep-index` is using the kept index in {directory}; wait for it to finish.", exception);
        }
    }

    /// <summary>Documents skipped by the completed ingestion of this folder, or null when it was not completed (then the folder is emptied).</summary>
    public static int? CompletedSkipped(string directory)
    {
        var complete = Path.Combine(directory, CompleteFileName);
        if (File.Exists(complete))
        {
            try
            {
                return JsonSerializer.Deserialize<IngestedMarker>(File.ReadAllText(complete))?.Skipped;
            }
            catch (JsonException)
            {
                // A damaged marker: ingest again.
            }
        }

        // Interrupted (killed mid-ingest) or damaged: start from an empty folder, the lock file aside.
        foreach (var entry in new DirectoryInfo(directory).EnumerateFileSystemInfos().Where(e => e.Name != LockFileName))
        {
            if (entry is DirectoryInfo folder)
            {
                folder.Delete(recursive: true);
            }
            else
            {
                entry.Delete();
            }
        }

        return null;
    }

    /// <summary>Marks the folder's ingestion complete, last, so a run killed before this point ingests again.</summary>
    public static void MarkCompleted(string directory, int documents, int skipped) =>
        File.WriteAllText(Path.Combine(directory, CompleteFileName), JsonSerializer.Serialize(new IngestedMarker(documents, skipped)));

    private static string ModuleVersion(string assemblyName)
    {
        try
        {
            return Assembly.Load(new AssemblyName(assemblyName)).ManifestModule.ModuleVersionId.ToString("N");
        }
        catch (FileNotFoundException)
        {
            return "-";
        }
    }

    private sealed record IngestedMarker(int Documents, int Skipped);
}
