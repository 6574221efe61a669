using Microsoft.Extensions.AI;
using Microsoft.Extensions.Hosting;

namespace RagBot.Hosting.Telemetry;

/// <summary>
/// When <c>RagBot:Telemetry:RecordContent</c> is true, lets M.E.AI's OpenTelemetry layers (already in the
/// providers' pipelines) put messages and model output on their spans. Found through <c>GetService</c>, so
/// the providers' pipeline code does not need to know about the setting.
/// </summary>
internal sealed class SensitiveDataSwitch : IHostedService
{
    private readonly IChatClient _chatClient;
    private readonly IEmbeddingGenerator<string, Embedding<float>> _embedder;

    public SensitiveDataSwitch(IChatClient chatClient, IEmbeddingGenerator<string, Embedding<float>> embedder)
    {
        _chatClient = chatClient;
        _embedder = embedder;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (_chatClient.GetService<OpenTelemetryChatClient>() is { } chat)
        {
            chat.EnableSensitiveData = true;
        }

        if (_embedder.GetService<OpenTelemetryEmbeddingGenerator<string, Embedding<float>>>() is { } embeddings)
        {
            embeddings.EnableSensitiveData = true;
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
