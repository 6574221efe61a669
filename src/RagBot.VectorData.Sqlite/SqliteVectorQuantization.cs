namespace RagBot.VectorData.Sqlite;

/// <summary>How the in-memory vector scan stores vectors for its first pass.</summary>
public enum SqliteVectorQuantization
{
    /// <summary>Exact float32 scan.</summary>
    None = 0,

    /// <summary>Int8 codes (4x less memory traffic) scanned first; the best candidates are re-scored with float32.</summary>
    Int8 = 1,
}
