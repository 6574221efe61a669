using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using RagBot.AppState;
using System.Text.Json;
using RagBot.Cli.Output;
using RagBot.Evaluation;
using RagBot.Retrieval;
using Spectre.Console;

namespace RagBot.Cli.Commands;

/// <summary>
/// <c>ragbot eval --dataset &lt;dir&gt; [--k 10] [--json] [--mode hybrid|vector|keyword] [--negatives q.jsonl] [--outcomes o.jsonl] [--save]</c>:
/// retrieval quality on a BEIR-layout dataset, in a scratch index, then the chat path's found / not-found
/// decision (answered, answered_relevant, false_answers). With --json, stdout carries exactly one JSON object. With
/// --save, the result also goes to <c>&lt;DataDirectory&gt;/eval/last.json</c>, which the API serves to the web page.
/// </summary>
internal static class EvalCommand
{
    private static readonly JsonSerializerOptions OutcomeJson = new(JsonSerializerDefaults.Web);

    public static Command Create(CliContext context)
    {
        var dataset = new Option<string>("--dataset") { Description = "A BEIR-layout directory (corpus.jsonl, queries.jsonl, qrels/test.tsv).", Required = true };
        var k = new Option<int>("--k") { Description = "Cut-off of nDCG, Recall and MRR.", DefaultValueFactory = _ => 10 };
        var json = new Option<bool>("--json") { Description = "Print one JSON object (ndcg@k, recall@k, recall@100, mrr@k, queries, ingest_s, reused_index, p50_ms, p99_ms, stages (p50_ms and p99_ms per retrieval stage), answered, answered_relevant, false_answers, negatives, gate_threshold) and nothing else on stdout." };
        var mode = new Option<string>("--mode") { Description = "Retrieval mode: hybrid, vector or keyword.", DefaultValueFactory = _ => "hybrid" }
            .AcceptOnlyFromAmong("hybrid", "vector", "keyword");
        var save = new Option<bool>("--save") { Description = "Also save the result as <data-dir>/eval/last.json (shown by the web page and GET /api/admin/eval)." };
        var negatives = new Option<string?>("--negatives") { Description = "A JSONL file of off-topic questions (_id, text) that should be answered \"not found\"." };
        var outcomes = new Option<string?>("--outcomes") { Description = "Write each question's outcome (best cosine, answered, cites a relevant document) to this JSONL file, for calibrating RagBot:Retrieval:MinRelevance." };
        var keepIndex = new Option<bool>("--keep-index")
        {
            Description = "Keep the evaluation's index in <data-dir>/eval/indexes and reuse it while the corpus and the RagBot:Embeddings, Chunking, Ingestion and VectorStore settings are unchanged (retrieval settings can change: no re-ingestion).",
        };
        var command = new Command("eval", "Evaluate retrieval and the answer gate on a BEIR-layout dataset (scratch index; the live data is not touched).") { dataset, k, json, mode, negatives, outcomes, save, keepIndex };
        command.SetAction(async (result, cancellationToken) =>
        {
            var cutoff = result.GetValue(k);
            if (cutoff < 1)
            {
                throw new CliUserException("--k must be at least 1.");
            }

            var configuration = context.BuildConfiguration(result.GetValue(CommonOptions.DataDirectory));
            var dataDirectory = configuration.GetSection(DataDirectoryOptions.SectionName).Get<DataDirectoryOptions>()?.DataDirectory ?? new DataDirectoryOptions().DataDirectory;
            var request = new EvaluationRequest(result.GetRequiredValue(dataset))
            {
                K = cutoff,
                Mode = Enum.Parse<RetrievalMode>(result.GetRequiredValue(mode), ignoreCase: true),
                NegativesPath = result.GetValue(negatives),
                KeepIndexIn = result.GetValue(keepIndex) ? dataDirectory : null,
            };
            var evaluator = new RetrievalEvaluator(configuration);
            var report = await RunWithProgressAsync(context, evaluator, request, cancellationToken).ConfigureAwait(false);
            if (result.GetValue(save))
            {
                await LastEvaluationFile.SaveAsync(dataDirectory, SavedEvaluation.From(report, request.DatasetDirectory, DateTimeOffset.UtcNow), cancellationToken).ConfigureAwait(false);
            }
            if (result.GetValue(outcomes) is { } outcomesPath && report.Answers is not null)
            {
                await File.WriteAllLinesAsync(outcomesPath, report.Answers.Outcomes.Select(o => JsonSerializer.Serialize(o, OutcomeJson)), cancellationToken).ConfigureAwait(false);
            }

            if (result.GetValue(json))
            {
                WriteJson(context.Stdout, report);
            }
            else
            {
                WriteTable(context, report);
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static async Task<EvaluationReport> RunWithProgressAsync(CliContext context, RetrievalEvaluator evaluator, EvaluationRequest request, CancellationToken cancellationToken)
    {
        EvaluationReport? report = null;
        await context.Error.Progress().AutoClear(false).StartAsync(async progress =>
        {
            var ingest = progress.AddTask("Ingesting corpus", maxValue: 1);
            var query = progress.AddTask("Running queries", maxValue: 1);
            var answer = progress.AddTask("Answering (gate + extractive)", maxValue: 1);
            var reporter = new SynchronousProgress<EvaluationProgress>(p =>
            {
                var task = p.Stage switch { "ingest" => ingest, "query" => query, _ => answer };
                task.MaxValue = Math.Max(1, p.Total);
                task.Value = p.Done;
            });
            report = await evaluator.RunAsync(request, reporter, cancellationToken).ConfigureAwait(false);
        }).ConfigureAwait(false);
        return report!;
    }

    private static void WriteJson(TextWriter stdout, EvaluationReport report)
    {
        var k = report.K.ToString(CultureInfo.InvariantCulture);
        var figures = new Dictionary<string, object>
        {
            ["ndcg@" + k] = Math.Round(report.Ndcg, 4),
            ["recall@" + k] = Math.Round(report.Recall, 4),
            ["recall@100"] = Math.Round(report.Recall100, 4),
            ["mrr@" + k] = Math.Round(report.Mrr, 4),
            ["queries"] = report.Queries,
            ["ingest_s"] = Math.Round(report.IngestSeconds, 1),
            ["reused_index"] = report.ReusedIndex,
            ["p50_ms"] = Math.Round(report.P50Milliseconds, 2),
            ["p99_ms"] = Math.Round(report.P99Milliseconds, 2),
            ["stages"] = report.Stages.ToDictionary(
                s => s.Stage, s => new Dictionary<string, double> { ["p50_ms"] = Math.Round(s.P50Milliseconds, 3), ["p99_ms"] = Math.Round(s.P99Milliseconds, 3) }),
        };
        if (report.Answers is { } answers)
        {
            figures["answered"] = Math.Round(answers.Answered, 4);
            figures["answered_relevant"] = Math.Round(answers.AnsweredRelevant, 4);
            figures["false_answers"] = Math.Round(answers.FalseAnswers, 4);
            figures["negatives"] = answers.Negatives;
            if (answers.GateThreshold is { } gate)
            {
                figures["gate_threshold"] = Math.Round(gate, 4);
            }
        }

        stdout.WriteLine(JsonSerializer.Serialize(figures));
    }

    private static void WriteTable(CliContext context, EvaluationReport report)
    {
        var k = report.K.ToString(CultureInfo.InvariantCulture);
        var table = new Table().AddColumns("Metric", "Value");
        table.AddRow("mode", report.Mode.ToString().ToLowerInvariant());
        table.AddRow("nDCG@" + k, report.Ndcg.ToString("0.0000", CultureInfo.InvariantCulture));
        table.AddRow("Recall@" + k, report.Recall.ToString("0.0000", CultureInfo.InvariantCulture));
        table.AddRow("Recall@100", report.Recall100.ToString("0.0000", CultureInfo.InvariantCulture));
        table.AddRow("MRR@" + k, report.Mrr.ToString("0.0000", CultureInfo.InvariantCulture));
        table.AddRow("queries", report.Queries.ToString(CultureInfo.InvariantCulture));
        table.AddRow("latency p50 / p99", string.Create(CultureInfo.InvariantCulture, $"{report.P50Milliseconds:0.0} ms / {report.P99Milliseconds:0.0} ms"));
        foreach (var stage in report.Stages)
        {
            table.AddRow("  " + stage.Stage, string.Create(CultureInfo.InvariantCulture, $"{stage.P50Milliseconds:0.00} ms / {stage.P99Milliseconds:0.00} ms"));
        }

        if (report.Answers is { } answers)
        {
            table.AddRow("answered", answers.Answered.ToString("0.0000", CultureInfo.InvariantCulture));
            table.AddRow("answered_relevant", answers.AnsweredRelevant.ToString("0.0000", CultureInfo.InvariantCulture));
            table.AddRow("false_answers", string.Create(CultureInfo.InvariantCulture, $"{answers.FalseAnswers:0.0000} (of {answers.Negatives} negatives)"));
        }

        table.AddRow("documents (skipped)", string.Create(CultureInfo.InvariantCulture, $"{report.Documents} ({report.DocumentsSkipped}), {(report.ReusedIndex ? "kept index reused" : $"ingested in {report.IngestSeconds:0.0} s")}"));
        context.Out.Write(table);
    }
}
