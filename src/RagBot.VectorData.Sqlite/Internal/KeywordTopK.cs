namespace RagBot.VectorData.Sqlite.Internal;

/// <summary>
/// A bounded min-heap of the best (score, row) pairs of a keyword query, in doubles (BM25 scores are compared exactly as
/// FTS5 computes them); on equal scores the lower row (lower row id) ranks first.
/// </summary>
internal sealed class KeywordTopK
{
    private readonly double[] scores;
    private readonly int[] rows;
    private int count;

    public KeywordTopK(int capacity)
    {
        var size = Math.Max(1, capacity);
        scores = new double[size];
        rows = new int[size];
    }

    public void Offer(double score, int row)
    {
        if (count < scores.Length)
        {
            scores[count] = score;
            rows[count] = row;
            SiftUp(count++);
        }
        else if (Better(score, row, scores[0], rows[0]))
        {
            scores[0] = score;
            rows[0] = row;
            SiftDown(0);
        }
    }

    /// <summary>The kept rows as (row id, score), best first; empties the heap.</summary>
    public List<(long RowId, double Score)> Drain(long[] rowIds)
    {
        var result = new (long RowId, double Score)[count];
        while (count > 0)
        {
            result[count - 1] = (rowIds[rows[0]], scores[0]);
            count--;
            scores[0] = scores[count];
            rows[0] = rows[count];
            SiftDown(0);
        }

        return [.. result];
    }

    private static bool Better(double score, int row, double otherScore, int otherRow) =>
        score > otherScore || (score == otherScore && row < otherRow);

    private void SiftUp(int i)
    {
        while (i > 0)
        {
            var parent = (i - 1) / 2;
            if (!Better(scores[parent], rows[parent], scores[i], rows[i]))
            {
                return;
            }

            Swap(i, parent);
            i = parent;
        }
    }

    private void SiftDown(int i)
    {
        while (true)
        {
            var left = (2 * i) + 1;
            var worst = i;
            if (left < count && Better(scores[worst], rows[worst], scores[left], rows[left]))
            {
                worst = left;
            }

            if (left + 1 < count && Better(scores[worst], rows[worst], scores[left + 1], rows[left + 1]))
            {
                worst = left + 1;
            }

            if (worst == i)
            {
                return;
            }

            Swap(i, worst);
            i = worst;
        }
    }

    private void Swap(int a, int b)
    {
        (scores[a], scores[b]) = (scores[b], scores[a]);
        (rows[a], rows[b]) = (rows[b], rows[a]);
    }
}
