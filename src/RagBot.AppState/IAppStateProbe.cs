namespace RagBot.AppState;

/// <summary>What readiness and <c>ragbot config check</c> ask of the app-state database, whichever provider holds it.</summary>
public interface IAppStateProbe
{
    /// <summary>Where the app state lives, for messages (a file path, or a PostgreSQL host and database; never a password).</summary>
    string Description { get; }

    /// <summary>Counts the documents; throws when the database cannot be reached or read.</summary>
    Task<long> CountDocumentsAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Counts the jobs waiting to run, synchronously and within about a second (a metrics callback cannot await);
    /// null when the database or its jobs table cannot be read right now.
    /// </summary>
    long? CountQueuedJobs();
}
