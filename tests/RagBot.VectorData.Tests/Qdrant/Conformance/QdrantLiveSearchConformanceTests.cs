using RagBot.VectorData.Tests.Conformance;

namespace RagBot.VectorData.Tests.Qdrant.Conformance;

public sealed class QdrantLiveSearchConformanceTests(QdrantLiveFixture fixture)
    : SearchConformanceTests<QdrantLiveFixture>(fixture), IClassFixture<QdrantLiveFixture>;
