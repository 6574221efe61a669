using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace RagBot.Hosting.Memory;

public static class MemoryServiceCollectionExtensions
{
    /// <summary>Binds <c>RagBot:Memory</c> and runs the idle trimmer (<see cref="IdleMemoryTrimmer"/>).</summary>
    public static IServiceCollection AddRagBotMemoryTrimming(this IServiceCollection services)
    {
        services.AddOptions<MemoryOptions>().BindConfiguration(MemoryOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddHostedService<IdleMemoryTrimmer>();
        return services;
    }
}
