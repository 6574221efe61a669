using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace RagBot.VectorData.Sqlite.Internal;

/// <summary>SIMD scoring loops over the contiguous vector buffers.</summary>
internal static class VectorKernels
{
    /// <summary>Scores slots [start, end) against the query and keeps the best in <paramref name="top"/>.</summary>
    public static void ScanFloat(ReadOnlySpan<float> query, float[] vectors, float[]? squaredNorms, int dimensions, int start, int end, TopK top)
    {
        var threshold = top.Threshold;
        for (var slot = start; slot < end; slot++)
        {
            var score = Score(query, vectors, squaredNorms, dimensions, slot);
            if (score > threshold)
            {
                top.Offer(score, slot);
                threshold = top.Threshold;
            }
        }
    }

    /// <summary>Scores only the given slots (used when a filter selected candidates first).</summary>
    public static void ScanFloat(ReadOnlySpan<float> query, float[] vectors, float[]? squaredNorms, int dimensions, ReadOnlySpan<int> slots, TopK top)
    {
        foreach (var slot in slots)
        {
            var score = Score(query, vectors, squaredNorms, dimensions, slot);
            if (score > top.Threshold)
            {
                top.Offer(score, slot);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Score(ReadOnlySpan<float> query, float[] vectors, float[]? squaredNorms, int dimensions, int slot)
    {
        var dot = TensorPrimitives.Dot(query, new ReadOnlySpan<float>(vectors, slot * dimensions, dimensions));
        return squaredNorms is null ? dot : (2f * dot) - squaredNorms[slot];
    }

    /// <summary>Approximate scores from int8 codes: scale(query) * scale(vector) * (codes . codes).</summary>
    public static void ScanInt8(
        ReadOnlySpan<short> query, float queryScale, sbyte[] codes, float[] scales, float[]? squaredNorms, int dimensions, int start, int end, TopK top)
    {
        var threshold = top.Threshold;
        for (var slot = start; slot < end; slot++)
        {
            var dot = queryScale * scales[slot] * DotInt8(query, new ReadOnlySpan<sbyte>(codes, slot * dimensions, dimensions));
            var score = squaredNorms is null ? dot : (2f * dot) - squaredNorms[slot];
            if (score > threshold)
            {
                top.Offer(score, slot);
                threshold = top.Threshold;
            }
        }
    }

    /// <summary>Symmetric per-vector quantization: codes = round(v / scale) with scale = max|v| / 127.</summary>
    public static float Quantize(ReadOnlySpan<float> vector, Span<sbyte> codes)
    {
        var maxAbs = vector.Length == 0 ? 0f : Math.Abs(TensorPrimitives.MaxMagnitude(vector));
        if (maxAbs == 0f)
        {
            codes.Clear();
            return 0f;
        }

        var inverse = 127f / maxAbs;
        for (var i = 0; i < vector.Length; i++)
        {
            codes[i] = (sbyte)Math.Clamp(MathF.Round(vector[i] * inverse), -127f, 127f);
        }

        return maxAbs / 127f;
    }

    /// <summary>
    /// codes . query in exact integer arithmetic (so every path gives the same sum): 64 lanes per step with
    /// AVX-512BW, then 32 with AVX2, then scalar for the rest.
    /// </summary>
    public static int DotInt8(ReadOnlySpan<short> query, ReadOnlySpan<sbyte> codes)
    {
        var i = 0;
        var sum = 0;
        ref var q = ref MemoryMarshal.GetReference(query);
        ref var c = ref MemoryMarshal.GetReference(codes);
        if (Avx512BW.IsSupported && codes.Length >= 64)
        {
            var wide0 = Vector512<int>.Zero;
            var wide1 = Vector512<int>.Zero;
            for (; i <= codes.Length - 64; i += 64)
            {
                var c0 = Avx512BW.ConvertToVector512Int16(Vector256.LoadUnsafe(ref c, (nuint)i));
                var c1 = Avx512BW.ConvertToVector512Int16(Vector256.LoadUnsafe(ref c, (nuint)(i + 32)));
                wide0 = Avx512F.Add(wide0, Avx512BW.MultiplyAddAdjacent(c0, Vector512.LoadUnsafe(ref q, (nuint)i)));
                wide1 = Avx512F.Add(wide1, Avx512BW.MultiplyAddAdjacent(c1, Vector512.LoadUnsafe(ref q, (nuint)(i + 32))));
            }

            sum = Vector512.Sum(Avx512F.Add(wide0, wide1));
        }

        if (Avx2.IsSupported && codes.Length - i >= 32)
        {
            var acc0 = Vector256<int>.Zero;
            var acc1 = Vector256<int>.Zero;
            for (; i <= codes.Length - 32; i += 32)
            {
                var c0 = Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref c, (nuint)i));
                var c1 = Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref c, (nuint)(i + 16)));
                acc0 = Avx2.Add(acc0, Avx2.MultiplyAddAdjacent(c0, Vector256.LoadUnsafe(ref q, (nuint)i)));
                acc1 = Avx2.Add(acc1, Avx2.MultiplyAddAdjacent(c1, Vector256.LoadUnsafe(ref q, (nuint)(i + 16))));
            }

            sum += Vector256.Sum(Avx2.Add(acc0, acc1));
        }

        for (; i < codes.Length; i++)
        {
            sum += query[i] * codes[i];
        }

        return sum;
    }
}
