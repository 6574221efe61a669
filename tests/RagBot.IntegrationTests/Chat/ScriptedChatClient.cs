using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace RagBot.IntegrationTests.Chat;

/// <summary>
/// A stand-in for a generative chat model (which cannot run here): records every prompt it receives and
/// answers with the text the test scripts for it, streamed word by word with usage at the end.
/// </summary>
internal sealed class ScriptedChatClient : IChatClient
{
    private readonly ConcurrentQueue<IReadOnlyList<ChatMessage>> _calls = new();

    /// <summary>Chooses the reply from the messages of a call.</summary>
    public Func<IReadOnlyList<ChatMessage>, string> Reply { get; set; } = _ => "";

    public IReadOnlyList<IReadOnlyList<ChatMessage>> Calls => _calls.ToList();

    public void Reset(Func<IReadOnlyList<ChatMessage>, string> reply)
    {
        _calls.Clear();
        Reply = reply;
    }

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var text = Record(messages);
        return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, text))
        {
            ModelId = "scripted",
            FinishReason = ChatFinishReason.Stop,
            Usage = UsageOf(text),
        });
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var text = Record(messages);
        var words = text.Split(' ');
        for (var i = 0; i < words.Length; i++)
        {
            await Task.Yield();
            yield return new ChatResponseUpdate(ChatRole.Assistant, i == 0 ? words[i] : " " + words[i]) { ModelId = "scripted" };
        }

        yield return new ChatResponseUpdate { ModelId = "scripted", FinishReason = ChatFinishReason.Stop, Contents = [new UsageContent(UsageOf(text))] };
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
    }

    private string Record(IEnumerable<ChatMessage> messages)
    {
        var list = messages.ToList();
        _calls.Enqueue(list);
        return Reply(list);
    }

    private static UsageDetails UsageOf(string text) => new() { InputTokenCount = 100, OutputTokenCount = text.Split(' ').Length, TotalTokenCount = 100 + text.Split(' ').Length };
}
