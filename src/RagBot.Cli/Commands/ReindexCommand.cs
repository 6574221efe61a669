using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using RagBot.Cli.Output;
using RagBot.Indexing;
using Spectre.Console;

namespace RagBot.Cli.Commands;

/// <summary>
/// <c>ragbot reindex [--dry-run]</c>: builds the next index generation from the stored originals with the
/// current settings while chat keeps using the active one, then switches (see <see cref="IndexReindexer"/>).
/// </summary>
internal static class ReindexCommand
{
    public static Command Create(CliContext context)
    {
        var dryRun = new Option<bool>("--dry-run") { Description = "Print what would be done and change nothing." };
        var output = CommonOptions.Output();
        var command = new Command("reindex", "Rebuild the index with the current chunking and embedding settings, without downtime (resumable).") { dryRun, output };
        command.SetAction(async (result, cancellationToken) =>
        {
            using var host = context.BuildHost(result.GetValue(CommonOptions.DataDirectory));
            var reindexer = host.Services.GetRequiredService<IndexReindexer>();
            if (result.GetValue(dryRun))
            {
                var plan = await reindexer.PlanAsync(cancellationToken).ConfigureAwait(false);
                if (result.IsJson(output))
                {
                    JsonOutput.Write(context.Stdout, plan);
                }
                else
                {
                    WritePlan(context, plan);
                }

                return ExitCodes.Ok;
            }

            ReindexReport? report = null;
            await context.Error.Progress().AutoClear(false).StartAsync(async progress =>
            {
                var task = progress.AddTask("Reindexing", maxValue: 1);
                var reporter = new SynchronousProgress<ReindexProgress>(p =>
                {
                    task.MaxValue = Math.Max(1, p.Total);
                    task.Value = p.Done;
                });
                report = await reindexer.RunAsync("ragbot reindex (CLI)", reporter, cancellationToken).ConfigureAwait(false);
                task.Value = task.MaxValue;
            }).ConfigureAwait(false);
            var done = report!;
            if (result.IsJson(output))
            {
                JsonOutput.Write(context.Stdout, done);
            }
            else
            {
                context.Out.WriteLine(FormattableString.Invariant(
                    $"Generation {done.Activated.Id} ({done.Activated.CollectionName}) is active{(done.Retired is null ? "" : $"; generation {done.Retired.Id} retired and dropped")}."));
                context.Out.WriteLine(FormattableString.Invariant(
                    $"{done.Documents} documents: {done.Indexed} indexed, {done.Skipped} already done{(done.Resumed ? " (resumed)" : "")}, {done.CaughtUp} caught up after the switch; {done.Chunks} chunks."));
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static void WritePlan(CliContext context, ReindexPlan plan)
    {
        context.Out.WriteLine(FormattableString.Invariant(
            $"Active: generation {plan.Active.Id} ({plan.Active.CollectionName}): {plan.Active.EmbedderModelId}, {plan.Active.Dimensions} dimensions, {plan.Active.ChunkingFingerprint}."));
        context.Out.WriteLine(FormattableString.Invariant(
            $"Would build {plan.TargetCollection}{(plan.Resuming is null ? "" : $" (resuming generation {plan.Resuming.Id})")}: {plan.Target.EmbedderModelId}, {plan.Target.Dimensions} dimensions, {plan.Target.ChunkingFingerprint}."));
        context.Out.WriteLine(FormattableString.Invariant(
            $"{plan.Documents} documents: {plan.ToIndex} to index, {plan.AlreadyDone} already done. Then switch to it and drop {plan.Active.CollectionName}."));
        if (plan.Target.Matches(plan.Active))
        {
            context.Out.WriteLine("Note: the settings have not changed since the active generation was built.");
        }
    }
}
