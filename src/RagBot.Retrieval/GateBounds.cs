namespace RagBot.Retrieval;

/// <summary>
/// The answer gate (<see cref="RelevanceGate.IsSupported"/>) decided before every candidate is read, when it can be:
/// the gate averages the best cosines of the candidates that survive the version check and de-duplication, and
/// whether an unread candidate survives is unknown, but its cosine is known. So the gate's mean lies between the
/// lowest and the highest mean any choice of surviving unread candidates could give; when both sides of the
/// threshold agree, the answer is the one reading everything would give.
/// </summary>
internal static class GateBounds
{
    /// <summary>
    /// True or false when every outcome agrees, null when more candidates must be read.
    /// <paramref name="kept"/>: cosines of the candidates read and kept; <paramref name="unread"/>: cosines of those not read yet.
    /// </summary>
    public static bool? Decide(IReadOnlyCollection<double> kept, IReadOnlyCollection<double> unread, double minRelevance, int depth)
    {
        ArgumentNullException.ThrowIfNull(kept);
        ArgumentNullException.ThrowIfNull(unread);
        if (double.IsNegativeInfinity(minRelevance))
        {
            return true;
        }

        var best = kept.OrderDescending().ToList();
        if (unread.Count == 0)
        {
            return best.Count == 0 || MeanOfBest(best, depth) >= minRelevance;
        }

        if (LowestMean(best, unread, depth) >= minRelevance)
        {
            return true;
        }

        // With nothing kept yet, every unread candidate may still be dropped, and an empty list passes the gate.
        return best.Count > 0 && HighestMean(best, unread, depth) < minRelevance ? false : null;
    }

    /// <summary>
    /// The lowest mean of the best <paramref name="depth"/>: adding candidates can only lower it while fewer than
    /// <paramref name="depth"/> are kept, and then the lowest ones lower it most. +inf stands for "none kept" (passes).
    /// </summary>
    private static double LowestMean(List<double> best, IReadOnlyCollection<double> unread, int depth)
    {
        var lowest = best.Count == 0 ? double.PositiveInfinity : MeanOfBest(best, depth);
        var merged = new List<double>(best);
        foreach (var cosine in unread.Order().Take(Math.Max(0, depth - best.Count)))
        {
            merged.Add(cosine);
            merged.Sort((a, b) => b.CompareTo(a));
            lowest = Math.Min(lowest, MeanOfBest(merged, depth));
        }

        return lowest;
    }

    /// <summary>The highest mean of the best <paramref name="depth"/>: the highest unread cosines added one by one, whichever count gives most.</summary>
    private static double HighestMean(List<double> best, IReadOnlyCollection<double> unread, int depth)
    {
        var highest = MeanOfBest(best, depth);
        var merged = new List<double>(best);
        foreach (var cosine in unread.OrderDescending())
        {
            merged.Add(cosine);
            merged.Sort((a, b) => b.CompareTo(a));
            highest = Math.Max(highest, MeanOfBest(merged, depth));
            if (merged.Count >= depth && cosine <= merged[depth - 1])
            {
                // Lower cosines no longer enter the best depth: the mean cannot change.
                break;
            }
        }

        return highest;
    }

    /// <summary>The mean of the first <paramref name="depth"/> of a list sorted best first, computed as the gate computes it (same order, same rounding).</summary>
    private static double MeanOfBest(List<double> sortedDescending, int depth) => sortedDescending.Take(depth).ToList().Average();
}
