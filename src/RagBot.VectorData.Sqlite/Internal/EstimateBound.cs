namespace RagBot.VectorData.Sqlite.Internal;

/// <summary>
/// How far a slot's int8 estimate (<see cref="QuantizedQuery.Estimate"/>) can be from the float32 score
/// <see cref="VectorKernels.Score"/> computes for it: float score &lt;= estimate + <see cref="Of"/>, always.
/// </summary>
/// <remarks>
/// With v = s_v c_v + e_v (each |e_v,i| &lt;= s_v / 2: codes are rounded) and q = s_q c_q + e_q (e_q known exactly),
/// q.v - s_q s_v (c_q . c_v) = q.e_v + s_v (e_q . c_v), so by Cauchy-Schwarz its size is at most
/// |q| (s_v / 2) sqrt(d) + |e_q| |s_v c_v|, where |s_v c_v| &lt;= 127 s_v sqrt(d) and &lt;= |v| + (s_v / 2) sqrt(d).
/// Add the rounding of both float computations (a dot product of d terms errs by at most d ulps of the sum of
/// |q_i v_i| &lt;= |q| |v|), double it for Euclidean scores (2 q.v - |v|^2), and keep a 1% margin on top.
/// </remarks>
internal sealed class EstimateBound
{
    private const double HalfStep = 0.501;
    private const double Ulp = 1.0 / (1 << 23);
    private const double TinyScale = 1e-36;
    private const float TrustedSquaredNorm = 1e-30f;
    private const double FloatOverflowRisk = 1e37;

    private readonly VectorIndex index;
    private readonly double queryNorm;
    private readonly double queryErrorNorm;
    private readonly double sqrtDimensions;
    private readonly double roundingPerNorm;

    public EstimateBound(VectorIndex index, float[] query, QuantizedQuery quantized)
    {
        this.index = index;
        double squared = 0, errorSquared = 0;
        for (var i = 0; i < query.Length; i++)
        {
            squared += (double)query[i] * query[i];
            var error = query[i] - ((double)quantized.Scale * quantized.Codes[i]);
            errorSquared += error * error;
        }

        queryNorm = Math.Sqrt(squared);
        queryErrorNorm = Math.Sqrt(errorSquared);
        sqrtDimensions = Math.Sqrt(index.Dimensions);
        roundingPerNorm = (index.Dimensions + 4) * Ulp;
    }

    /// <summary>The bound for <paramref name="slot"/>, whose estimate is <paramref name="estimate"/>.</summary>
    public float Of(int slot, float estimate)
    {
        var scale = (double)index.Scales![slot];

        // Below this a vector's codes were rounded with an overflowing inverse (every nonzero component became
        // +-127), so no bound from them holds; no embedding model produces such vectors, so they are simply re-scored.
        if (scale is > 0 and < TinyScale)
        {
            return float.PositiveInfinity;
        }

        var codesNorm = 127 * scale * sqrtDimensions;
        var fromCodes = codesNorm + (HalfStep * scale * sqrtDimensions);

        // A squared norm that underflowed (components below ~1e-23) says nothing of the norm: the codes' bound does.
        var vectorNorm = index.Scoring.Normalizes ? 1.0001
            : index.SquaredNorms is { } norms && norms[slot] >= TrustedSquaredNorm ? Math.Sqrt(norms[slot]) * 1.0001
            : fromCodes;

        // Where q.v can reach float's range a partial sum of the float score may overflow: only a float re-score knows.
        if (queryNorm * vectorNorm >= FloatOverflowRisk)
        {
            return float.PositiveInfinity;
        }

        var dotError = (queryNorm * HalfStep * scale * sqrtDimensions)
                       + (queryErrorNorm * Math.Min(codesNorm, vectorNorm + (HalfStep * scale * sqrtDimensions)))
                       + (roundingPerNorm * queryNorm * vectorNorm)
                       + (4 * Ulp * Math.Abs(estimate));
        var error = index.SquaredNorms is { } squared
            ? (2 * dotError) + (4 * Ulp * (Math.Abs(estimate) + squared[slot]))
            : dotError;
        return (float)((error * 1.01) + 1e-30);
    }
}
