using System.Buffers.Binary;

namespace RagBot.Bench.Vectors;

/// <summary>The TEXMEX .fvecs format: per vector, a little-endian int32 dimension followed by that many float32 values.</summary>
internal static class FvecsFile
{
    public static float[][] Read(string path, int limit = int.MaxValue)
    {
        using var stream = File.OpenRead(path);
        using var reader = new BinaryReader(stream);
        var vectors = new List<float[]>();
        while (stream.Position < stream.Length && vectors.Count < limit)
        {
            var dimensions = reader.ReadInt32();
            var vector = new float[dimensions];
            var bytes = reader.ReadBytes(dimensions * sizeof(float));
            for (var i = 0; i < dimensions; i++)
            {
                vector[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(i * sizeof(float)));
            }

            vectors.Add(vector);
        }

        return [.. vectors];
    }

    public static void Write(string path, IEnumerable<float[]> vectors)
    {
        using var stream = File.Create(path);
        using var writer = new BinaryWriter(stream);
        foreach (var vector in vectors)
        {
            writer.Write(vector.Length);
            foreach (var value in vector)
            {
                writer.Write(value);
            }
        }
    }

    /// <summary>Gaussian random vectors from a fixed seed (the hardest case for quantization: no cluster structure).</summary>
    public static float[][] Generate(int count, int dimensions, int seed)
    {
        var random = new Random(seed);
        var vectors = new float[count][];
        for (var n = 0; n < count; n++)
        {
            var vector = new float[dimensions];
            for (var i = 0; i < dimensions; i++)
            {
                var u1 = 1.0 - random.NextDouble();
                var u2 = random.NextDouble();
                vector[i] = (float)(Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2));
            }

            vectors[n] = vector;
        }

        return vectors;
    }
}
