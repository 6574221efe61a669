using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RagBot.Core.Chat;
using RagBot.Providers.Local;
using RagBot.Providers.Onnx;

namespace RagBot.UnitTests.Providers;

public sealed class ProviderSelectionTests
{
    [Fact]
    public async Task With_no_settings_the_local_extractive_answerer_and_the_built_in_MiniLM_model_are_used()
    {
        await using var services = ProviderTestHost.Build([]);
        services.GetRequiredService<IStartupValidator>().Validate();

        var chat = services.GetRequiredService<IChatClient>();
        var embedder = services.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();

        Assert.NotNull(chat.GetService<ExtractiveChatClient>());
        Assert.Equal(ExtractiveChatClient.ModelId, chat.GetService<ChatClientMetadata>()?.DefaultModelId);
        Assert.NotNull(embedder.GetService<OnnxEmbeddingGenerator>());
        Assert.Equal(384, embedder.GetService<EmbeddingGeneratorMetadata>()?.DefaultModelDimensions);
        Assert.Equal("onnx:all-MiniLM-L6-v2:mean:norm:t256", embedder.GetService<EmbeddingGeneratorMetadata>()?.DefaultModelId);
        var answer = await chat.GetResponseAsync("hello", cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(AnswerMode.Extractive, answer.AdditionalProperties?["ragbot.mode"]);
    }

    [Theory]
    [InlineData("RagBot:Chat:Provider", "OpenAI", "RagBot:Chat:OpenAI:ApiKey is required when RagBot:Chat:Provider is OpenAI")]
    [InlineData("RagBot:Chat:Provider", "AzureOpenAI", "RagBot:Chat:AzureOpenAI:Endpoint is required when RagBot:Chat:Provider is AzureOpenAI")]
    [InlineData("RagBot:Chat:Provider", "AzureOpenAI", "RagBot:Chat:AzureOpenAI:Deployment is required when RagBot:Chat:Provider is AzureOpenAI")]
    [InlineData("RagBot:Chat:Provider", "OpenAICompatible", "RagBot:Chat:OpenAICompatible:BaseUrl is required when RagBot:Chat:Provider is OpenAICompatible")]
    [InlineData("RagBot:Embeddings:Provider", "OpenAI", "RagBot:Embeddings:OpenAI:ApiKey is required when RagBot:Embeddings:Provider is OpenAI")]
    [InlineData("RagBot:Embeddings:Provider", "OpenAICompatible", "RagBot:Embeddings:OpenAICompatible:Model is required when RagBot:Embeddings:Provider is OpenAICompatible")]
    [InlineData("RagBot:Embeddings:Onnx:VocabPath", "vocab.txt", "RagBot:Embeddings:Onnx:ModelPath is required when RagBot:Embeddings:Provider is Onnx with a model of your own")]
    public async Task A_missing_setting_fails_start_up_naming_its_path(string key, string provider, string expected)
    {
        await using var services = ProviderTestHost.Build([new(key, provider)]);

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_model_file_fails_start_up_naming_the_setting_and_the_path()
    {
        await using var services = ProviderTestHost.Build(new Dictionary<string, string?>
        {
            ["RagBot:Embeddings:Provider"] = "Onnx",
            ["RagBot:Embeddings:Onnx:ModelPath"] = "/nowhere/model.onnx",
            ["RagBot:Embeddings:Onnx:VocabPath"] = "/nowhere/vocab.txt",
        });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("RagBot:Embeddings:Onnx:ModelPath points to '/nowhere/model.onnx', which does not exist.", error.Message, StringComparison.Ordinal);
        Assert.Contains("RagBot:Embeddings:Onnx:VocabPath", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_resilience_values_and_api_versions_are_reported_with_their_paths()
    {
        await using var services = ProviderTestHost.Build(new Dictionary<string, string?>
        {
            ["RagBot:Chat:Provider"] = "AzureOpenAI",
            ["RagBot:Chat:AzureOpenAI:Endpoint"] = "https://example.openai.azure.com/",
            ["RagBot:Chat:AzureOpenAI:Deployment"] = "gpt",
            ["RagBot:Chat:AzureOpenAI:ApiKey"] = "key",
            ["RagBot:Chat:AzureOpenAI:ApiVersion"] = "1999-01-01",
            ["RagBot:Chat:Resilience:MaxRetries"] = "99",
        });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("RagBot:Chat:AzureOpenAI:ApiVersion '1999-01-01' is not supported", error.Message, StringComparison.Ordinal);
        Assert.Contains("RagBot:Chat:Resilience:MaxRetries", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chat_and_embeddings_are_chosen_independently()
    {
        await using var services = ProviderTestHost.Build(new Dictionary<string, string?>
        {
            ["RagBot:Chat:Provider"] = "OpenAICompatible",
            ["RagBot:Chat:OpenAICompatible:BaseUrl"] = "http://127.0.0.1:1/v1",
            ["RagBot:Chat:OpenAICompatible:Model"] = "llama3.1",
            ["RagBot:Embeddings:Provider"] = "Hashing",
        });
        services.GetRequiredService<IStartupValidator>().Validate();

        Assert.Null(services.GetRequiredService<IChatClient>().GetService<ExtractiveChatClient>());
        Assert.NotNull(services.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>().GetService<HashingEmbeddingGenerator>());
    }

    [Theory]
    [InlineData("Hashing")]
    [InlineData("Local")]
    public async Task Hashing_and_its_old_name_Local_select_the_hashing_embedder(string provider)
    {
        await using var services = ProviderTestHost.Build(new Dictionary<string, string?> { ["RagBot:Embeddings:Provider"] = provider });
        services.GetRequiredService<IStartupValidator>().Validate();

        var embedder = services.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();

        Assert.NotNull(embedder.GetService<HashingEmbeddingGenerator>());
        Assert.Equal(768, embedder.GetService<EmbeddingGeneratorMetadata>()?.DefaultModelDimensions);
    }
}
