using RagBot.Providers.Onnx;

namespace RagBot.UnitTests.Providers;

/// <summary>
/// The two models shipped in NuGet packages, each loaded once per test run (an assembly fixture): loading one takes
/// about a second and ~100 MB, so every test that needs a real model shares these instances.
/// </summary>
public sealed class BuiltInModels : IDisposable
{
    private readonly Lazy<OnnxEmbeddingGenerator> _miniLM = new(() => new OnnxEmbeddingGenerator(new OnnxEmbeddingOptions { Model = OnnxBuiltInModel.MiniLM }));
    private readonly Lazy<OnnxEmbeddingGenerator> _arctic = new(() => new OnnxEmbeddingGenerator(new OnnxEmbeddingOptions { Model = OnnxBuiltInModel.ArcticXs }));

    public OnnxEmbeddingGenerator MiniLM => _miniLM.Value;

    public OnnxEmbeddingGenerator ArcticXs => _arctic.Value;

    public OnnxEmbeddingGenerator Get(OnnxBuiltInModel model) => model == OnnxBuiltInModel.MiniLM ? MiniLM : ArcticXs;

    public void Dispose()
    {
        if (_miniLM.IsValueCreated)
        {
            _miniLM.Value.Dispose();
        }

        if (_arctic.IsValueCreated)
        {
            _arctic.Value.Dispose();
        }
    }
}
