using Microsoft.Extensions.Options;

namespace RagBot.Ingestion.Parsers;

/// <summary>Checks <see cref="DocumentParsingOptions"/> at start-up (source-generated from its attributes).</summary>
[OptionsValidator]
public sealed partial class DocumentParsingOptionsValidator : IValidateOptions<DocumentParsingOptions>;
