using Microsoft.Extensions.Options;

namespace RagBot.Ingestion.Chunking;

/// <summary>Cross-field rule: the overlap must leave room for new text in every chunk.</summary>
public sealed class ChunkingOptionsValidator : IValidateOptions<ChunkingOptions>
{
    public ValidateOptionsResult Validate(string? name, ChunkingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.OverlapTokens * 2 > options.TargetTokens
            ? ValidateOptionsResult.Fail($"{ChunkingOptions.SectionName}:OverlapTokens ({options.OverlapTokens}) must be at most half of {ChunkingOptions.SectionName}:TargetTokens ({options.TargetTokens}).")
            : ValidateOptionsResult.Success;
    }
}
