using System.Linq.Expressions;
using RagBot.Core.Chunks;

namespace RagBot.Retrieval;

/// <summary>Builds the store filter "the chunk carries every one of these tags".</summary>
internal static class TagFilter
{
    public static Expression<Func<DocumentChunk, bool>>? AllOf(IReadOnlyList<string> tags)
    {
        if (tags.Count == 0)
        {
            return null;
        }

        var chunk = Expression.Parameter(typeof(DocumentChunk), "chunk");
        var tagsProperty = Expression.Property(chunk, nameof(DocumentChunk.Tags));
        var contains = typeof(List<string>).GetMethod(nameof(List<string>.Contains), [typeof(string)])!;
        Expression body = Expression.Call(tagsProperty, contains, Expression.Constant(tags[0]));
        foreach (var tag in tags.Skip(1))
        {
            body = Expression.AndAlso(body, Expression.Call(tagsProperty, contains, Expression.Constant(tag)));
        }

        return Expression.Lambda<Func<DocumentChunk, bool>>(body, chunk);
    }
}
