using SQLitePCL;

namespace RagBot.Hosting;

/// <summary>
/// Process-wide settings of the SQLite library (app state and the embedded vector store), applied once, before
/// the first connection opens: SQLite accepts them only before it initializes.
/// </summary>
/// <remarks>
/// Memory statistics are switched off. With them on, every allocation and free inside SQLite takes one mutex shared
/// by all connections of the process; under 64 concurrent chats those threads queued on it (futex waits in the
/// profile) and the chat load bench used 5-13% more CPU per request (docs/guide/chat.md, "CPU per chat").
/// RagBot reads neither the statistics nor the soft heap limit that needs them.
/// </remarks>
internal static class SqliteLibrarySettings
{
    private const int ConfigMemStatus = 9; // SQLITE_CONFIG_MEMSTATUS
    private static readonly Lazy<bool> Applied = new(Apply);

    /// <summary>True when the settings took effect; false when SQLite was already in use in this process (they then stay at SQLite's defaults).</summary>
    public static bool EnsureApplied() => Applied.Value;

    private static bool Apply()
    {
        Batteries_V2.Init();
        return raw.sqlite3_config(ConfigMemStatus, 0) == raw.SQLITE_OK;
    }
}
