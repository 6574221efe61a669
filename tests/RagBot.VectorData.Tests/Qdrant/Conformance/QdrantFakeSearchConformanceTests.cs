using RagBot.VectorData.Tests.Conformance;

namespace RagBot.VectorData.Tests.Qdrant.Conformance;

public sealed class QdrantFakeSearchConformanceTests(QdrantFakeFixture fixture)
    : SearchConformanceTests<QdrantFakeFixture>(fixture), IClassFixture<QdrantFakeFixture>;
