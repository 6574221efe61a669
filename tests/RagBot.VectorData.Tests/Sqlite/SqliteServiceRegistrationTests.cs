using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.VectorData;
using RagBot.VectorData.Sqlite;

namespace RagBot.VectorData.Tests.Sqlite;

/// <summary>The DI entry point binds its settings from configuration and hands out one working store.</summary>
public sealed class SqliteServiceRegistrationTests : IDisposable
{
    private readonly TempDirectory directory = new();

    [Fact]
    public async Task AddSqliteVectorStore_binds_configuration_and_registers_a_working_vector_store()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["RagBot:VectorStore:Sqlite:DatabasePath"] = directory.File("di.db"),
            ["RagBot:VectorStore:Sqlite:RescoreFactor"] = "7",
            ["RagBot:VectorStore:Sqlite:Quantization"] = "Int8",
        }).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration);

        services.AddSqliteVectorStore();
        await using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<SqliteVectorStoreOptions>>().Value;
        Assert.Equal((7, SqliteVectorQuantization.Int8), (options.RescoreFactor, options.Quantization));
        var store = provider.GetRequiredService<VectorStore>();
        Assert.Same(store, provider.GetRequiredService<SqliteVectorStore>());
        var collection = store.GetCollection<Guid, ChunkLikeRecord>("chunks", ChunkLikeRecord.Definition(2));
        await collection.EnsureCollectionExistsAsync(TestContext.Current.CancellationToken);
        Assert.True(File.Exists(directory.File("di.db")));
    }

    [Fact]
    public void Invalid_settings_fail_validation_naming_the_setting()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["RagBot:VectorStore:Sqlite:RescoreFactor"] = "0",
        }).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration);
        services.AddSqliteVectorStore(directory.File("x.db"));
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<SqliteVectorStoreOptions>>().Value);

        Assert.Contains("RescoreFactor", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_store_without_a_file_or_connection_string_fails_validation_naming_the_setting()
    {
        var services = new ServiceCollection().AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddSqliteVectorStore(o => o.DatabasePath = " ");
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<SqliteVectorStoreOptions>>().Value);

        Assert.Contains("RagBot:VectorStore:Sqlite:DatabasePath must be set", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => directory.Dispose();
}
