namespace RagBot.AppState;

/// <summary>
/// Removes stored originals that nothing references (no document, no queued or running job) once they are older
/// than a grace period: what a crash between storing an upload and recording its job leaves behind.
/// </summary>
public interface IOriginalsSweep
{
    /// <summary>Deletes the unreferenced originals older than the grace period; returns their names.</summary>
    Task<IReadOnlyList<string>> RunAsync(CancellationToken cancellationToken);
}
