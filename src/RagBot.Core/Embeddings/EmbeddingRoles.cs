using Microsoft.Extensions.AI;

namespace RagBot.Core.Embeddings;

/// <summary>
/// Carries an <see cref="EmbeddingRole"/> through the M.E.AI seam in
/// <see cref="EmbeddingGenerationOptions.AdditionalProperties"/>, so every generator and decorator (cache,
/// resilience, telemetry) passes it along without an interface of our own. No role means <see cref="EmbeddingRole.Passage"/>.
/// </summary>
public static class EmbeddingRoles
{
    /// <summary>The key under which the role travels.</summary>
    public const string PropertyName = "ragbot.embedding_role";

    /// <summary>Options that ask for query embeddings.</summary>
    public static EmbeddingGenerationOptions Query() => For(EmbeddingRole.Query);

    /// <summary>The key that marks passages a user waits for (see <see cref="InteractivePassage"/>).</summary>
    public const string InteractivePropertyName = "ragbot.embedding_interactive";

    /// <summary>Options that ask for passage embeddings.</summary>
    public static EmbeddingGenerationOptions Passage() => For(EmbeddingRole.Passage);

    /// <summary>
    /// Options that ask for passage embeddings a user is waiting for (the extractive answerer's sentences, embedded in
    /// a chat request): same vectors as <see cref="Passage"/>, but a generator that queues ingestion's passage
    /// batches runs them at once, as it runs questions.
    /// </summary>
    public static EmbeddingGenerationOptions InteractivePassage()
    {
        var options = Passage();
        options.AdditionalProperties![InteractivePropertyName] = true;
        return options;
    }

    /// <summary>Whether a user waits for these embeddings: questions, and passages marked by <see cref="InteractivePassage"/>.</summary>
    public static bool IsInteractive(EmbeddingGenerationOptions? options) =>
        Of(options) == EmbeddingRole.Query
        || (options?.AdditionalProperties is { } properties
            && properties.TryGetValue(InteractivePropertyName, out var value)
            && value is true or "true" or "True");

    /// <summary>New options carrying <paramref name="role"/> (a fresh instance: options are mutable).</summary>
    public static EmbeddingGenerationOptions For(EmbeddingRole role) =>
        new() { AdditionalProperties = new AdditionalPropertiesDictionary { [PropertyName] = role.ToString() } };

    /// <summary>The role <paramref name="options"/> ask for; passage when they name none.</summary>
    public static EmbeddingRole Of(EmbeddingGenerationOptions? options) =>
        options?.AdditionalProperties is { } properties
        && properties.TryGetValue(PropertyName, out var value)
        && Enum.TryParse<EmbeddingRole>(value?.ToString(), ignoreCase: true, out var role)
            ? role
            : EmbeddingRole.Passage;
}
