namespace RagBot.IntegrationTests.Reliability;

/// <summary>Finds a built RagBot program to run as a child process: in its own artifacts folder beside this test assembly's, or copied next to it.</summary>
internal static class BuiltAssembly
{
    /// <summary>The path of <paramref name="dll"/> of <paramref name="project"/> (artifacts/bin/&lt;project&gt;/&lt;config&gt;), with its runtimeconfig.</summary>
    public static string PathOf(string project, string dll)
    {
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var candidates = new[]
        {
            Path.Combine(testOutput.Parent!.Parent!.FullName, project, testOutput.Name, dll),
            Path.Combine(testOutput.FullName, dll),
        };
        return candidates.FirstOrDefault(c => File.Exists(Path.ChangeExtension(c, ".runtimeconfig.json")))
            ?? throw new FileNotFoundException($"{dll} with its runtimeconfig was not found; build src/{project} first. Looked in: " + string.Join(", ", candidates));
    }
}
