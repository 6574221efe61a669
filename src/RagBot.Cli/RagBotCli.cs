using System.CommandLine;
using Microsoft.Extensions.Options;
using RagBot.Cli.Commands;
using RagBot.Core.Errors;
using RagBot.Evaluation;
using RagBot.Indexing;

namespace RagBot.Cli;

/// <summary>The <c>ragbot</c> command line, callable in-process (tests) with its own writers.</summary>
public static class RagBotCli
{
    /// <summary>Parses and runs one command; returns 0 (ok), 1 (user or configuration error) or 2 (system error).</summary>
    public static async Task<int> RunAsync(
        string[] args, TextWriter stdout, TextWriter stderr, IReadOnlyDictionary<string, string?>? settings = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        var context = new CliContext(stdout, stderr, settings ?? new Dictionary<string, string?>());
        var root = new RootCommand("RagBot admin CLI: ingest documents, inspect and manage the index, ask, reindex, evaluate retrieval.")
        {
            CommonOptions.DataDirectory,
            IngestCommand.Create(context),
            DocumentsCommand.Create(context),
            StatsCommand.Create(context),
            AskCommand.Create(context),
            ReindexCommand.Create(context),
            EvalCommand.Create(context),
            ConfigCheckCommand.Create(),
        };
        var parsed = root.Parse(args);
        try
        {
            return await parsed.InvokeAsync(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsUserError(ex))
        {
            await stderr.WriteLineAsync("error: " + ex.Message).ConfigureAwait(false);
            return ExitCodes.UserError;
        }
        catch (OperationCanceledException)
        {
            await stderr.WriteLineAsync("Stopped.").ConfigureAwait(false);
            return ExitCodes.SystemError;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            await stderr.WriteLineAsync($"error: {ex.GetType().Name}: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.SystemError;
        }
    }

    private static bool IsUserError(Exception ex) => ex is CliUserException
        or OptionsValidationException
        or DocumentNotFoundException
        or IngestionRejectedException
        or ReindexInProgressException
        or EvaluationDatasetException;
}
