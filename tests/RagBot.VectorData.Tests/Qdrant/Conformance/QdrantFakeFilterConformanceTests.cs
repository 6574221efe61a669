using RagBot.VectorData.Tests.Conformance;

namespace RagBot.VectorData.Tests.Qdrant.Conformance;

public sealed class QdrantFakeFilterConformanceTests(QdrantFakeFixture fixture)
    : FilterConformanceTests<QdrantFakeFixture>(fixture), IClassFixture<QdrantFakeFixture>;
