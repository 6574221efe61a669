using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace RagBot.Bench.Memory;

/// <summary>
/// The real API started as a child process (<c>dotnet RagBot.Api.dll</c> of a Release build) on 127.0.0.1 with a
/// free port and a fresh data directory. Settings are passed as environment variables, like a container would;
/// the process's memory is read from <c>/proc/&lt;pid&gt;/status</c> (Linux).
/// </summary>
internal sealed class ApiProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;

    private ApiProcess(Process process, StreamWriter log, Uri address)
    {
        _process = process;
        _log = log;
        Address = address;
    }

    public Uri Address { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Starts the API; <paramref name="environment"/> holds RagBot__* settings and DOTNET_* runtime knobs.</summary>
    public static ApiProcess Start(string apiDll, string dataDirectory, IReadOnlyDictionary<string, string> environment, string logPath)
    {
        var port = FreePort();
        var address = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(apiDll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(apiDll);
        start.Environment["ASPNETCORE_URLS"] = address.ToString();
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["RagBot__DataDirectory"] = dataDirectory;
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var log = new StreamWriter(logPath) { AutoFlush = true };
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        process.OutputDataReceived += (_, e) => Write(log, e.Data);
        process.ErrorDataReceived += (_, e) => Write(log, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new ApiProcess(process, log, address);
    }

    /// <summary>Resident and peak resident memory, and the anonymous (heap, native) part of the resident memory, in bytes.</summary>
    public ProcessMemory ReadMemory()
    {
        long rss = 0, peak = 0, anonymous = 0;
        try
        {
            foreach (var line in File.ReadLines($"/proc/{Id}/status"))
            {
                rss = line.StartsWith("VmRSS:", StringComparison.Ordinal) ? Kilobytes(line) : rss;
                peak = line.StartsWith("VmHWM:", StringComparison.Ordinal) ? Kilobytes(line) : peak;
                anonymous = line.StartsWith("RssAnon:", StringComparison.Ordinal) ? Kilobytes(line) : anonymous;
            }
        }
        catch (IOException)
        {
            // The process has exited between the check and the read.
        }

        return new ProcessMemory(rss, peak, anonymous);
    }

    /// <summary>Resets the kernel's peak resident size (VmHWM) so the next read gives the peak of the phase that follows.</summary>
    public void ResetPeak()
    {
        try
        {
            File.WriteAllText($"/proc/{Id}/clear_refs", "5");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Older kernels: the peak then covers the whole run so far, which is still an upper bound.
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        await _log.DisposeAsync();
    }

    private static void Write(StreamWriter log, string? line)
    {
        if (line is not null)
        {
            lock (log)
            {
                log.WriteLine(line);
            }
        }
    }

    private static long Kilobytes(string line) =>
        long.Parse(line.Split(':', 2)[1].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>A reading of <c>/proc/&lt;pid&gt;/status</c>, in bytes.</summary>
internal sealed record ProcessMemory(long Rss, long PeakRss, long AnonymousRss);
