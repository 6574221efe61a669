namespace RagBot.Providers.Local;

/// <summary>What the local embedder takes from one word, computed once per word and thread (see <see cref="WordFeatureCache"/>).</summary>
/// <param name="IsStopWord">Stop words contribute nothing.</param>
/// <param name="TermHash">Hash of the word's stem.</param>
/// <param name="CharNGramHashes">Hashes of the character n-grams of "&lt;word&gt;".</param>
internal sealed record WordFeatures(bool IsStopWord, ulong TermHash, ulong[] CharNGramHashes);
