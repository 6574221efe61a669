using System.Text.RegularExpressions;

namespace RagBot.Core.Text;

/// <summary>Document tags of the form <c>key:value</c>.</summary>
public static partial class Tags
{
    public const string Rule = "key:value, where key is letters, digits, '_', '-' or '.', and value is 1 to 200 characters without control characters";

    public static bool IsValid(string? tag) => tag is not null && TagPattern().IsMatch(tag);

    /// <summary>An actionable message about the first malformed tag, or null when every tag is valid.</summary>
    public static string? DescribeFirstInvalid(IEnumerable<string?> tags)
    {
        ArgumentNullException.ThrowIfNull(tags);
        // A loop, not FirstOrDefault: a null item is invalid, and FirstOrDefault would return it as "none found".
        foreach (var tag in tags)
        {
            if (tag is null)
            {
                return $"A tag is null: every tag must be a string, {Rule}.";
            }

            if (!IsValid(tag))
            {
                return $"'{tag}' is not a valid tag: use {Rule}.";
            }
        }

        return null;
    }

    [GeneratedRegex(@"^[A-Za-z0-9_.\-]{1,64}:[^\p{Cc}]{1,200}$")]
    private static partial Regex TagPattern();
}
