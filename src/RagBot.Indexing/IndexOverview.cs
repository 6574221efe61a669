using RagBot.Core.Indexing;

namespace RagBot.Indexing;

/// <summary>
/// The index as an operator sees it: the active generation, one being built (if any), every generation, the settings
/// a new upload would be indexed with and whether they differ from the active generation's (a reindex is needed),
/// how chat searches now (<see cref="IndexServing"/>) and the state of this process's reindex.
/// </summary>
public sealed record IndexOverview(
    IndexGeneration Active,
    IndexGeneration? Building,
    IReadOnlyList<IndexGeneration> Generations,
    IndexSpecification CurrentSettings,
    bool ReindexNeeded,
    string Serving,
    ReindexStatus Reindex);
