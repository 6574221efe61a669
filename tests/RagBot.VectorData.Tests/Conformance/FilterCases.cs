using System.Linq.Expressions;

namespace RagBot.VectorData.Tests.Conformance;

/// <summary>Filter expressions over <see cref="ConformanceRecord.Samples"/> with the ranks each must select.</summary>
public static class FilterCases
{
    private static readonly string CapturedCategory = "grain";

    public static readonly Dictionary<string, (Expression<Func<ConformanceRecord, bool>> Filter, int[] Ranks)> All = new()
    {
        ["equal"] = (r => r.Category == "fruit", [1, 2]),
        ["not-equal"] = (r => r.Category != "fruit", [3, 4, 5]),
        ["less"] = (r => r.Rank < 3, [1, 2]),
        ["less-or-equal"] = (r => r.Rank <= 3, [1, 2, 3]),
        ["greater"] = (r => r.Rank > 3, [4, 5]),
        ["greater-or-equal"] = (r => r.Rank >= 3, [3, 4, 5]),
        ["constant-on-the-left"] = (r => 3 < r.Rank, [4, 5]),
        ["and"] = (r => r.IsActive && r.Rank > 1, [3, 5]),
        ["or"] = (r => r.Category == "grain" || r.Rank == 1, [1, 5]),
        ["not"] = (r => !(r.Category == "fruit"), [3, 4, 5]),
        ["bool-member"] = (r => r.IsActive, [1, 3, 5]),
        ["not-bool-member"] = (r => !r.IsActive, [2, 4]),
        ["bool-equals-false"] = (r => r.IsActive == false, [2, 4]),
        ["tags-contains"] = (r => r.Tags.Contains("kind:veg"), [3, 4]),
        ["captured-variable"] = (r => r.Category == CapturedCategory, [5]),
        ["nested"] = (r => (r.Tags.Contains("kind:fruit") || r.Tags.Contains("kind:veg")) && !(r.Rank == 3), [1, 2, 4]),
    };

    public static TheoryData<string> Names => [.. All.Keys];
}
