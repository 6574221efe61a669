using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using RagBot.AppState;
using RagBot.Chat;
using RagBot.Core.Indexing;
using RagBot.Hosting.Health;
using RagBot.Indexing;
using RagBot.Providers.Configuration;

namespace RagBot.Hosting.Configuration;

/// <summary>
/// <c>ragbot config check</c>: composes RagBot exactly as the API does (same configuration sources, same
/// <see cref="HostApplicationBuilderExtensions.AddRagBot"/>), builds the host without starting it, runs the
/// start-up options validation, builds the components that check files (prompts, ONNX model), checks URLs,
/// and with <see cref="ConfigurationCheckRequest.Probe"/> calls the model providers and opens the vector store
/// with the embedder's dimension (which is where an index/embedder mismatch shows).
/// </summary>
public static class ConfigurationChecker
{
    public static async Task<ConfigurationReport> CheckAsync(ConfigurationCheckRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var findings = new List<ConfigurationFinding>();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = [.. request.Args],
            EnvironmentName = request.EnvironmentName
                ?? Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT")
                ?? Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT"),
            ContentRootPath = request.ContentRoot ?? Directory.GetCurrentDirectory(),
        });
        var environment = builder.Environment.EnvironmentName;
        findings.AddRange(SettingsInspector.Inspect(builder.Configuration));
        IHost host;
        try
        {
            builder.AddRagBot(seedSampleCorpus: false);
            host = builder.Build();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            findings.Add(FailureFindings.From(ex, "RagBot"));
            return new ConfigurationReport(environment, findings);
        }

        using (host)
        {
            var services = host.Services;
            if (!ValidateOptions(services, findings))
            {
                return new ConfigurationReport(environment, findings);
            }

            findings.Add(new(FindingSeverity.Ok, "RagBot:*", "Every options section passed validation."));
            Construct<PromptLibrary>(services, findings, $"{GroundedChatOptions.SectionName}:PromptsDirectory", "prompt templates found");
            Construct<IChatClient>(services, findings, $"{ChatProviderOptions.SectionName}:Provider", "chat model client built");
            Construct<IEmbeddingGenerator<string, Embedding<float>>>(services, findings, $"{EmbeddingProviderOptions.SectionName}:Provider", "embedder built");
            if (findings.Any(f => f.Severity == FindingSeverity.Error))
            {
                return new ConfigurationReport(environment, findings);
            }

            findings.AddRange(await LocalModelChecksAsync(services, cancellationToken).ConfigureAwait(false));
            if (request.Probe)
            {
                findings.AddRange(await ProbeAsync(services, cancellationToken).ConfigureAwait(false));
            }
        }

        return new ConfigurationReport(environment, findings);
    }

    private static bool ValidateOptions(IServiceProvider services, List<ConfigurationFinding> findings)
    {
        try
        {
            services.GetService<IStartupValidator>()?.Validate();
            return true;
        }
        catch (OptionsValidationException ex)
        {
            findings.AddRange(FailureFindings.FromValidation(ex));
        }
        catch (AggregateException ex)
        {
            findings.AddRange(ex.InnerExceptions.OfType<OptionsValidationException>().SelectMany(FailureFindings.FromValidation));
            findings.AddRange(ex.InnerExceptions.Where(e => e is not OptionsValidationException).Select(e => FailureFindings.From(e, "RagBot")));
        }
        catch (Exception ex) when (ex is InvalidOperationException or FormatException or ArgumentException)
        {
            findings.Add(FailureFindings.From(ex, "RagBot"));
        }

        return false;
    }

    private static void Construct<T>(IServiceProvider services, List<ConfigurationFinding> findings, string setting, string success)
        where T : notnull
    {
        try
        {
            services.GetRequiredService<T>();
            findings.Add(new(FindingSeverity.Ok, setting, success + "."));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            findings.Add(FailureFindings.From(ex, setting));
        }
    }

    private static async Task<IEnumerable<ConfigurationFinding>> LocalModelChecksAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var embeddings = ModelEndpoints.ForEmbeddings(services.GetRequiredService<IOptions<EmbeddingProviderOptions>>().Value);
        if (embeddings.IsRemote || embeddings.LocalProblem is null)
        {
            return [];
        }

        var result = await services.GetRequiredService<ModelProviderProbe>().ProbeAsync(embeddings, cancellationToken).ConfigureAwait(false);
        return [new(FindingSeverity.Error, embeddings.SettingPath, result.Description ?? "unusable")];
    }

    private static async Task<List<ConfigurationFinding>> ProbeAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var findings = new List<ConfigurationFinding>();
        var probe = services.GetRequiredService<ModelProviderProbe>();
        foreach (var endpoint in new[]
        {
            ModelEndpoints.ForChat(services.GetRequiredService<IOptions<ChatProviderOptions>>().Value),
            ModelEndpoints.ForEmbeddings(services.GetRequiredService<IOptions<EmbeddingProviderOptions>>().Value),
        })
        {
            var result = await probe.ProbeAsync(endpoint, cancellationToken).ConfigureAwait(false);
            var severity = result.Status switch
            {
                Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy => FindingSeverity.Ok,
                Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Degraded => FindingSeverity.Warning,
                _ => FindingSeverity.Error,
            };
            findings.Add(new(severity, endpoint.SettingPath, "probe: " + result.Description));
        }

        findings.Add(await ProbeAppStateAsync(services, cancellationToken).ConfigureAwait(false));
        findings.Add(await ProbeVectorStoreAsync(services, cancellationToken).ConfigureAwait(false));
        return findings;
    }

    private static async Task<ConfigurationFinding> ProbeAppStateAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var probe = services.GetRequiredService<IAppStateProbe>();
        var setting = services.GetRequiredService<IOptions<AppStateOptions>>().Value.Provider == AppStateProvider.PostgreSql
            ? "RagBot:AppState:PostgreSql:ConnectionString"
            : "RagBot:DataDirectory";
        try
        {
            await probe.CountDocumentsAsync(cancellationToken).ConfigureAwait(false);
            return new(FindingSeverity.Ok, setting, $"probe: app-state database {probe.Description} opened.");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return FailureFindings.From(ex, setting);
        }
    }

    private static async Task<ConfigurationFinding> ProbeVectorStoreAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        try
        {
            var dimensions = await EmbeddingDimensions.MeasureAsync(services.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>(), cancellationToken).ConfigureAwait(false);
            var collection = await services.GetRequiredService<IChunkCollectionProvider>().GetActiveCollectionAsync(cancellationToken).ConfigureAwait(false);
            return new(FindingSeverity.Ok, VectorStoreSettings.SectionName, $"probe: collection '{collection.Name}' is open and matches the embedder ({dimensions} dimensions).");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return FailureFindings.From(ex, VectorStoreSettings.SectionName);
        }
    }
}
