using RagBot.VectorData.Tests.Conformance;

namespace RagBot.VectorData.Tests.Qdrant.Conformance;

public sealed class QdrantFakeKeywordConformanceTests(QdrantFakeFixture fixture)
    : KeywordConformanceTests<QdrantFakeFixture>(fixture), IClassFixture<QdrantFakeFixture>;
