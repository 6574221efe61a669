namespace RagBot.UnitTests.Providers;

/// <summary>expected.json written by tests/models/make_tiny_bert.py.</summary>
internal sealed record ExpectedVectors(int Hidden, IReadOnlyList<ExpectedCase> Cases);

internal sealed record ExpectedCase(string Name, string Pooling, bool Normalize, int MaxTokens, IReadOnlyList<string> Sentences, IReadOnlyList<int[]> Ids, IReadOnlyList<float[]> Vectors);
