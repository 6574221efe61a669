namespace RagBot.IntegrationTests.Operability;

/// <summary>Files of the repository the tests check (found by walking up from the test binaries to RagBot.sln).</summary>
internal static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    public static string Read(string relativePath) => File.ReadAllText(Path.Combine(Root, relativePath));

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "RagBot.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("RagBot.sln not found above " + AppContext.BaseDirectory);
    }
}
