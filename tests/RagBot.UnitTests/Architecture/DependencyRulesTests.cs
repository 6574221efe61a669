namespace RagBot.UnitTests.Architecture;

/// <summary>
/// Which project may reference which (docs/architecture.md draws the same map). Capabilities see stores, model
/// providers and the app state only through the seams in Core; Core references none of ours; only the hosts
/// sit above the composition root. A failure names the offending reference and the rule.
/// </summary>
public sealed class DependencyRulesTests
{
    private const string Core = "RagBot.Core";

    /// <summary>What each kind of project is for; a new project must be given a kind here.</summary>
    private static readonly Dictionary<string, ProjectKind> Kinds = new(StringComparer.Ordinal)
    {
        [Core] = ProjectKind.Core,
        ["RagBot.Indexing"] = ProjectKind.Capability,
        ["RagBot.Ingestion"] = ProjectKind.Capability,
        ["RagBot.Retrieval"] = ProjectKind.Capability,
        ["RagBot.Chat"] = ProjectKind.Capability,
        ["RagBot.AppState"] = ProjectKind.Implementation,
        ["RagBot.AppState.PostgreSql"] = ProjectKind.Implementation,
        ["RagBot.VectorData.Sqlite"] = ProjectKind.Implementation,
        ["RagBot.VectorData.Qdrant"] = ProjectKind.Implementation,
        ["RagBot.Providers"] = ProjectKind.Implementation,
        ["RagBot.Hosting"] = ProjectKind.CompositionRoot,
        ["RagBot.Evaluation"] = ProjectKind.Tool,
        ["RagBot.Api"] = ProjectKind.Host,
        ["RagBot.Cli"] = ProjectKind.Host,
    };

    /// <summary>The capabilities' own layering: ingestion writes through indexing, chat answers from retrieval.</summary>
    private static readonly Dictionary<string, string[]> CapabilityReferences = new(StringComparer.Ordinal)
    {
        ["RagBot.Indexing"] = [Core],
        ["RagBot.Ingestion"] = [Core, "RagBot.Indexing"],
        ["RagBot.Retrieval"] = [Core],
        ["RagBot.Chat"] = [Core, "RagBot.Retrieval"],
    };

    private static readonly ProjectGraph Graph = ProjectGraph.Load();

    [Fact]
    public void Every_project_has_a_kind()
    {
        var unknown = Graph.Projects.Where(p => !Kinds.ContainsKey(p)).ToList();

        Assert.True(unknown.Count == 0, $"Give {string.Join(", ", unknown)} a kind in {nameof(DependencyRulesTests)}.{nameof(Kinds)} (and a place in docs/architecture.md), so the dependency rules cover it.");
    }

    [Fact]
    public void Core_references_none_of_ours() =>
        AssertNone(Core, Graph.DirectReferences(Core), "Core is the shared vocabulary: it references no RagBot project.");

    [Fact]
    public void Capabilities_reference_only_core_and_the_capabilities_below_them()
    {
        var violations = CapabilityReferences.SelectMany(capability => Graph.DirectReferences(capability.Key)
            .Where(reference => !capability.Value.Contains(reference))
            .Select(reference => $"{capability.Key} -> {reference}: a capability may reference only {string.Join(" and ", capability.Value)}."));

        AssertEmpty(violations, "Capabilities see storage, model providers and the app state only through the seams in Core (VectorStore, IKeywordSearchable, IIndexAlias, IIndexGenerationStore, IChatClient, ...).");
    }

    [Fact]
    public void Capabilities_never_reach_a_store_a_provider_or_a_host()
    {
        var violations = Graph.Projects.Where(p => Kinds.GetValueOrDefault(p) == ProjectKind.Capability)
            .SelectMany(capability => Graph.Reachable(capability)
                .Where(reached => Kinds.GetValueOrDefault(reached.Key) is ProjectKind.Implementation or ProjectKind.CompositionRoot or ProjectKind.Tool or ProjectKind.Host)
                .Select(reached => $"{reached.Value}: {reached.Key} is {Describe(reached.Key)}."));

        AssertEmpty(violations, "A capability must not depend, even transitively, on a store implementation, a model provider, the composition root or a host.");
    }

    [Fact]
    public void Stores_and_providers_reference_only_core()
    {
        var violations = Graph.Projects.Where(p => Kinds.GetValueOrDefault(p) == ProjectKind.Implementation)
            .SelectMany(implementation => Graph.DirectReferences(implementation)
                .Where(reference => reference != Core && !IsSameFamily(implementation, reference))
                .Select(reference => $"{implementation} -> {reference}"));

        AssertEmpty(violations, "Store implementations and model providers implement the seams of Core and reference nothing else of ours (a provider may extend its own family's base project, as AppState.PostgreSql extends AppState).");
    }

    [Fact]
    public void Only_hosts_sit_above_the_composition_root_and_nothing_references_a_host()
    {
        var violations = Graph.Projects.SelectMany(project => Graph.DirectReferences(project)
            .Where(reference => Kinds.GetValueOrDefault(reference) == ProjectKind.Host
                || ((Kinds.GetValueOrDefault(reference) is ProjectKind.CompositionRoot or ProjectKind.Tool) && Kinds.GetValueOrDefault(project) is not (ProjectKind.Host or ProjectKind.Tool)))
            .Select(reference => $"{project} -> {reference}: {reference} is {Describe(reference)}."));

        AssertEmpty(violations, "The API and the CLI are the top: they reference the composition root (and Evaluation); nothing references them, and no library references the composition root.");
    }

    private static bool IsSameFamily(string project, string reference) => project.StartsWith(reference + ".", StringComparison.Ordinal);

    private static string Describe(string project) => Kinds.GetValueOrDefault(project) switch
    {
        ProjectKind.Implementation => "a store or provider implementation",
        ProjectKind.CompositionRoot => "the composition root",
        ProjectKind.Tool => "a tool over the composition root",
        ProjectKind.Host => "a host",
        ProjectKind.Capability => "a capability",
        ProjectKind.Core => "the shared core",
        _ => "not classified",
    };

    private static void AssertNone(string project, IReadOnlyList<string> references, string rule) =>
        Assert.True(references.Count == 0, $"{project} references {string.Join(", ", references)}. {rule}");

    private static void AssertEmpty(IEnumerable<string> violations, string rule)
    {
        var list = violations.ToList();
        Assert.True(list.Count == 0, $"{rule}{Environment.NewLine}{string.Join(Environment.NewLine, list)}");
    }

    private enum ProjectKind
    {
        Unclassified,
        Core,
        Capability,
        Implementation,
        CompositionRoot,
        Tool,
        Host,
    }
}
