using System.Diagnostics;

namespace RagBot.Bench.Memory;

/// <summary>Runs the <c>dotnet-gcdump</c> tool (<c>dotnet tool install -g dotnet-gcdump</c>) against the API process.</summary>
internal static class GcDump
{
    /// <summary>Saves a heap dump to <paramref name="path"/> and its per-type report to <c>path.txt</c>.</summary>
    public static async Task CollectAsync(int processId, string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        await RunAsync(["collect", "-p", processId.ToString(System.Globalization.CultureInfo.InvariantCulture), "-o", path], null);
        await RunAsync(["report", path], path + ".txt");
    }

    private static async Task RunAsync(string[] arguments, string? outputPath)
    {
        var installed = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".dotnet", "tools", "dotnet-gcdump");
        var start = new ProcessStartInfo(File.Exists(installed) ? installed : "dotnet-gcdump") { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet-gcdump did not start.");
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (outputPath is not null)
        {
            await File.WriteAllTextAsync(outputPath, output);
        }
    }
}
