using RagBot.VectorData.Tests.Conformance;

namespace RagBot.VectorData.Tests.Qdrant.Conformance;

public sealed class QdrantFakeConcurrencyConformanceTests(QdrantFakeFixture fixture)
    : ConcurrencyConformanceTests<QdrantFakeFixture>(fixture), IClassFixture<QdrantFakeFixture>;
