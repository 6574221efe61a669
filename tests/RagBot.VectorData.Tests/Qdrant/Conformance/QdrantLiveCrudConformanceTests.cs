using RagBot.VectorData.Tests.Conformance;

namespace RagBot.VectorData.Tests.Qdrant.Conformance;

public sealed class QdrantLiveCrudConformanceTests(QdrantLiveFixture fixture)
    : CrudConformanceTests<QdrantLiveFixture>(fixture), IClassFixture<QdrantLiveFixture>;
