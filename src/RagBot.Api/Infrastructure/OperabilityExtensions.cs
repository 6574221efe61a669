using OpenTelemetry.Metrics;
using RagBot.Api.OpenApi;
using OpenTelemetry.Trace;
using Scalar.AspNetCore;

namespace RagBot.Api.Infrastructure;

internal static class OperabilityExtensions
{
    /// <summary>The setting that serves the Scalar reference page at <c>/docs</c> outside Development.</summary>
    public const string EnableDocsSetting = "RagBot:Api:EnableDocs";

    /// <summary>The OpenAPI document (<c>/openapi/v1.json</c>) and tracing/metrics of incoming requests.</summary>
    public static IHostApplicationBuilder AddRagBotOperability(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOpenApi(options =>
        {
            options.AddDocumentTransformer<RagBotDocumentTransformer>();
            options.AddOperationTransformer<ProblemResponsesTransformer>();
            options.AddOperationTransformer<ChatStreamingTransformer>();
        });
        builder.Services.AddOpenTelemetry()
            .WithTracing(tracing => tracing.AddAspNetCoreInstrumentation())
            .WithMetrics(metrics => metrics.AddAspNetCoreInstrumentation());
        return builder;
    }

    /// <summary>Maps <c>/openapi/v1.json</c> always, and the reference page <c>/docs</c> in Development or when enabled.</summary>
    public static WebApplication MapRagBotApiDocs(this WebApplication app)
    {
        app.MapOpenApi();
        if (app.Environment.IsDevelopment() || app.Configuration.GetValue<bool>(EnableDocsSetting))
        {
            app.MapScalarApiReference("/docs", options => options.WithTitle("RagBot API"));
        }

        return app;
    }
}
