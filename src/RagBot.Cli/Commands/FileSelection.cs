namespace RagBot.Cli.Commands;

/// <summary>A file to ingest and the name it is known by (its path relative to the folder argument).</summary>
internal sealed record SelectedFile(string FullPath, string RelativeName);

/// <summary>Turns the file and folder arguments into the files to ingest.</summary>
internal static class FileSelection
{
    public static IReadOnlyList<SelectedFile> Expand(IEnumerable<string> paths, bool recursive)
    {
        var files = new List<SelectedFile>();
        foreach (var path in paths)
        {
            if (File.Exists(path))
            {
                files.Add(new SelectedFile(Path.GetFullPath(path), Path.GetFileName(path)));
            }
            else if (Directory.Exists(path))
            {
                var root = Path.GetFullPath(path);
                var option = recursive ? SearchOption.AllDirectories : SearchOption.TopDirectoryOnly;
                files.AddRange(Directory.EnumerateFiles(root, "*", option)
                    .Order(StringComparer.Ordinal)
                    .Select(f => new SelectedFile(f, Path.GetRelativePath(root, f).Replace(Path.DirectorySeparatorChar, '/'))));
            }
            else
            {
                throw new CliUserException($"'{path}' is neither a file nor a folder.");
            }
        }

        return files;
    }
}
