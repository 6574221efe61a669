using System.Text.Json;

namespace RagBot.UnitTests.Providers;

/// <summary>The committed tiny BERT-shaped model and its expected vectors (tests/models/make_tiny_bert.py writes them).</summary>
internal static class TinyBertModel
{
    public static string Directory { get; } = Locate();

    public static string ModelPath => Path.Combine(Directory, "model.onnx");

    public static string VocabPath => Path.Combine(Directory, "vocab.txt");

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static ExpectedVectors Expected { get; } =
        JsonSerializer.Deserialize<ExpectedVectors>(File.ReadAllText(Path.Combine(Directory, "expected.json")), Json)!;

    private static string Locate()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "tests", "models", "tiny-bert");
            if (File.Exists(Path.Combine(candidate, "model.onnx")))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("tests/models/tiny-bert not found above " + AppContext.BaseDirectory);
    }
}
