using System.CommandLine;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using RagBot.Core.Documents;
using RagBot.Core.Errors;
using RagBot.Cli.Output;
using RagBot.Ingestion;
using Spectre.Console;

namespace RagBot.Cli.Commands;

/// <summary><c>ragbot ingest &lt;files or folders...&gt; [--tag k:v]... [--recursive] [--parallel n] [--batch n]</c>: indexes files now, with a progress bar and a summary.</summary>
internal static class IngestCommand
{
    private const int DefaultBatch = 64;

    public static Command Create(CliContext context)
    {
        var paths = new Argument<string[]>("paths") { Description = "Files or folders to ingest.", Arity = ArgumentArity.OneOrMore };
        var tags = CommonOptions.Tags("A tag (key:value) for every ingested document; repeat for more.");
        var recursive = new Option<bool>("--recursive", "-r") { Description = "Also ingest files in subfolders." };
        var parallel = new Option<int>("--parallel", "-p")
        {
            Description = "Files ingested at once (default: the number of cores).",
            DefaultValueFactory = _ => Environment.ProcessorCount,
        };
        parallel.Validators.Add(value =>
        {
            if (value.GetValue(parallel) < 1)
            {
                value.AddError("--parallel must be at least 1.");
            }
        });
        var batch = new Option<int>("--batch", "-b")
        {
            Description = $"Small files (up to {IngestPlan.SmallFileBytes / 1024} KB) committed together: their chunks embedded and written in shared batches, their catalog entries in one transaction. 1 commits each file on its own.",
            DefaultValueFactory = _ => DefaultBatch,
        };
        batch.Validators.Add(value =>
        {
            if (value.GetValue(batch) < 1)
            {
                value.AddError("--batch must be at least 1.");
            }
        });
        var output = CommonOptions.Output();
        var command = new Command("ingest", "Ingest files or folders into the index (synchronously).") { paths, tags, recursive, parallel, batch, output };
        command.SetAction(async (result, cancellationToken) =>
        {
            var files = FileSelection.Expand(result.GetRequiredValue(paths), result.GetValue(recursive));
            using var host = context.BuildHost(result.GetValue(CommonOptions.DataDirectory));
            var ingestor = host.Services.GetRequiredService<DocumentIngestor>();
            var plan = IngestPlan.Create(files, result.GetValue(batch));
            var summary = await IngestAllAsync(context, ingestor, plan, files.Count, result.GetValue(tags) ?? [], result.GetValue(parallel), cancellationToken).ConfigureAwait(false);
            if (result.IsJson(output))
            {
                JsonOutput.Write(context.Stdout, summary);
            }
            else
            {
                context.Out.MarkupLine(FormattableString.Invariant(
                    $"Documents: [green]{summary.Added} added[/], {summary.Updated} updated, {summary.Unchanged} unchanged, [red]{summary.Failed} failed[/]; {summary.Chunks} chunks; {summary.Megabytes:0.00} MB in {summary.Seconds:0.00} s ({summary.MegabytesPerSecond:0.00} MB/s)"));
            }

            return summary.Failed > 0 ? ExitCodes.UserError : ExitCodes.Ok;
        });
        return command;
    }

    private static async Task<IngestSummary> IngestAllAsync(
        CliContext context, DocumentIngestor ingestor, IngestPlan plan, int fileCount, string[] tags, int parallel, CancellationToken cancellationToken)
    {
        var counts = new Dictionary<IngestionStatus, int>();
        var failed = 0;
        long chunks = 0;
        long bytes = 0;
        var clock = Stopwatch.StartNew();
        var failures = new List<string>();
        await context.Error.Progress().AutoClear(false).StartAsync(async progress =>
        {
            var task = progress.AddTask("Ingesting", maxValue: Math.Max(1, fileCount));
            var options = new ParallelOptions { MaxDegreeOfParallelism = parallel, CancellationToken = cancellationToken };
            var work = plan.Batches.Select(batch => (Batch: true, Files: batch)).Concat(plan.OneByOne.Select(group => (Batch: false, Files: group)));
            await Parallel.ForEachAsync(work, options, async (unit, token) =>
            {
                if (unit.Batch)
                {
                    await IngestBatchAsync(unit.Files, token).ConfigureAwait(false);
                    return;
                }

                foreach (var file in unit.Files)
                {
                    await IngestOneAsync(file, token).ConfigureAwait(false);
                }
            }).ConfigureAwait(false);

            async Task IngestOneAsync(SelectedFile file, CancellationToken token)
            {
                try
                {
                    var content = await File.ReadAllBytesAsync(file.FullPath, token).ConfigureAwait(false);
                    Record(file, content.Length, DocumentIngestOutcome.Succeeded(await ingestor.IngestAsync(Upload(file, content), token).ConfigureAwait(false)));
                }
                catch (Exception ex) when (ex is IngestionRejectedException or IOException or UnauthorizedAccessException)
                {
                    Record(file, 0, DocumentIngestOutcome.Failed(ex));
                }
            }

            async Task IngestBatchAsync(IReadOnlyList<SelectedFile> files, CancellationToken token)
            {
                var read = new List<(SelectedFile File, DocumentUpload Upload)>(files.Count);
                foreach (var file in files)
                {
                    try
                    {
                        read.Add((file, Upload(file, await File.ReadAllBytesAsync(file.FullPath, token).ConfigureAwait(false))));
                    }
                    catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                    {
                        Record(file, 0, DocumentIngestOutcome.Failed(ex));
                    }
                }

                var outcomes = await ingestor.IngestManyAsync([.. read.Select(r => r.Upload)], token).ConfigureAwait(false);
                for (var i = 0; i < read.Count; i++)
                {
                    Record(read[i].File, read[i].Upload.Content.Length, outcomes[i]);
                }
            }

            DocumentUpload Upload(SelectedFile file, byte[] content) =>
                new(Path.GetFileName(file.FullPath), content) { DocumentId = DocumentIds.FromSource(file.RelativeName), Tags = tags };

            void Record(SelectedFile file, long size, DocumentIngestOutcome outcome)
            {
                lock (counts)
                {
                    if (outcome.Result is { } result)
                    {
                        bytes += size;
                        counts[result.Status] = counts.GetValueOrDefault(result.Status) + 1;
                        chunks += result.Status == IngestionStatus.Unchanged ? 0 : result.ChunkCount;
                        failures.AddRange(result.Warnings.Select(w => $"warning: {file.RelativeName}: {w}"));
                    }
                    else
                    {
                        failed++;
                        failures.Add($"failed: {file.RelativeName}: {outcome.Error?.Message}");
                    }
                }

                task.Increment(1);
            }
        }).ConfigureAwait(false);
        failures.Sort(StringComparer.Ordinal);
        foreach (var failure in failures)
        {
            await context.Stderr.WriteLineAsync(failure).ConfigureAwait(false);
        }

        var seconds = Math.Max(clock.Elapsed.TotalSeconds, 1e-6);
        var megabytes = bytes / 1_000_000.0;
        return new IngestSummary(
            counts.GetValueOrDefault(IngestionStatus.Created),
            counts.GetValueOrDefault(IngestionStatus.Updated),
            counts.GetValueOrDefault(IngestionStatus.Unchanged),
            failed,
            chunks,
            megabytes,
            seconds,
            megabytes / seconds,
            failures);
    }
}

/// <summary>What <c>ragbot ingest</c> did.</summary>
internal sealed record IngestSummary(
    int Added, int Updated, int Unchanged, int Failed, long Chunks, double Megabytes, double Seconds, double MegabytesPerSecond, IReadOnlyList<string> Failures);
