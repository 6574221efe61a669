using RagBot.VectorData.Tests.Conformance;

namespace RagBot.VectorData.Tests.Qdrant.Conformance;

public sealed class QdrantFakeCrudConformanceTests(QdrantFakeFixture fixture)
    : CrudConformanceTests<QdrantFakeFixture>(fixture), IClassFixture<QdrantFakeFixture>;
