using RagBot.AppState;
using RagBot.Core.Chat;
using RagBot.Core.Documents;
using RagBot.Core.Indexing;
using RagBot.Core.Jobs;

namespace RagBot.IntegrationTests.AppState;

/// <summary>The app-state seams as one process (or replica) sees them.</summary>
public sealed record AppStateStores(
    IDocumentCatalog Catalog, IIngestionJobStore Jobs, IChatSessionStore Sessions, IIndexGenerationStore Generations, IOriginalStore Originals, IAppStateProbe Probe);
