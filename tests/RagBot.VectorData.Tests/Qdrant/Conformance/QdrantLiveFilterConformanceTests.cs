using RagBot.VectorData.Tests.Conformance;

namespace RagBot.VectorData.Tests.Qdrant.Conformance;

public sealed class QdrantLiveFilterConformanceTests(QdrantLiveFixture fixture)
    : FilterConformanceTests<QdrantLiveFixture>(fixture), IClassFixture<QdrantLiveFixture>;
