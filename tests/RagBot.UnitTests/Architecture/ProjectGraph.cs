using System.Xml.Linq;

namespace RagBot.UnitTests.Architecture;

/// <summary>
/// The src projects and their direct project references, read from the .csproj files (what the build uses), so the
/// rules also cover the hosts this test project does not reference.
/// </summary>
internal sealed class ProjectGraph
{
    private readonly Dictionary<string, IReadOnlyList<string>> _references;

    private ProjectGraph(Dictionary<string, IReadOnlyList<string>> references)
    {
        _references = references;
    }

    public IEnumerable<string> Projects => _references.Keys.Order(StringComparer.Ordinal);

    public static ProjectGraph Load()
    {
        var src = Path.Combine(FindRepositoryRoot(), "src");
        var references = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var project in Directory.EnumerateFiles(src, "*.csproj", SearchOption.AllDirectories))
        {
            references[Path.GetFileNameWithoutExtension(project)] = XDocument.Load(project).Descendants("ProjectReference")
                .Select(r => Path.GetFileNameWithoutExtension(r.Attribute("Include")!.Value.Replace('\\', '/')))
                .Distinct(StringComparer.Ordinal)
                .ToList();
        }

        return new ProjectGraph(references);
    }

    public IReadOnlyList<string> DirectReferences(string project) => _references[project];

    /// <summary>Every project <paramref name="project"/> reaches, with the path that reaches it (for the failure message).</summary>
    public Dictionary<string, string> Reachable(string project)
    {
        var paths = new Dictionary<string, string>(StringComparer.Ordinal);
        var queue = new Queue<(string Name, string Path)>([(project, project)]);
        while (queue.Count > 0)
        {
            var (name, path) = queue.Dequeue();
            foreach (var reference in _references.GetValueOrDefault(name) ?? [])
            {
                if (paths.TryAdd(reference, $"{path} -> {reference}"))
                {
                    queue.Enqueue((reference, paths[reference]));
                }
            }
        }

        return paths;
    }

    internal static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "RagBot.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No RagBot.sln above {AppContext.BaseDirectory}: the dependency rules read the .csproj files of the repository.");
    }
}
