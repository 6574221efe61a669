using System.IO.Hashing;
using System.Text;
using System.Text.RegularExpressions;

namespace RagBot.Core.Documents;

/// <summary>Document ids: given by the client, or derived from the source name so a re-upload replaces it.</summary>
public static partial class DocumentIds
{
    public const string Rule = "1 to 128 characters: letters, digits, '.', '_' or '-', starting with a letter or digit";

    public static bool IsValid(string? id) => id is not null && IdPattern().IsMatch(id);

    /// <summary>A readable, stable id: the name's slug plus a short hash of the exact name (so "A.md" and "a.md" differ).</summary>
    public static string FromSource(string sourceName)
    {
        ArgumentNullException.ThrowIfNull(sourceName);
        var slug = NonSlug().Replace(sourceName.ToLowerInvariant(), "-").Trim('-');
        if (slug.Length > 100)
        {
            slug = slug[..100].TrimEnd('-');
        }

        var hash = XxHash64.HashToUInt64(Encoding.UTF8.GetBytes(sourceName));
        var suffix = (hash & 0xFFFFFF).ToString("x6", System.Globalization.CultureInfo.InvariantCulture);
        return slug.Length == 0 ? "doc-" + suffix : slug + "-" + suffix;
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")]
    private static partial Regex IdPattern();

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex NonSlug();
}
