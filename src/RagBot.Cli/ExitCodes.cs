namespace RagBot.Cli;

/// <summary>The CLI's exit codes.</summary>
public static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>Bad arguments, bad configuration, a missing document or file, a reindex already running.</summary>
    public const int UserError = 1;

    /// <summary>Something failed that the user did not cause (storage, provider, a bug).</summary>
    public const int SystemError = 2;
}
