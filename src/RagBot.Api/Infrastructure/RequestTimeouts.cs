using Microsoft.AspNetCore.Http.Timeouts;
using RagBot.Ingestion;

namespace RagBot.Api.Infrastructure;

/// <summary>
/// A time limit on every request (<c>RagBot:Api:RequestTimeoutSeconds</c>, default 300): a request still running
/// then is cancelled and answered 504 with problem details, so no client can hold a request open forever.
/// </summary>
internal static class RequestTimeouts
{
    public const string SettingName = "RagBot:Api:RequestTimeoutSeconds";
    private const int DefaultSeconds = 300;

    public static IHostApplicationBuilder AddRagBotRequestTimeouts(this IHostApplicationBuilder builder)
    {
        var seconds = builder.Configuration.GetValue<int?>(SettingName) ?? DefaultSeconds;
        if (seconds < 1)
        {
            throw new InvalidOperationException($"{SettingName} must be at least 1 (seconds); it is {seconds}.");
        }

        var wait = builder.Configuration.GetValue<int?>($"{IngestionOptions.SectionName}:WaitTimeoutSeconds") ?? new IngestionOptions().WaitTimeoutSeconds;
        if (wait >= seconds)
        {
            // Otherwise a slow upload with ?wait=true would get this 504 instead of its 202 with the job to poll.
            throw new InvalidOperationException(
                $"{IngestionOptions.SectionName}:WaitTimeoutSeconds ({wait}) must be below {SettingName} ({seconds}); lower the first or raise the second.");
        }

        builder.Services.AddRequestTimeouts(options => options.DefaultPolicy = new RequestTimeoutPolicy
        {
            Timeout = TimeSpan.FromSeconds(seconds),
            TimeoutStatusCode = StatusCodes.Status504GatewayTimeout,
            WriteTimeoutResponse = context => Results.Problem(
                    statusCode: StatusCodes.Status504GatewayTimeout,
                    title: "The request took too long.",
                    detail: $"RagBot stopped the request after {seconds} s ({SettingName}). Retry; for an upload, leave out ?wait=true and poll GET /api/jobs/{{jobId}}.")
                .ExecuteAsync(context),
        });
        return builder;
    }
}
