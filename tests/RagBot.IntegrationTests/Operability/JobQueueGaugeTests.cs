using System.Diagnostics.Metrics;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RagBot.AppState;
using RagBot.Hosting.Telemetry;

namespace RagBot.IntegrationTests.Operability;

public sealed class JobQueueGaugeTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "ragbot-gauge", Guid.NewGuid().ToString("N"));
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();

    public void Dispose()
    {
        _services.Dispose();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Cleaned by the OS later.
        }
    }

    [Fact]
    public void Reports_nothing_while_there_is_no_jobs_table()
    {
        var database = new AppStateDatabase(Options.Create(new DataDirectoryOptions { DataDirectory = _directory }));
        using var gauge = new JobQueueGauge(_services.GetRequiredService<IMeterFactory>(), new SqliteAppStateProbe(database));

        Assert.Empty(Observe(gauge));
    }

    [Fact]
    public void Counts_the_queued_jobs()
    {
        var database = new AppStateDatabase(Options.Create(new DataDirectoryOptions { DataDirectory = _directory }));
        using (var connection = new SqliteConnection($"Data Source={database.DatabasePath}"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE jobs (id TEXT PRIMARY KEY, status TEXT NOT NULL); INSERT INTO jobs VALUES ('a','queued'),('b','queued'),('c','running'),('d','succeeded');";
            command.ExecuteNonQuery();
        }

        using var gauge = new JobQueueGauge(_services.GetRequiredService<IMeterFactory>(), new SqliteAppStateProbe(database));

        Assert.Equal([2L], Observe(gauge));
    }

    private List<long> Observe(JobQueueGauge gauge)
    {
        var values = new List<long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Name == "ragbot.jobs.queued" && instrument.Meter.Scope == _services.GetRequiredService<IMeterFactory>())
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => values.Add(value));
        listener.Start();
        listener.RecordObservableInstruments();
        GC.KeepAlive(gauge);
        return values;
    }
}
