using Microsoft.Extensions.VectorData;
using RagBot.VectorData.Sqlite.Internal;

namespace RagBot.VectorData.Tests.Sqlite;

/// <summary>
/// The index's key map (what the similarity lookup names rows by) must agree with the slots after any sequence of
/// sets and removals: removal moves the last slot into the hole, and a set without a key keeps the stored one.
/// </summary>
public sealed class VectorIndexKeyMapTests
{
    [Fact]
    public void Every_keyed_slot_is_found_by_its_key_and_no_removed_key_is_found_after_random_writes()
    {
        var index = new VectorIndex(3, VectorScoring.For(DistanceFunction.CosineSimilarity), quantize: true, capacity: 4);
        var random = new Random(23);
        var keyOfRow = new Dictionary<long, Guid>();
        var removed = new HashSet<Guid>();
        for (var step = 0; step < 5_000; step++)
        {
            var rowId = random.Next(1, 300);
            float[] vector = [(float)random.NextDouble(), (float)random.NextDouble(), 1f];
            switch (random.Next(4))
            {
                case 0:
                    index.Remove(rowId);
                    if (keyOfRow.Remove(rowId, out var gone))
                    {
                        removed.Add(gone);
                    }

                    break;
                case 1 when keyOfRow.ContainsKey(rowId):
                    // An update without its key (the row is already known): the stored key stays.
                    index.Set(rowId, vector);
                    break;
                default:
                    var key = keyOfRow.TryGetValue(rowId, out var existing) ? existing : Guid.NewGuid();
                    index.Set(rowId, vector, key);
                    keyOfRow[rowId] = key;
                    break;
            }
        }

        Assert.Equal(keyOfRow.Count, index.Count);
        foreach (var (rowId, key) in keyOfRow)
        {
            Assert.True(index.TryGetSlotOfKey(key, out var slot));
            Assert.Equal(rowId, index.RowIdAt(slot));
            Assert.Equal(key, index.KeyAt(slot));
        }

        Assert.True(removed.Count > 100);
        Assert.All(removed, key => Assert.False(index.TryGetSlotOfKey(key, out _)));
    }

    [Fact]
    public void A_row_set_without_a_key_is_not_named_by_the_key_map()
    {
        var index = new VectorIndex(2, VectorScoring.For(DistanceFunction.CosineSimilarity), quantize: false, capacity: 4);
        var key = Guid.NewGuid();
        index.Set(7, [1f, 0f]);
        index.Set(8, [0f, 1f], key);

        Assert.False(index.TryGetSlotOfKey(Guid.NewGuid(), out _));
        Assert.True(index.TryGetSlotOfKey(key, out var slot));
        Assert.Equal(8, index.RowIdAt(slot));
        Assert.Null(index.KeyAt(index.TryGetSlot(7, out var unkeyed) ? unkeyed : -1));
    }
}
