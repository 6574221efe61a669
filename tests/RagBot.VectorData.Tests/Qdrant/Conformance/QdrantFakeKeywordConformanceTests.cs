using RagBot.VectorData.Tests.Conformance;

namespace RagBot.VectorData.Tests.Qdrant.Conformance;

public sealed class QdrantFakeHybridConformanceTests(QdrantFakeFixture fixture)
    : HybridConformanceTests<QdrantFakeFixture>(fixture), IClassFixture<QdrantFakeFixture>;
