using System.Reflection;
using RagBot.Api.Contracts;
using RagBot.Core.Indexing;

namespace RagBot.IntegrationTests.Api;

/// <summary>
/// The API's JSON shapes are its own: no contract type reaches a record of the app state (<see cref="IndexGeneration"/>)
/// or a type of a capability or store project, whose changes would otherwise change the API without anyone noticing.
/// </summary>
public sealed class ContractOwnershipTests
{
    private static readonly string[] ForeignAssemblies = ["RagBot.Indexing", "RagBot.AppState", "RagBot.AppState.PostgreSql", "RagBot.Ingestion", "RagBot.Retrieval", "RagBot.Chat"];

    [Fact]
    public void No_contract_exposes_an_app_state_record_or_a_capability_s_type()
    {
        var contracts = typeof(IndexStatusResponse).Assembly.GetTypes()
            .Where(t => t.IsPublic && t.Namespace?.StartsWith("RagBot.Api.Contracts", StringComparison.Ordinal) == true);
        var leaks = new List<string>();
        foreach (var contract in contracts)
        {
            Walk(contract, contract.Name, [], leaks);
        }

        Assert.True(leaks.Count == 0, "API contracts must use API-owned types (map them in a From method):\n" + string.Join("\n", leaks));
    }

    private static void Walk(Type type, string path, HashSet<Type> seen, List<string> leaks)
    {
        if (!seen.Add(type))
        {
            return;
        }

        if (type == typeof(IndexGeneration) || ForeignAssemblies.Contains(type.Assembly.GetName().Name))
        {
            leaks.Add($"{path} is {type.FullName} ({type.Assembly.GetName().Name})");
            return;
        }

        foreach (var argument in type.IsGenericType ? type.GetGenericArguments() : [])
        {
            Walk(argument, path + "<>", seen, leaks);
        }

        if (type.IsArray)
        {
            Walk(type.GetElementType()!, path + "[]", seen, leaks);
        }

        if (type.Namespace?.StartsWith("RagBot.", StringComparison.Ordinal) == true)
        {
            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                Walk(property.PropertyType, $"{path}.{property.Name}", seen, leaks);
            }
        }
    }
}
