namespace RagBot.Retrieval;

/// <summary>
/// Everyday questions from many domains (cooking, pets, health, sport, travel, money, history...) that
/// <see cref="RelevanceGate"/> asks an index to learn how close an unrelated question gets to it. Shipped as the
/// embedded resource <c>Resources/off-topic-probes.txt</c>, one question a line; distinct from the evaluation's
/// negative sets in bench/datasets/negatives, which measure the gate rather than set it.
/// </summary>
internal static class OffTopicProbes
{
    private static readonly Lazy<IReadOnlyList<string>> Loaded = new(Load);

    public static IReadOnlyList<string> Questions => Loaded.Value;

    private static IReadOnlyList<string> Load()
    {
        using var stream = typeof(OffTopicProbes).Assembly.GetManifestResourceStream("RagBot.Retrieval.Resources.off-topic-probes.txt")
            ?? throw new InvalidOperationException("RagBot.Retrieval lacks its embedded resource off-topic-probes.txt.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd()
            .Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Where(line => !line.StartsWith('#'))
            .ToList();
    }
}
