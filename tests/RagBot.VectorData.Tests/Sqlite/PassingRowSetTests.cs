using System.Runtime.CompilerServices;
using RagBot.VectorData.Sqlite.Internal;

namespace RagBot.VectorData.Tests.Sqlite;

/// <summary>The remembered slots of a passing-row set, and what they keep alive.</summary>
public sealed class PassingRowSetTests
{
    [Fact]
    public void Slots_are_the_passing_rows_the_index_holds_in_row_order()
    {
        var index = new VectorIndex(2, VectorScoring.For(Microsoft.Extensions.VectorData.DistanceFunction.CosineSimilarity), quantize: false, capacity: 4);
        index.Set(5, [1f, 0f]);
        index.Set(3, [0f, 1f]);
        index.Set(9, [1f, 1f]);
        var rows = new PassingRowSet(1, [3, 7, 9]);

        var slots = rows.SlotsIn(index, 1);

        Assert.Equal([3L, 9L], slots.Select(index.RowIdAt));
        Assert.Same(slots, rows.SlotsIn(index, 1));
    }

    [Fact]
    public void A_remembered_set_does_not_keep_a_retired_index_alive()
    {
        // A set can outlive its collection's index (another process dropped the collection as this set was saved):
        // the cache would then hold a whole generation's vectors until the entry aged out.
        var rows = new PassingRowSet(1, [1, 2]);
        var retired = RememberSlotsOfATemporaryIndex(rows);

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        Assert.False(retired.TryGetTarget(out _));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference<VectorIndex> RememberSlotsOfATemporaryIndex(PassingRowSet rows)
    {
        var index = new VectorIndex(2, VectorScoring.For(Microsoft.Extensions.VectorData.DistanceFunction.CosineSimilarity), quantize: true, capacity: 1 << 16);
        index.Set(1, [1f, 0f]);
        index.Set(2, [0f, 1f]);
        rows.SlotsIn(index, 1);
        return new WeakReference<VectorIndex>(index);
    }
}
