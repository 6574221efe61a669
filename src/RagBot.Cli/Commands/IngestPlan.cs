using RagBot.Core.Documents;

namespace RagBot.Cli.Commands;

/// <summary>
/// How <c>ragbot ingest</c> splits its files into units of work: small files of distinct documents go in batches
/// (one commit for many), a large file goes alone (it fills its own commits), and files that map to the same
/// document id go one after the other (the last one wins, as when run in sequence).
/// </summary>
internal sealed record IngestPlan(IReadOnlyList<IReadOnlyList<SelectedFile>> Batches, IReadOnlyList<IReadOnlyList<SelectedFile>> OneByOne)
{
    /// <summary>Files above this size are ingested alone: their chunks fill the store's write batches by themselves.</summary>
    public const long SmallFileBytes = 256 * 1024;

    /// <summary>A batch closes at this many bytes of content, so a batch of small files stays small in memory.</summary>
    public const long BatchBytes = 4 * 1024 * 1024;

    public static IngestPlan Create(IReadOnlyList<SelectedFile> files, int batchSize)
    {
        ArgumentNullException.ThrowIfNull(files);
        var batches = new List<IReadOnlyList<SelectedFile>>();
        var oneByOne = new List<IReadOnlyList<SelectedFile>>();
        var batch = new List<SelectedFile>();
        long batchBytes = 0;
        foreach (var sameDocument in files.GroupBy(file => DocumentIds.FromSource(file.RelativeName), StringComparer.Ordinal))
        {
            var group = sameDocument.ToList();
            var size = group.Count == 1 ? SizeOf(group[0]) : long.MaxValue;
            if (batchSize <= 1 || size > SmallFileBytes)
            {
                oneByOne.Add(group);
                continue;
            }

            batch.Add(group[0]);
            batchBytes += size;
            if (batch.Count >= batchSize || batchBytes >= BatchBytes)
            {
                batches.Add(batch);
                batch = [];
                batchBytes = 0;
            }
        }

        if (batch.Count > 0)
        {
            batches.Add(batch);
        }

        return new IngestPlan(batches, oneByOne);
    }

    private static long SizeOf(SelectedFile file)
    {
        try
        {
            return new FileInfo(file.FullPath).Length;
        }
        catch (IOException)
        {
            // Read (and reported) when its turn comes.
            return 0;
        }
    }
}
