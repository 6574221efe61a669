namespace RagBot.AppState;

/// <summary>What readiness and <c>ragbot config check</c> ask of the app-state database, whichever provider holds it.</summary>
public interface IAppStateProbe
{
    /// <summary>Where the app state lives, for messages (a file path, or a PostgreSQL host and database; never a password).</summary>
    string Description { get; }

    /// <summary>Counts the documents; throws when the database cannot be reached or read.</summary>
    Task<long> CountDocumentsAsync(CancellationToken cancellationToken);
}
