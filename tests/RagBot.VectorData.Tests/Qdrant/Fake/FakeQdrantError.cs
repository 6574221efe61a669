namespace RagBot.VectorData.Tests.Qdrant.Fake;

/// <summary>An error the fake answers with, in Qdrant's shape <c>{"status": {"error": message}}</c>.</summary>
internal sealed class FakeQdrantError(int status, string message) : Exception(message)
{
    public int Status { get; } = status;
}
