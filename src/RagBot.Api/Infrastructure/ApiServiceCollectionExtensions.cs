using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using RagBot.Ingestion;

namespace RagBot.Api.Infrastructure;

internal static class ApiServiceCollectionExtensions
{
    /// <summary>HTTP concerns of the API: problem details, request validation, JSON shape, error handling.</summary>
    public static IHostApplicationBuilder AddRagBotApi(this IHostApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            ProblemTypes.Apply(context);
            context.ProblemDetails.Extensions["traceId"] = System.Diagnostics.Activity.Current?.Id ?? context.HttpContext.TraceIdentifier;
        });
        builder.Services.AddSingleton<OversizedRequestGuard>();
        builder.Services.AddSingleton<UploadMemoryBudget>();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IProblemDetailsWriter, ProblemJsonFallbackWriter>());
        builder.Services.AddExceptionHandler<RagBotExceptionHandler>();
        builder.Services.AddValidation();
        builder.Services.AddSingleton<RequestLogging>();
        builder.Logging.AddFilter(RequestLogging.HostingCategory, LogLevel.Warning);
        builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        builder.Services.Configure<JsonOptions>(options =>
        {
            options.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
            options.SerializerOptions.Converters.Add(new ValidatedJsonElementConverter());
            options.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        });
        builder.Services.AddOptions<KestrelServerOptions>().Configure<IOptions<IngestionOptions>>((kestrel, ingestion) =>
        {
            kestrel.Limits.MaxRequestBodySize = ingestion.Value.MaxUploadBytes + MultipartOverheadBytes;
            OversizedRequestGuard.Configure(kestrel);
        });
        return builder;
    }

    /// <summary>Room for multipart headers and the small form fields around the file.</summary>
    private const long MultipartOverheadBytes = 1024 * 1024;
}
