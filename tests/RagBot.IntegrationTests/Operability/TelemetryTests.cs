using System.Diagnostics;
using System.Net.Http.Json;
using OpenTelemetry.Metrics;
using RagBot.Core.Diagnostics;
using RagBot.IntegrationTests.Api;

namespace RagBot.IntegrationTests.Operability;

public sealed class TelemetryTests : IClassFixture<TelemetryApiFactory>
{
    private const string Question = "Which grain does the Saffron Mill grind for the winter bread?";
    private const string DocumentText = "# Saffron Mill\n\nThe Saffron Mill grinds spelt for the winter bread and rye for the summer loaves.\n";
    private readonly TelemetryApiFactory _factory;

    public TelemetryTests(TelemetryApiFactory factory)
    {
        _factory = factory;
    }

    [Fact]
    public async Task One_chat_request_produces_the_chat_span_tree_without_content_and_records_metrics()
    {
        var client = _factory.CreateClient();
        (await client.UploadAsync("saffron-mill.md", DocumentText, "saffron-mill")).EnsureSuccessStatusCode();
        var traceId = ActivityTraceId.CreateRandom();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/chat") { Content = JsonContent.Create(new { message = Question }) };
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");

        var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        response.EnsureSuccessStatusCode();
        var trace = Snapshot().Where(a => a.TraceId == traceId).ToList();
        var chat = Assert.Single(trace, a => a.Source.Name == RagBotTelemetry.Name && a.OperationName == RagBotSpans.Chat);

        // The request span may be exported only after the client has its response, so check the in-process parent.
        Assert.Equal(ActivityKind.Server, chat.Parent?.Kind);
        Assert.Equal(chat.Parent!.SpanId, chat.ParentSpanId);
        var children = trace.Where(a => a.ParentSpanId == chat.SpanId).Select(a => a.OperationName).ToList();
        Assert.Equal(
            [RagBotSpans.EmbedQuery, RagBotSpans.Retrieve, RagBotSpans.Prompt, RagBotSpans.Generate, RagBotSpans.StoreTurn],
            children.Where(n => n != RagBotSpans.Condense));
        var retrieve = Assert.Single(trace, a => a.OperationName == RagBotSpans.Retrieve);
        Assert.Contains(trace, a => a.OperationName == RagBotSpans.VectorSearch && a.ParentSpanId == retrieve.SpanId);
        var generate = Assert.Single(trace, a => a.OperationName == RagBotSpans.Generate);
        Assert.Contains(trace, a => a.Source.Name == "Experimental.Microsoft.Extensions.AI" && a.ParentSpanId == generate.SpanId);
        Assert.Contains(trace, a => a.Source.Name == "Experimental.Microsoft.Extensions.AI" && a.ParentSpanId != generate.SpanId);
        AssertNoContent(trace);

        _factory.FlushMetrics();
        var metrics = MetricsSnapshot();
        Assert.True(Sum(metrics, "ragbot.chat.requests") >= 1);
        Assert.True(HistogramCount(metrics, "ragbot.chat.duration") >= 1);
        Assert.True(HistogramCount(metrics, "ragbot.retrieval.duration") >= 1);
        Assert.Contains(metrics, m => m.Name == "ragbot.chat.tokens");
        Assert.True(Sum(metrics, "ragbot.ingestion.documents") >= 1);
        Assert.True(Sum(metrics, "ragbot.ingestion.chunks") >= 1);
        Assert.Contains(metrics, m => m.Name == "http.server.request.duration");
    }

    [Theory]
    [InlineData("/api/chat")]
    [InlineData("/v1/chat/completions")]
    public async Task A_streamed_chat_is_counted_and_timed_like_a_whole_one(string path)
    {
        var client = _factory.CreateClient();
        (await client.UploadAsync("saffron-mill.md", DocumentText, "saffron-mill")).EnsureSuccessStatusCode();
        _factory.FlushMetrics();
        var before = StreamedPoints(MetricsSnapshot(), "ragbot.chat.requests").Sum(p => p.GetSumLong());
        object body = path == "/api/chat"
            ? new { message = Question, stream = true }
            : new { model = "ragbot", stream = true, messages = new[] { new { role = "user", content = Question } } };

        var response = await client.PostAsJsonAsync(path, body, TestContext.Current.CancellationToken);
        var events = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Contains("Saffron", events, StringComparison.Ordinal);
        _factory.FlushMetrics();
        var metrics = MetricsSnapshot();
        Assert.True(StreamedPoints(metrics, "ragbot.chat.requests").Sum(p => p.GetSumLong()) > before);
        Assert.Contains(StreamedPoints(metrics, "ragbot.chat.duration"), p => p.GetHistogramCount() >= 1);
    }

    [Fact]
    public async Task Ingesting_a_document_produces_the_ingest_span_tree()
    {
        var client = _factory.CreateClient();

        (await client.UploadAsync("kiln.md", "# Kiln\n\nThe kiln fires the clay pots at dawn.\n", "kiln-notes")).EnsureSuccessStatusCode();

        var spans = Snapshot();
        var ingest = Assert.Single(spans, a => a.OperationName == RagBotSpans.Ingest && (string?)a.GetTagItem("ragbot.document.id") == "kiln-notes");
        var children = spans.Where(a => a.TraceId == ingest.TraceId && a.ParentSpanId == ingest.SpanId).Select(a => a.OperationName).ToList();
        Assert.Equal([RagBotSpans.Parse, RagBotSpans.Chunk, RagBotSpans.Embed, RagBotSpans.Upsert], children);
        AssertNoContent(spans.Where(a => a.TraceId == ingest.TraceId));
    }

    [Fact]
    public async Task With_record_content_on_the_question_and_the_model_messages_are_on_the_spans()
    {
        try
        {
            using var factory = new ContentFactory();
            var client = factory.CreateClient();
            (await client.UploadAsync("saffron-mill.md", DocumentText, "saffron-mill")).EnsureSuccessStatusCode();

            var traceId = ActivityTraceId.CreateRandom();
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/chat") { Content = JsonContent.Create(new { message = Question }) };
            request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");
            (await client.SendAsync(request, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();

            var spans = factory.Spans.Snapshot().Where(a => a.TraceId == traceId).ToList();

            var chat = Assert.Single(spans, a => a.OperationName == RagBotSpans.Chat);
            Assert.Equal(Question, chat.GetTagItem("ragbot.question"));
            var generate = Assert.Single(spans, a => a.OperationName == RagBotSpans.Generate);
            var model = Assert.Single(spans, a => a.Source.Name == "Experimental.Microsoft.Extensions.AI" && a.ParentSpanId == generate.SpanId);
            Assert.Contains(model.TagObjects, t => t.Value?.ToString()?.Contains("Saffron", StringComparison.Ordinal) == true);
        }
        finally
        {
            // The switch is process-wide (one host per process in production); give the other tests of this class their default back.
            RagBotTelemetry.RecordContent = false;
        }
    }

    private List<Activity> Snapshot() => _factory.Spans.Snapshot();

    private List<MetricSnapshot> MetricsSnapshot() => _factory.Metrics.Snapshot();

    private static void AssertNoContent(IEnumerable<Activity> spans)
    {
        foreach (var span in spans)
        {
            foreach (var tag in span.TagObjects)
            {
                var value = tag.Value?.ToString() ?? "";
                Assert.DoesNotContain("Saffron", value, StringComparison.Ordinal);
                Assert.DoesNotContain("kiln fires", value, StringComparison.Ordinal);
            }
        }
    }

    private static List<MetricPoint> StreamedPoints(List<MetricSnapshot> metrics, string name)
    {
        var points = new List<MetricPoint>();
        foreach (var point in metrics.Where(m => m.Name == name).SelectMany(m => m.MetricPoints))
        {
            foreach (var tag in point.Tags)
            {
                if (tag.Key == "streamed" && tag.Value is true)
                {
                    points.Add(point);
                }
            }
        }

        return points;
    }

    private static long Sum(List<MetricSnapshot> metrics, string name)
    {
        long total = 0;
        foreach (var point in metrics.Where(m => m.Name == name).SelectMany(m => m.MetricPoints))
        {
            total += point.GetSumLong();
        }

        return total;
    }

    private static long HistogramCount(List<MetricSnapshot> metrics, string name)
    {
        long total = 0;
        foreach (var point in metrics.Where(m => m.Name == name).SelectMany(m => m.MetricPoints))
        {
            total += point.GetHistogramCount();
        }

        return total;
    }

    private sealed class ContentFactory() : TelemetryApiFactory(new Dictionary<string, string?> { ["RagBot:Telemetry:RecordContent"] = "true" });
}
