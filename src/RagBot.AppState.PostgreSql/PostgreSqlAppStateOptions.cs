using System.ComponentModel.DataAnnotations;

namespace RagBot.AppState.PostgreSql;

/// <summary>The PostgreSQL app state shared by several API replicas (<c>RagBot:AppState:Provider = PostgreSql</c>).</summary>
public sealed class PostgreSqlAppStateOptions
{
    public const string SectionName = "RagBot:AppState:PostgreSql";

    /// <summary>An Npgsql connection string, e.g. <c>Host=db;Database=ragbot;Username=ragbot;Password=...</c>.</summary>
    [Required(ErrorMessage = "RagBot:AppState:PostgreSql:ConnectionString is required when RagBot:AppState:Provider is PostgreSql, e.g. \"Host=localhost;Database=ragbot;Username=ragbot;Password=...\".")]
    public string? ConnectionString { get; set; }

    /// <summary>
    /// How long a claimed ingestion job stays with its replica without a renewal. The replica renews its leases every
    /// third of this; a job whose lease ran out (its replica died or lost the database) is claimed by another replica.
    /// </summary>
    [Range(5, 3600, ErrorMessage = "RagBot:AppState:PostgreSql:JobLeaseSeconds must be between 5 and 3600.")]
    public int JobLeaseSeconds { get; set; } = 30;
}
