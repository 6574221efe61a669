using System.ClientModel.Primitives;
using RagBot.Providers.Resilience;

namespace RagBot.Providers.Remote;

/// <summary>
/// Points an OpenAI/Azure SDK client at our resilient HttpClient and switches off the SDK's own retries, so
/// there is exactly one retry layer.
/// </summary>
internal static class SdkPipelineSettings
{
    public static T Apply<T>(T options, HttpClient httpClient, ProviderResilienceOptions resilience, bool sendsApiKey)
        where T : ClientPipelineOptions
    {
        options.Transport = new HttpClientPipelineTransport(httpClient);
        options.RetryPolicy = new ClientRetryPolicy(maxRetries: 0);
        // The resilience handler enforces the real timeouts; this only bounds reading a stalled response body.
        options.NetworkTimeout = TimeSpan.FromSeconds(resilience.TotalTimeoutSeconds + 5);
        if (!sendsApiKey)
        {
            options.AddPolicy(new OmitAuthorizationPolicy(), PipelinePosition.BeforeTransport);
        }

        return options;
    }

    /// <summary>Keyless OpenAI-compatible servers get no Authorization header at all (the SDK insists on a key).</summary>
    private sealed class OmitAuthorizationPolicy : PipelinePolicy
    {
        public override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
        {
            message.Request.Headers.Remove("Authorization");
            ProcessNext(message, pipeline, currentIndex);
        }

        public override ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
        {
            message.Request.Headers.Remove("Authorization");
            return ProcessNextAsync(message, pipeline, currentIndex);
        }
    }
}
