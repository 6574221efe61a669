using System.Text.RegularExpressions;
using RagBot.UnitTests.Architecture;

namespace RagBot.UnitTests.Deployment;

/// <summary>
/// The image cannot be built here (no Docker engine), so what breaks `docker build` without anyone noticing is checked
/// from the Dockerfile's text: the restore layer sees only the project files copied before it, and the publish that
/// follows with --no-restore needs the restore's architecture and ReadyToRun setting. Both broke unnoticed before
/// (three projects added since the restore layer was written: NETSDK1004 at publish).
/// </summary>
public sealed partial class DockerfileTests
{
    private static readonly string[] Lines = File.ReadAllLines(Path.Combine(ProjectGraph.FindRepositoryRoot(), "Dockerfile"));

    [Fact]
    public void The_restore_layer_copies_every_project_the_api_references_directly_or_not()
    {
        var restore = Array.FindIndex(Lines, line => line.StartsWith("RUN dotnet restore", StringComparison.Ordinal));
        Assert.True(restore > 0, "The Dockerfile has no `RUN dotnet restore` line.");
        var copied = Lines.Take(restore)
            .Select(line => CopiedProject().Match(line))
            .Where(match => match.Success)
            .Select(match => match.Groups["name"].Value)
            .ToHashSet(StringComparer.Ordinal);

        var needed = ProjectGraph.Load().Reachable("RagBot.Api").Keys.Append("RagBot.Api").ToList();
        var missing = needed.Where(project => !copied.Contains(project)).Order(StringComparer.Ordinal).ToList();
        Assert.True(missing.Count == 0,
            $"The Dockerfile's restore layer does not copy {string.Join(", ", missing)}: `docker build` fails at publish (NETSDK1004). Add `COPY src/<name>/<name>.csproj src/<name>/` lines before `RUN dotnet restore`.");
    }

    [Fact]
    public void Publish_uses_the_architecture_and_ready_to_run_setting_it_was_restored_with()
    {
        var restore = Assert.Single(Lines, line => line.StartsWith("RUN dotnet restore", StringComparison.Ordinal));
        var publish = Assert.Single(Lines, line => line.StartsWith("RUN dotnet publish", StringComparison.Ordinal));

        Assert.Contains("--no-restore", publish, StringComparison.Ordinal);
        foreach (var option in new[] { "-a \"$TARGETARCH\"", "-p:PublishReadyToRun=true" })
        {
            Assert.Contains(option, restore, StringComparison.Ordinal);
            Assert.Contains(option, publish, StringComparison.Ordinal);
        }

        // BuildKit sets TARGETARCH only for a stage that declares it, before the lines that use it.
        var declared = Array.IndexOf(Lines, "ARG TARGETARCH");
        Assert.True(declared >= 0 && declared < Array.IndexOf(Lines, restore), "Declare `ARG TARGETARCH` in the build stage before the restore.");
    }

    [GeneratedRegex(@"^COPY src/(?<name>[A-Za-z.]+)/\k<name>\.csproj src/\k<name>/$")]
    private static partial Regex CopiedProject();
}
