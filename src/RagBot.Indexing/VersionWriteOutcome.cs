namespace RagBot.Indexing;

/// <summary>
/// What writing one version of a batch gave: what was written, or why that version alone could not be written
/// (e.g. an unreadable file); the batch's other versions are not held up by it.
/// </summary>
public sealed record VersionWriteOutcome(IndexedVersion? Written, Exception? Error)
{
    public static VersionWriteOutcome Succeeded(IndexedVersion written) => new(written, null);

    public static VersionWriteOutcome Failed(Exception error) => new(null, error);
}
