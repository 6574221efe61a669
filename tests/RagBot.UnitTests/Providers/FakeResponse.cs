namespace RagBot.UnitTests.Providers;

/// <summary>What the fake provider answers: a JSON body, or SSE frames written one by one.</summary>
internal sealed record FakeResponse(
    int Status, string Body = "", IReadOnlyDictionary<string, string>? Headers = null, IReadOnlyList<string>? SseData = null, TimeSpan FramePause = default);
