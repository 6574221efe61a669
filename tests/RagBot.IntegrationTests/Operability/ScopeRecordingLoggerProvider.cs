using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace RagBot.IntegrationTests.Operability;

/// <summary>Records every log entry with the properties of the scopes around it (as a console or OTLP logger would see them).</summary>
public sealed class ScopeRecordingLoggerProvider : ILoggerProvider, ISupportExternalScope
{
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public ConcurrentQueue<(string Category, LogLevel Level, string Message, Dictionary<string, object?> Scope)> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Recorder(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    private sealed class Recorder(ScopeRecordingLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => owner._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var scope = new Dictionary<string, object?>(StringComparer.Ordinal);
            owner._scopes.ForEachScope(
                (value, properties) =>
                {
                    if (value is IEnumerable<KeyValuePair<string, object?>> pairs)
                    {
                        foreach (var (key, item) in pairs)
                        {
                            properties[key] = item;
                        }
                    }
                },
                scope);
            owner.Entries.Enqueue((category, logLevel, formatter(state, exception), scope));
        }
    }
}
