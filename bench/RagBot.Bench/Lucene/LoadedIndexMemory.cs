using RagBot.Evaluation;

namespace RagBot.Bench.Lucene;

/// <summary>
/// The process's memory once RagBot's index is loaded (vectors and keyword postings in memory): taken when the
/// evaluator reports the last question of its warm-up pass, after a full blocking GC, so ingestion's garbage is not
/// counted. Synchronous on purpose (not <see cref="Progress{T}"/>): it runs between the warm-up and the timed passes.
/// </summary>
internal sealed class LoadedIndexMemory : IProgress<EvaluationProgress>
{
    public double? RssMegabytes { get; private set; }

    public double? GcHeapMegabytes { get; private set; }

    public void Report(EvaluationProgress value)
    {
        if (value.Stage != "query" || value.Done != value.Total)
        {
            return;
        }

        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GcHeapMegabytes = Math.Round(GC.GetTotalMemory(forceFullCollection: false) / 1048576.0, 1);
        RssMegabytes = StatusMegabytes("VmRSS:");
    }

    /// <summary>A figure of /proc/self/status in MB (Linux), e.g. VmRSS (now) or VmHWM (peak).</summary>
    public static double? StatusMegabytes(string field)
    {
        const string status = "/proc/self/status";
        var line = File.Exists(status) ? File.ReadLines(status).FirstOrDefault(l => l.StartsWith(field, StringComparison.Ordinal)) : null;
        var kilobytes = line?.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
        return kilobytes is null ? null : Math.Round(long.Parse(kilobytes, System.Globalization.CultureInfo.InvariantCulture) / 1024.0, 1);
    }
}
