using System.ComponentModel.DataAnnotations;

namespace RagBot.Ingestion;

/// <summary>Limits and batch sizes of ingestion.</summary>
public sealed class IngestionOptions
{
    public const string SectionName = "RagBot:Ingestion";

    /// <summary>Largest accepted upload, in bytes (default 50 MB).</summary>
    [Range(1, long.MaxValue)]
    public long MaxUploadBytes { get; set; } = 50L * 1024 * 1024;

    /// <summary>
    /// Bytes of uploads the API receives at once (default 100 MB, two uploads at the size limit): each upload is held in
    /// memory while it is read and queued, so this bounds that memory. Further uploads wait their turn, up to
    /// <see cref="UploadQueueSeconds"/>, then get 503 with Retry-After.
    /// </summary>
    [Range(1, long.MaxValue)]
    public long MaxUploadBytesInFlight { get; set; } = 100L * 1024 * 1024;

    /// <summary>Longest an upload waits for room under <see cref="MaxUploadBytesInFlight"/> before it is answered 503.</summary>
    [Range(0, 3600)]
    public int UploadQueueSeconds { get; set; } = 30;

    /// <summary>Chunk texts sent to the embedder in one call.</summary>
    [Range(1, 4096)]
    public int EmbeddingBatchSize { get; set; } = 64;

    /// <summary>
    /// Chunks written to the store in one transaction. Larger batches write faster (fewer commits and keyword-index
    /// segments); the next batch is embedded while the previous one is written.
    /// </summary>
    [Range(1, 65536)]
    public int WriteBatchSize { get; set; } = 512;

    /// <summary>
    /// Background workers running ingestion jobs at once. Two, so one slow upload cannot hold up every other one; kept
    /// low so ingestion cannot starve chat of CPU.
    /// </summary>
    [Range(1, 64)]
    public int Workers { get; set; } = 2;

    /// <summary>
    /// Wall-clock budget of one job attempt, in seconds, not counting the pauses its embedding made so chat requests
    /// ran first (<see cref="RagBot.Core.Jobs.JobBudget"/>): a job still running then is stopped and ends failed (code
    /// <c>Timeout</c>) without a retry.
    /// </summary>
    [Range(1, 86_400)]
    public int JobTimeoutSeconds { get; set; } = 1800;

    /// <summary>Attempts before a job ends failed (bad content fails at once; transient errors and crashes are retried).</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 3;

    /// <summary>Seconds before a failed attempt is retried, multiplied by the attempt number.</summary>
    [Range(0, 3600)]
    public int RetryDelaySeconds { get; set; } = 5;

    /// <summary>Longest an upload with <c>?wait=true</c> waits for its job before answering 202 Accepted.</summary>
    [Range(1, 3600)]
    public int WaitTimeoutSeconds { get; set; } = 120;

    /// <summary>
    /// After a job whose original is at least this many bytes, the process gives its freed memory back to the
    /// operating system (a blocking full GC; <see cref="Core.Diagnostics.ManagedMemory"/>). 0 never does.
    /// </summary>
    [Range(0, long.MaxValue)]
    public long ReleaseMemoryAfterBytes { get; set; } = Core.Diagnostics.ManagedMemory.LargeWorkBytes;

    /// <summary>Folder ingested on first start when the store is empty (relative paths resolve against the application folder); empty to disable.</summary>
    public string SeedDirectory { get; set; } = "data";
}
