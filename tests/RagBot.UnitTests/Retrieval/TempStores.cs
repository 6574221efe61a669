namespace RagBot.UnitTests.Retrieval;

/// <summary>Cleanup of tests that open real SQLite stores in a temporary directory.</summary>
internal static class TempStores
{
    /// <summary>Disposes the stores, drops pooled connections (they keep the files open) and deletes the directory, best effort.</summary>
    public static void Release(IEnumerable<IDisposable> stores, string directory)
    {
        foreach (var store in stores)
        {
            store.Dispose();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: the OS temp cleaner gets what a closing handle kept.
        }
    }
}
