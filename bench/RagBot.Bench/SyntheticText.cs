namespace RagBot.Bench;

/// <summary>Deterministic English-like text for benchmarks (a fixed vocabulary with a Zipf-like skew).</summary>
internal static class SyntheticText
{
    private static readonly string[] Vocabulary =
    [
        "the", "index", "search", "document", "vector", "chunk", "query", "answer", "store", "embedding", "token",
        "model", "retrieval", "latency", "throughput", "cluster", "replica", "shard", "payload", "filter", "tag",
        "tenant", "upload", "parser", "heading", "section", "page", "table", "citation", "source", "session",
        "configuration", "setting", "default", "limit", "memory", "bandwidth", "quantization", "recall", "precision",
        "benchmark", "operator", "reindex", "generation", "alias", "collection", "database", "transaction",
        "journal", "checkpoint", "snapshot", "backup", "restore", "migration", "schema", "version", "release",
        "of", "and", "to", "in", "is", "for", "with", "on", "by", "from", "that", "this", "as", "at", "be",
    ];

    public static string[] Chunks(int count, int words, int seed)
    {
        var random = new Random(seed);
        var chunks = new string[count];
        for (var i = 0; i < count; i++)
        {
            chunks[i] = Sentence(random, words);
        }

        return chunks;
    }

    public static string Sentence(Random random, int words)
    {
        ArgumentNullException.ThrowIfNull(random);
        var picked = new string[words];
        for (var w = 0; w < words; w++)
        {
            var rank = (int)(Vocabulary.Length * Math.Pow(random.NextDouble(), 2));
            picked[w] = Vocabulary[rank] + (random.Next(10) == 0 ? random.Next(100).ToString(System.Globalization.CultureInfo.InvariantCulture) : "");
        }

        return string.Join(' ', picked) + ".";
    }
}
