namespace RagBot.VectorData.Sqlite;

/// <summary>
/// A hybrid search hit with the parts of its fused score: the reciprocal-rank-fusion <see cref="Score"/> (higher is
/// better), the vector leg's similarity score and 1-based ranks in each leg (null when the leg did not return the row).
/// </summary>
public sealed record SqliteHybridSearchResult<TRecord>(TRecord Record, double Score, double? VectorScore, int? VectorRank, int? KeywordRank);
