namespace RagBot.Providers.Onnx;

/// <summary>ONNX Runtime's graph optimisation levels (<c>GraphOptimizationLevel</c>), named for configuration.</summary>
public enum OnnxGraphOptimization
{
    /// <summary>The graph as exported.</summary>
    None,

    /// <summary>Semantics-preserving rewrites: constant folding, redundant node removal.</summary>
    Basic,

    /// <summary>Basic plus fusions of common operator groups (attention, GELU, layer normalisation).</summary>
    Extended,

    /// <summary>Extended plus layout optimisations for the CPU.</summary>
    All,
}
