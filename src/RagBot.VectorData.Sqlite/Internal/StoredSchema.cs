namespace RagBot.VectorData.Sqlite.Internal;

/// <summary>The schema of a collection as persisted in the catalog table, so a reopened store maps the same columns.</summary>
internal sealed record StoredSchema(int Version, List<StoredColumn> Columns);

/// <summary>One persisted property: its storage name, SQL column and, for vectors, dimensions and distance.</summary>
internal sealed record StoredColumn(
    string StorageName,
    string Column,
    string Kind,
    string SqlType,
    int Dimensions,
    string? DistanceFunction,
    bool IsIndexed,
    bool IsFullTextIndexed,
    bool IsList);
