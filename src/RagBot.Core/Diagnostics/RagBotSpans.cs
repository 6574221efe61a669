namespace RagBot.Core.Diagnostics;

/// <summary>Names of RagBot's spans (the span tree is documented in docs/guide/operability.md).</summary>
public static class RagBotSpans
{
    public const string Chat = "chat";
    public const string Condense = "condense";
    public const string EmbedQuery = "embed-query";
    public const string Retrieve = "retrieve";
    public const string VectorSearch = "vector-store.search";

    /// <summary>The stages of one retrieval under <see cref="Retrieve"/> (per-stage latency in <c>ragbot eval</c>).</summary>
    public const string VectorLeg = "retrieve.vector-leg";
    public const string KeywordLeg = "retrieve.keyword-leg";
    public const string Fusion = "retrieve.fusion";

    /// <summary>Pseudo-relevance feedback between a retrieval's two rounds (feedback vectors read, expansion words chosen).</summary>
    public const string Feedback = "retrieve.feedback";
    public const string CatalogVersions = "retrieve.catalog-versions";
    public const string Deduplicate = "retrieve.deduplicate";

    /// <summary>Reading the ranked rows' records (text, metadata) inside a store that ranks by row first.</summary>
    public const string RecordFetch = "vector-store.fetch";
    public const string Generate = "generate";

    /// <summary>Packing the retrieved chunks into the context budget and rendering the grounded prompt.</summary>
    public const string Prompt = "chat.prompt";

    /// <summary>Writing the finished turn to the chat session store.</summary>
    public const string StoreTurn = "chat.store-turn";
    public const string Ingest = "ingest";
    public const string Parse = "parse";
    public const string Chunk = "chunk";
    public const string Embed = "embed";
    public const string Upsert = "upsert";

    /// <summary>One background job run (start it in the job worker so the job's logs carry its trace id).</summary>
    public const string Job = "job";

    /// <summary>One sample file ingested at first start.</summary>
    public const string Seed = "seed";
}
