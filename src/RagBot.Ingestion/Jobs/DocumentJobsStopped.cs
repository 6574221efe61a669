using RagBot.Core.Jobs;

namespace RagBot.Ingestion.Jobs;

/// <summary>
/// The jobs a document's deletion ended (<see cref="IngestionJobLifecycle.DeleteDocumentJobsAsync"/>): queued ones
/// failed before they ran, ones this process ran and stopped, ones another replica ran and was asked to stop.
/// </summary>
public sealed record DocumentJobsStopped(IReadOnlyList<IngestionJob> Cancelled, IReadOnlyList<IngestionJob> Stopped, IReadOnlyList<IngestionJob> StoppedElsewhere)
{
    /// <summary>Every job ended, once each.</summary>
    public IEnumerable<IngestionJob> All => Cancelled.Concat(Stopped).Concat(StoppedElsewhere).DistinctBy(j => j.Id);
}
