namespace RagBot.AppState.PostgreSql;

/// <summary>
/// The advisory-lock keys RagBot takes (one 64-bit key space per database). Fixed numbers, never a runtime hash:
/// every replica and every RagBot version must agree on them.
/// </summary>
internal static class PostgreSqlLockKeys
{
    /// <summary>Held (per transaction) while the schema is migrated.</summary>
    public const long Migrations = 0x5261_6742_6F74_0001;

    /// <summary>Held (per session) by the one running reindex.</summary>
    public const long Reindex = 0x5261_6742_6F74_0002;
}
