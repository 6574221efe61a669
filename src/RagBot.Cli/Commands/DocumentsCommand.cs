using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using RagBot.Cli.Output;
using RagBot.Core.Documents;
using RagBot.Core.Errors;
using RagBot.Ingestion.Jobs;
using Spectre.Console;

namespace RagBot.Cli.Commands;

/// <summary><c>ragbot documents list | show &lt;id&gt; | delete &lt;id&gt;</c>.</summary>
internal static class DocumentsCommand
{
    public static Command Create(CliContext context) => new("documents", "List, show or delete stored documents.")
    {
        List(context),
        Show(context),
        Delete(context),
    };

    private static Command List(CliContext context)
    {
        var output = CommonOptions.Output();
        var command = new Command("list", "List the stored documents.") { output };
        command.SetAction(async (result, cancellationToken) =>
        {
            using var host = context.BuildHost(result.GetValue(CommonOptions.DataDirectory));
            var documents = await host.Services.GetRequiredService<IDocumentCatalog>().ListAsync(cancellationToken).ConfigureAwait(false);
            if (result.IsJson(output))
            {
                JsonOutput.Write(context.Stdout, documents);
                return ExitCodes.Ok;
            }

            var table = new Table().AddColumns("Id", "Source", "Type", "Bytes", "Chunks", "Tags", "Updated");
            foreach (var d in documents)
            {
                table.AddRow(
                    Markup.Escape(d.Id), Markup.Escape(d.Source), Markup.Escape(d.ContentType), d.SizeBytes.ToString(CultureInfo.InvariantCulture),
                    d.ChunkCount.ToString(CultureInfo.InvariantCulture), Markup.Escape(string.Join(", ", d.Tags)), d.UpdatedAt.ToString("u", CultureInfo.InvariantCulture));
            }

            context.Out.Write(table);
            context.Out.WriteLine(FormattableString.Invariant($"{documents.Count} document(s)"));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Show(CliContext context)
    {
        var id = new Argument<string>("id") { Description = "The document id." };
        var output = CommonOptions.Output();
        var command = new Command("show", "Show one document.") { id, output };
        command.SetAction(async (result, cancellationToken) =>
        {
            using var host = context.BuildHost(result.GetValue(CommonOptions.DataDirectory));
            var documentId = result.GetRequiredValue(id);
            var document = await host.Services.GetRequiredService<IDocumentCatalog>().GetAsync(documentId, cancellationToken).ConfigureAwait(false)
                ?? throw new DocumentNotFoundException(documentId);
            if (result.IsJson(output))
            {
                JsonOutput.Write(context.Stdout, document);
                return ExitCodes.Ok;
            }

            var grid = new Grid().AddColumn().AddColumn();
            grid.AddRow("Id", Markup.Escape(document.Id));
            grid.AddRow("Source", Markup.Escape(document.Source));
            grid.AddRow("Content type", Markup.Escape(document.ContentType));
            grid.AddRow("SHA-256", document.Sha256);
            grid.AddRow("Bytes", document.SizeBytes.ToString(CultureInfo.InvariantCulture));
            grid.AddRow("Chunks", document.ChunkCount.ToString(CultureInfo.InvariantCulture));
            grid.AddRow("Tags", Markup.Escape(string.Join(", ", document.Tags)));
            grid.AddRow("Created", document.CreatedAt.ToString("u", CultureInfo.InvariantCulture));
            grid.AddRow("Updated", document.UpdatedAt.ToString("u", CultureInfo.InvariantCulture));
            context.Out.Write(grid);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Delete(CliContext context)
    {
        var id = new Argument<string>("id") { Description = "The document id." };
        var command = new Command("delete", "Delete a document, its chunks and (when unused) its original.") { id };
        command.SetAction(async (result, cancellationToken) =>
        {
            using var host = context.BuildHost(result.GetValue(CommonOptions.DataDirectory));
            var documentId = result.GetRequiredValue(id);
            await host.Services.GetRequiredService<IngestionJobQueue>().DeleteDocumentAsync(documentId, cancellationToken).ConfigureAwait(false);
            context.Out.WriteLine($"Deleted {documentId}.");
            return ExitCodes.Ok;
        });
        return command;
    }
}
