using RagBot.VectorData.Tests.Conformance;

namespace RagBot.VectorData.Tests.Qdrant.Conformance;

public sealed class QdrantLiveConcurrencyConformanceTests(QdrantLiveFixture fixture)
    : ConcurrencyConformanceTests<QdrantLiveFixture>(fixture), IClassFixture<QdrantLiveFixture>;
