namespace RagBot.Core.Errors;

/// <summary>A model provider refused the call for now (HTTP 429 with Retry-After).</summary>
public sealed class ProviderThrottledException : Exception
{
    public ProviderThrottledException(string message, TimeSpan? retryAfter, Exception? inner = null)
        : base(message, inner)
    {
        RetryAfter = retryAfter;
    }

    public TimeSpan? RetryAfter { get; }
}
