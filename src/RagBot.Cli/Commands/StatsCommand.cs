using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using RagBot.Core.Indexing;
using RagBot.Cli.Output;
using RagBot.Core.Documents;
using RagBot.Indexing;
using Spectre.Console;

namespace RagBot.Cli.Commands;

/// <summary><c>ragbot stats</c>: documents, chunks, bytes, and the index generation with what built it.</summary>
internal static class StatsCommand
{
    public static Command Create(CliContext context)
    {
        var output = CommonOptions.Output();
        var command = new Command("stats", "Show document, chunk and index-generation figures.") { output };
        command.SetAction(async (result, cancellationToken) =>
        {
            using var host = context.BuildHost(result.GetValue(CommonOptions.DataDirectory));
            var documents = await host.Services.GetRequiredService<IDocumentCatalog>().ListAsync(cancellationToken).ConfigureAwait(false);
            var active = await host.Services.GetRequiredService<ChunkCollectionProvider>().GetActiveGenerationAsync(cancellationToken).ConfigureAwait(false);
            var building = await host.Services.GetRequiredService<IIndexGenerationStore>().GetBuildingAsync(cancellationToken).ConfigureAwait(false);
            var current = await host.Services.GetRequiredService<CurrentIndexSpecification>().GetAsync(cancellationToken).ConfigureAwait(false);
            var stats = new IndexStats(
                documents.Count, documents.Sum(d => (long)d.ChunkCount), documents.Sum(d => d.SizeBytes), active, building, current, !current.Matches(active));
            if (result.IsJson(output))
            {
                JsonOutput.Write(context.Stdout, stats);
                return ExitCodes.Ok;
            }

            var grid = new Grid().AddColumn().AddColumn();
            grid.AddRow("Documents", stats.Documents.ToString(CultureInfo.InvariantCulture));
            grid.AddRow("Chunks", stats.Chunks.ToString(CultureInfo.InvariantCulture));
            grid.AddRow("Bytes", stats.Bytes.ToString(CultureInfo.InvariantCulture));
            grid.AddRow("Index generation", FormattableString.Invariant($"{active.Id} ({Markup.Escape(active.CollectionName)}, since {active.ActivatedAt:u})"));
            grid.AddRow("Embedder", FormattableString.Invariant($"{Markup.Escape(active.EmbedderModelId)} ({active.Dimensions} dimensions)"));
            grid.AddRow("Chunking", Markup.Escape(active.ChunkingFingerprint));
            grid.AddRow("Reindex needed", stats.ReindexNeeded
                ? Markup.Escape($"yes: settings now give {current.EmbedderModelId} ({current.Dimensions}), {current.ChunkingFingerprint}")
                : "no");
            if (building is not null)
            {
                grid.AddRow("Building", FormattableString.Invariant($"generation {building.Id} ({Markup.Escape(building.CollectionName)}), run `ragbot reindex` to finish it"));
            }

            context.Out.Write(grid);
            return ExitCodes.Ok;
        });
        return command;
    }
}

/// <summary>What <c>ragbot stats</c> reports.</summary>
internal sealed record IndexStats(
    int Documents, long Chunks, long Bytes, IndexGeneration ActiveGeneration, IndexGeneration? BuildingGeneration, IndexSpecification CurrentSettings, bool ReindexNeeded);
