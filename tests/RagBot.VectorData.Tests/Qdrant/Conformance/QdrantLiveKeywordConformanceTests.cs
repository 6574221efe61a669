using RagBot.VectorData.Tests.Conformance;

namespace RagBot.VectorData.Tests.Qdrant.Conformance;

public sealed class QdrantLiveKeywordConformanceTests(QdrantLiveFixture fixture)
    : KeywordConformanceTests<QdrantLiveFixture>(fixture), IClassFixture<QdrantLiveFixture>;
