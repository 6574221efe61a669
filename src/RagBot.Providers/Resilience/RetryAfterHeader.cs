using System.ClientModel.Primitives;
using System.Globalization;

namespace RagBot.Providers.Resilience;

/// <summary>Reads how long a provider asks us to wait: Retry-After (seconds or HTTP date) or OpenAI's retry-after-ms.</summary>
internal static class RetryAfterHeader
{
    public static TimeSpan? Read(HttpResponseMessage response)
    {
        if (response.Headers.TryGetValues("retry-after-ms", out var milliseconds) && ParseMilliseconds(milliseconds.FirstOrDefault()) is { } ms)
        {
            return ms;
        }

        return response.Headers.RetryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => Clamp(date - DateTimeOffset.UtcNow),
            _ => null,
        };
    }

    public static TimeSpan? Read(PipelineResponse? response)
    {
        if (response is null)
        {
            return null;
        }

        if (response.Headers.TryGetValue("retry-after-ms", out var milliseconds) && ParseMilliseconds(milliseconds) is { } ms)
        {
            return ms;
        }

        if (!response.Headers.TryGetValue("Retry-After", out var value) || string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0)
        {
            return TimeSpan.FromSeconds(seconds);
        }

        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date)
            ? Clamp(date - DateTimeOffset.UtcNow)
            : null;
    }

    private static TimeSpan? ParseMilliseconds(string? value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var ms) && ms >= 0 ? TimeSpan.FromMilliseconds(ms) : null;

    private static TimeSpan Clamp(TimeSpan wait) => wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
}
