using Microsoft.Extensions.Options;
using Npgsql;

namespace RagBot.AppState.PostgreSql;

/// <summary>Checks that the connection string parses and names a database, so a typo fails at start, not at the first upload.</summary>
internal sealed class PostgreSqlAppStateOptionsValidator : IValidateOptions<PostgreSqlAppStateOptions>
{
    public ValidateOptionsResult Validate(string? name, PostgreSqlAppStateOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            return ValidateOptionsResult.Skip; // [Required] reports it.
        }

        try
        {
            var builder = new NpgsqlConnectionStringBuilder(options.ConnectionString);
            return string.IsNullOrWhiteSpace(builder.Host)
                ? ValidateOptionsResult.Fail("RagBot:AppState:PostgreSql:ConnectionString names no Host, e.g. \"Host=localhost;Database=ragbot;Username=ragbot\".")
                : ValidateOptionsResult.Success;
        }
        catch (ArgumentException ex)
        {
            return ValidateOptionsResult.Fail($"RagBot:AppState:PostgreSql:ConnectionString is not a valid Npgsql connection string: {ex.Message}");
        }
    }
}
