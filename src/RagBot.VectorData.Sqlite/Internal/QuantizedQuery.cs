namespace RagBot.VectorData.Sqlite.Internal;

/// <summary>A prepared query in int8 form for <see cref="VectorKernels.DotInt8"/>: codes widened to 16 bits, and their scale.</summary>
internal sealed record QuantizedQuery(short[] Codes, float Scale)
{
    public static QuantizedQuery Of(float[] query)
    {
        var codes = new sbyte[query.Length];
        var scale = VectorKernels.Quantize(query, codes);
        var wide = new short[codes.Length];
        for (var i = 0; i < codes.Length; i++)
        {
            wide[i] = codes[i];
        }

        return new QuantizedQuery(wide, scale);
    }

    /// <summary>The int8 estimate of a slot's internal score (what <see cref="VectorKernels.ScanInt8"/> ranks by).</summary>
    public float Estimate(VectorIndex index, int slot)
    {
        var dot = Scale * index.Scales![slot] * VectorKernels.DotInt8(Codes, new ReadOnlySpan<sbyte>(index.Codes, slot * index.Dimensions, index.Dimensions));
        return index.SquaredNorms is null ? dot : (2f * dot) - index.SquaredNorms[slot];
    }
}
