using System.ComponentModel.DataAnnotations;

namespace RagBot.VectorData.Sqlite;

/// <summary>Settings of the embedded SQLite vector store (section <c>RagBot:VectorStore:Sqlite</c>).</summary>
public sealed class SqliteVectorStoreOptions
{
    public const string SectionName = "RagBot:VectorStore:Sqlite";

    /// <summary>Path of the SQLite file; created (with its folder) when missing.</summary>
    public string DatabasePath { get; set; } = "data/vectors.db";

    /// <summary>Optional full connection string; overrides <see cref="DatabasePath"/> when set.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// SQLite page cache of each open connection, in KiB. Connections are pooled, one per concurrent request, so the
    /// store's native memory grows to about this times the highest concurrency seen (docs/guide/memory.md).
    /// </summary>
    [Range(256, 1_048_576)]
    public int CacheSizeKb { get; set; } = 4096;

    /// <summary>
    /// Int8 scalar quantization for the in-memory scan (float re-scoring keeps exact scores). The default since the
    /// 100,000-chunk bench: a quarter of the memory traffic per query, the same nDCG and recall to 4 decimals there and at
    /// 10,000 chunks (docs/guide/vector-store.md); costs one byte per dimension more memory.
    /// </summary>
    public SqliteVectorQuantization Quantization { get; set; } = SqliteVectorQuantization.Int8;

    /// <summary>With int8, how many candidates per requested result are re-scored with float vectors.</summary>
    [Range(1, 1_000)]
    public int RescoreFactor { get; set; } = 10;

    /// <summary>Upper bound of threads scanning one query; 1 keeps every query on one core.</summary>
    [Range(1, 1_024)]
    public int MaxSearchParallelism { get; set; } = Environment.ProcessorCount;

    /// <summary>Collections smaller than twice this are scanned on one thread (splitting costs more than it saves).</summary>
    [Range(1, int.MaxValue)]
    public int MinimumVectorsPerPartition { get; set; } = 16_384;

    /// <summary>
    /// True (the default) syncs every committed batch to disk (<c>synchronous=FULL</c>), like the app-state database that
    /// records which documents are indexed: after a power cut the catalog never names chunks the store lost. False
    /// (<c>NORMAL</c>) skips that fsync; a killed process still loses nothing committed, a power cut may lose the last batches.
    /// </summary>
    public bool DurableCommits { get; set; } = true;

    /// <summary>
    /// Memory for remembering which rows recent filters (a tenant's or a tag filter) let through, per collection and
    /// filter, so a filtered search does not read every row to find them again; brought up to date from the rows
    /// written since. At most 1,024 filters; 0 turns it off (every filtered search selects its rows).
    /// </summary>
    [Range(0, 65_536)]
    public int FilterCacheMegabytes { get; set; } = 32;

    /// <summary>
    /// Keyword search scores BM25 from an in-memory copy of the FTS5 postings (built from SQLite at the first keyword
    /// query, kept current by this store's own writes as they commit, rebuilt after another process's writes; same
    /// scores as FTS5's bm25()). False asks FTS5 for every query.
    /// </summary>
    public bool InMemoryKeywordIndex { get; set; } = true;
}
