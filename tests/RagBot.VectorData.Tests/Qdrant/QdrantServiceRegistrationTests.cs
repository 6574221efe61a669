using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.VectorData;
using RagBot.VectorData.Qdrant;
using RagBot.VectorData.Qdrant.Internals.Http;

namespace RagBot.VectorData.Tests.Qdrant;

public sealed class QdrantServiceRegistrationTests
{
    [Fact]
    public void The_vector_store_and_the_qdrant_store_are_one_singleton()
    {
        using var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder()
                .AddInMemoryCollection(new Dictionary<string, string?> { ["RagBot:VectorStore:Qdrant:Url"] = "http://localhost:6333" })
                .Build())
            .AddQdrantVectorStore()
            .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });

        var store = services.GetRequiredService<VectorStore>();

        Assert.Same(services.GetRequiredService<QdrantVectorStore>(), store);
        Assert.Same(store, services.GetRequiredService<VectorStore>());
        Assert.Equal("qdrant", ((VectorStoreMetadata)store.GetService(typeof(VectorStoreMetadata))!).VectorStoreSystemName);
    }

    [Fact]
    public void A_custom_section_and_a_configure_callback_are_honoured()
    {
        using var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder()
                .AddInMemoryCollection(new Dictionary<string, string?> { ["Custom:Url"] = "http://qdrant:6333", ["Custom:MaxRetries"] = "5" })
                .Build())
            .AddQdrantVectorStore("Custom", options => options.CollectionPrefix = "tenant1_")
            .BuildServiceProvider();

        var options = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<QdrantOptions>>().Value;

        Assert.Equal(new Uri("http://qdrant:6333"), options.Url);
        Assert.Equal(5, options.MaxRetries);
        Assert.Equal("tenant1_", options.CollectionPrefix);
    }

    [Theory]
    [InlineData("http://localhost:6333", "http://localhost:6333/")]
    [InlineData("https://proxy.example/qdrant", "https://proxy.example/qdrant/")]
    [InlineData("https://proxy.example/qdrant/", "https://proxy.example/qdrant/")]
    public void A_url_path_prefix_survives_relative_requests(string url, string expected) =>
        Assert.Equal(new Uri(expected), QdrantRestClient.WithTrailingSlash(new Uri(url)));
}
