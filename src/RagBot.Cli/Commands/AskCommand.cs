using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using RagBot.Chat;
using RagBot.Cli.Output;
using Spectre.Console;

namespace RagBot.Cli.Commands;

/// <summary><c>ragbot ask "&lt;question&gt;" [--tag k:v]</c>: one grounded answer with its mode and citations.</summary>
internal static class AskCommand
{
    public static Command Create(CliContext context)
    {
        var question = new Argument<string>("question") { Description = "The question." };
        var tags = CommonOptions.Tags("Only use sources carrying this tag (key:value); repeat for more.");
        var output = CommonOptions.Output();
        var command = new Command("ask", "Ask one question and print the grounded answer with citations.") { question, tags, output };
        command.SetAction(async (result, cancellationToken) =>
        {
            var message = result.GetRequiredValue(question);
            if (string.IsNullOrWhiteSpace(message))
            {
                throw new CliUserException("The question is empty.");
            }

            using var host = context.BuildHost(result.GetValue(CommonOptions.DataDirectory));
            var chat = host.Services.GetRequiredService<GroundedChatService>();
            var answer = await chat.AskAsync(new ChatQuestion(message) { Tags = result.GetValue(tags) ?? [] }, cancellationToken).ConfigureAwait(false);
            if (result.IsJson(output))
            {
                JsonOutput.Write(context.Stdout, new { answer.Answer, answer.Mode, answer.Citations });
                return ExitCodes.Ok;
            }

            context.Out.WriteLine(answer.Answer);
            context.Out.WriteLine();
            context.Out.MarkupLine($"[grey]mode: {Markup.Escape(answer.Mode)}[/]");
            foreach (var citation in answer.Citations)
            {
                var page = citation.Page is not int p ? "" : citation.PageEnd is int end
                    ? string.Create(CultureInfo.InvariantCulture, $" p.{p}-{end}")
                    : string.Create(CultureInfo.InvariantCulture, $" p.{p}");
                context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{citation.Index}] {citation.Source}{page} ({citation.DocumentId}, score {citation.Score:0.000})"));
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
