using System.Globalization;

namespace RagBot.Bench.Memory;

/// <summary>The API process's memory at one moment of the memory benchmark, in bytes.</summary>
internal sealed record MemoryMoment(string Name, long Rss, long PeakRss, long AnonymousRss, long GcHeap, long GcCommitted, double Seconds, string Note)
{
    public const string Header =
        "| moment | RSS MB | peak RSS in phase MB | anon RSS MB | GC heap MB | GC committed MB | phase s | note |\n|---|---|---|---|---|---|---|---|";

    private const double MB = 1024 * 1024;

    public static MemoryMoment Read(string name, ApiProcess api, RuntimeCounters counters, double seconds, string note)
    {
        var memory = api.ReadMemory();
        return new MemoryMoment(name, memory.Rss, memory.PeakRss, memory.AnonymousRss, counters.GcHeapBytes, counters.GcCommittedBytes, seconds, note);
    }

    public string Row() => string.Create(CultureInfo.InvariantCulture,
        $"| {Name} | {Rss / MB:F0} | {PeakRss / MB:F0} | {AnonymousRss / MB:F0} | {GcHeap / MB:F0} | {GcCommitted / MB:F0} | {Seconds:F1} | {Note} |");
}
