using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using RagBot.IntegrationTests.Api;

namespace RagBot.IntegrationTests.Chat;

/// <summary>The real API with the chat model replaced by a <see cref="ScriptedChatClient"/> (a generative model's stand-in).</summary>
public sealed class ScriptedChatApiFactory : RagBotApiFactory
{
    internal ScriptedChatClient Model { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<IChatClient>(Model));
    }
}
