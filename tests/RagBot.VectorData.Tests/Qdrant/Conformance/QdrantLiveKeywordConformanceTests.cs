using RagBot.VectorData.Tests.Conformance;

namespace RagBot.VectorData.Tests.Qdrant.Conformance;

public sealed class QdrantLiveHybridConformanceTests(QdrantLiveFixture fixture)
    : HybridConformanceTests<QdrantLiveFixture>(fixture), IClassFixture<QdrantLiveFixture>;
