using System.Numerics.Tensors;
using Microsoft.ML.OnnxRuntime;

namespace RagBot.Providers.Onnx;

/// <summary>
/// One ONNX Runtime session over a BERT-family model: pads a batch of token ids to its longest row, runs it and
/// pools last_hidden_state into one vector per row. Thread-safe (InferenceSession.Run is).
/// </summary>
internal sealed class OnnxModelRunner : IDisposable
{
    private const string InputIds = "input_ids";
    private const string AttentionMask = "attention_mask";
    private const string TokenTypeIds = "token_type_ids";

    private readonly OnnxModelDefinition _model;
    private readonly InferenceSession _session;
    private readonly bool _needsTokenTypes;
    private readonly string _outputName;
    private readonly bool _arena;

    public OnnxModelRunner(OnnxModelDefinition model, OnnxEmbeddingOptions options)
    {
        _model = model;
        _arena = options.CpuMemoryArena;
        using var sessionOptions = new SessionOptions
        {
            // Both chosen by measurement (bench embed, docs/guide/providers.md); ONNX Runtime's own default for
            // intra-op threads is one per core too.
            GraphOptimizationLevel = options.GraphOptimization switch
            {
                OnnxGraphOptimization.None => GraphOptimizationLevel.ORT_DISABLE_ALL,
                OnnxGraphOptimization.Basic => GraphOptimizationLevel.ORT_ENABLE_BASIC,
                OnnxGraphOptimization.Extended => GraphOptimizationLevel.ORT_ENABLE_EXTENDED,
                _ => GraphOptimizationLevel.ORT_ENABLE_ALL,
            },
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            IntraOpNumThreads = options.IntraOpThreads ?? Environment.ProcessorCount,
            // Both chosen by measurement (bench embed, docs/guide/memory.md): without the arena every tensor is a
            // fresh malloc/free and passages embed at half the speed; the memory pattern plans one block per input
            // shape, and batch shapes vary, so it cost resident memory (+24 MB) for no measurable speed.
            EnableCpuMemArena = options.CpuMemoryArena,
            EnableMemoryPattern = options.MemoryPattern,
        };
        // No busy-waiting between operators: a spinning pool thread takes the core a question's run (or the web
        // server) needs while a passage batch runs, which is what the load bench measures on 2 cores.
        sessionOptions.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        _session = CreateSession(model.OpenModel, sessionOptions);
        // The session has parsed the model into native memory; the managed copy of its bytes (83 MB for MiniLM, on
        // the large object heap) is garbage now, but the GC would keep its region committed for the life of the
        // process: collect it once, at start.
        Core.Diagnostics.ManagedMemory.ReturnToSystem();
        _needsTokenTypes = _session.InputMetadata.ContainsKey(TokenTypeIds);
        if (!_session.InputMetadata.ContainsKey(InputIds) || !_session.InputMetadata.ContainsKey(AttentionMask))
        {
            var inputs = string.Join(", ", _session.InputMetadata.Keys);
            _session.Dispose();
            throw new InvalidOperationException($"The ONNX model '{model.Source}' must take inputs {InputIds} and {AttentionMask}; it takes {inputs}.");
        }

        _outputName = _session.OutputMetadata.ContainsKey("last_hidden_state") ? "last_hidden_state" : _session.OutputMetadata.Keys.First();
        var declared = _session.OutputMetadata[_outputName].Dimensions;
        DeclaredDimensions = declared.Length > 0 && declared[^1] > 0 ? declared[^1] : null;
    }

    /// <summary>The vector length the model declares, if it does.</summary>
    public int? DeclaredDimensions { get; }

    public float[][] Embed(IReadOnlyList<IReadOnlyList<int>> rowsOfIds, long paddingId) => Embed(rowsOfIds, paddingId, shrinkArena: false);

    /// <summary>
    /// Gives back the arena's regions that no run is using, through the one door ONNX Runtime has for it: a run
    /// (of two word pieces) that asks to shrink the arena when it ends. Shrinking after every run instead cost 10-40%
    /// of the passage throughput (every batch faulted its buffers in again; docs/guide/memory.md), so RagBot does it
    /// when the process goes idle.
    /// </summary>
    public void ShrinkArena(IReadOnlyList<int> shortestInput, long paddingId)
    {
        if (_arena)
        {
            _ = Embed([shortestInput], paddingId, shrinkArena: true);
        }
    }

    private float[][] Embed(IReadOnlyList<IReadOnlyList<int>> rowsOfIds, long paddingId, bool shrinkArena)
    {
        var rows = rowsOfIds.Count;
        var columns = rowsOfIds.Max(ids => ids.Count);
        var ids = new long[rows * columns];
        var mask = new long[rows * columns];
        Array.Fill(ids, paddingId);
        for (var row = 0; row < rows; row++)
        {
            for (var column = 0; column < rowsOfIds[row].Count; column++)
            {
                ids[(row * columns) + column] = rowsOfIds[row][column];
                mask[(row * columns) + column] = 1;
            }
        }

        long[] shape = [rows, columns];
        var names = new List<string> { InputIds, AttentionMask };
        using var idsValue = OrtValue.CreateTensorValueFromMemory(ids, shape);
        using var maskValue = OrtValue.CreateTensorValueFromMemory(mask, shape);
        using var typesValue = OrtValue.CreateTensorValueFromMemory(new long[rows * columns], shape);
        var inputs = new List<OrtValue> { idsValue, maskValue };
        if (_needsTokenTypes)
        {
            names.Add(TokenTypeIds);
            inputs.Add(typesValue);
        }

        using var runOptions = new RunOptions();
        if (shrinkArena)
        {
            runOptions.AddRunConfigEntry("memory.enable_memory_arena_shrinkage", "cpu:0");
        }

        using var outputs = _session.Run(runOptions, names, inputs, [_outputName]);
        return Pool(outputs[0], mask, rows, columns);
    }

    public void Dispose() => _session.Dispose();

    private float[][] Pool(OrtValue output, long[] mask, int rows, int columns)
    {
        var shape = output.GetTensorTypeAndShape().Shape;
        var data = output.GetTensorDataAsSpan<float>();
        var pooled = new float[rows][];
        if (shape.Length == 2)
        {
            // The export already pools (e.g. a sentence_embedding output).
            var width = (int)shape[1];
            for (var row = 0; row < rows; row++)
            {
                pooled[row] = Finish(data.Slice(row * width, width).ToArray());
            }

            return pooled;
        }

        var hidden = (int)shape[2];
        for (var row = 0; row < rows; row++)
        {
            var vector = new float[hidden];
            var rowStart = row * columns * hidden;
            if (_model.Pooling == OnnxPooling.Cls)
            {
                data.Slice(rowStart, hidden).CopyTo(vector);
            }
            else
            {
                var count = 0;
                for (var column = 0; column < columns; column++)
                {
                    if (mask[(row * columns) + column] != 0)
                    {
                        TensorPrimitives.Add(vector, data.Slice(rowStart + (column * hidden), hidden), vector);
                        count++;
                    }
                }

                TensorPrimitives.Divide(vector, Math.Max(count, 1), vector);
            }

            pooled[row] = Finish(vector);
        }

        return pooled;
    }

    private float[] Finish(float[] vector)
    {
        if (_model.Normalize)
        {
            var norm = TensorPrimitives.Norm(vector);
            if (norm > 0)
            {
                TensorPrimitives.Divide(vector, norm, vector);
            }
        }

        return vector;
    }

    /// <summary>Own method so that the model's bytes are unreachable once it returns.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static InferenceSession CreateSession(Func<Stream> openModel, SessionOptions options) => new(ReadAll(openModel), options);

    private static byte[] ReadAll(Func<Stream> open)
    {
        using var stream = open();
        if (stream is MemoryStream memory && memory.TryGetBuffer(out var whole) && whole.Offset == 0 && whole.Count == whole.Array!.Length)
        {
            return whole.Array; // already in memory (a built-in model read from its assembly file): no second copy
        }

        using var copy = new MemoryStream(stream.CanSeek ? (int)stream.Length : 0);
        stream.CopyTo(copy);
        return copy.Length == copy.Capacity ? copy.GetBuffer() : copy.ToArray();
    }
}
