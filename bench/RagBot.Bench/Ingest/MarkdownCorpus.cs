using System.Globalization;
using System.Text;

namespace RagBot.Bench.Ingest;

/// <summary>Deterministic Markdown that looks like documentation: headings, prose, lists, tables and code.</summary>
internal static class MarkdownCorpus
{
    private static readonly string[] Words =
    [
        "harbor", "ledger", "invoice", "tide", "keeper", "lamp", "configure", "cluster", "replica", "index", "shard", "token",
        "retrieval", "embedding", "vector", "document", "section", "schedule", "rotate", "inspect", "manifest", "vessel",
        "crate", "dock", "pilot", "signal", "budget", "quarterly", "policy", "employee", "benefit", "warranty", "install",
        "upgrade", "backup", "restore", "latency", "throughput", "gateway", "customer", "order", "shipment", "return",
        "the", "a", "of", "and", "to", "in", "is", "for", "on", "with", "by", "at", "from", "every", "before", "after",
    ];

    public static List<string> Write(string directory, long totalBytes, int documentBytes)
    {
        Directory.CreateDirectory(directory);
        var random = new Random(42);
        var files = new List<string>();
        long written = 0;
        while (written < totalBytes)
        {
            var path = Path.Combine(directory, $"doc{files.Count:D5}.md");
            var text = Document(random, files.Count, (int)Math.Min(documentBytes, totalBytes - written));
            File.WriteAllText(path, text, new UTF8Encoding(false));
            written += Encoding.UTF8.GetByteCount(text);
            files.Add(path);
        }

        return files;
    }

    private static string Document(Random random, int number, int bytes)
    {
        var text = new StringBuilder(bytes + 1024);
        text.Append(CultureInfo.InvariantCulture, $"# Handbook {number}\n\n");
        var section = 0;
        while (text.Length < bytes)
        {
            text.Append(CultureInfo.InvariantCulture, $"## {Sentence(random, 3, 6).TrimEnd('.')} {section++}\n\n");
            for (var p = random.Next(2, 5); p > 0; p--)
            {
                for (var s = random.Next(3, 8); s > 0; s--)
                {
                    text.Append(Sentence(random, 8, 22)).Append(' ');
                }

                text.Append("\n\n");
            }

            switch (random.Next(3))
            {
                case 0:
                    for (var i = random.Next(3, 7); i > 0; i--)
                    {
                        text.Append("- ").Append(Sentence(random, 5, 12)).Append('\n');
                    }

                    break;
                case 1:
                    text.Append("| item | quantity | note |\n|---|---|---|\n");
                    for (var i = random.Next(3, 8); i > 0; i--)
                    {
                        text.Append(CultureInfo.InvariantCulture, $"| {Word(random)} | {random.Next(1000)} | {Sentence(random, 3, 6)} |\n");
                    }

                    break;
                default:
                    text.Append("```\n").Append(CultureInfo.InvariantCulture, $"{Word(random)} --{Word(random)} {random.Next(100)}\n").Append("```\n");
                    break;
            }

            text.Append('\n');
        }

        return text.ToString();
    }

    private static string Sentence(Random random, int min, int max)
    {
        var count = random.Next(min, max);
        var words = new string[count];
        for (var i = 0; i < count; i++)
        {
            words[i] = Word(random);
        }

        words[0] = char.ToUpperInvariant(words[0][0]) + words[0][1..];
        return string.Join(' ', words) + ".";
    }

    private static string Word(Random random) => Words[random.Next(Words.Length)];
}
