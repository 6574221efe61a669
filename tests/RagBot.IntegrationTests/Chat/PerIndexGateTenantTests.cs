using System.Net.Http.Headers;
using RagBot.IntegrationTests.Api;
using RagBot.IntegrationTests.Models;
using RagBot.IntegrationTests.Security;

namespace RagBot.IntegrationTests.Chat;

/// <summary>
/// The per-index gate must not let one tenant move another tenant's threshold: documents a tenant uploads that sit
/// close to the shipped (public) off-topic probes would otherwise raise the threshold of the whole index, and every
/// other tenant's answerable questions would go "not found".
/// </summary>
public sealed class PerIndexGateTenantTests
{
    private const string Question = "What happens if I send the same file twice?";

    private readonly MiniLmModel _model;

    public PerIndexGateTenantTests(MiniLmModel model)
    {
        _model = model;
    }

    [Fact]
    public async Task Another_tenants_probe_like_documents_do_not_change_a_tenants_answers()
    {
        var settings = _model.Settings.Concat(SecuredApiFactory.KeySettings()).Append(new("RagBot:RateLimits:UploadPermits", "1000"));
        using var api = new ConfiguredApiFactory(settings);
        using var acme = await SampleCorpus.ClientAsync(api, SecuredApiFactory.AcmeAdmin);
        using var beta = Client(api, SecuredApiFactory.BetaAdmin);
        var probes = ProbeQuestions();
        for (var i = 0; i < probes.Count; i += 4)
        {
            (await beta.UploadAsync($"probes-{i}.txt", string.Join("\n\n", probes.Skip(i).Take(4)))).EnsureSuccessStatusCode();
        }

        var answer = await acme.AskAsync(new { message = Question });

        Assert.Equal("extractive", answer.GetProperty("mode").GetString());
    }

    private static HttpClient Client(ConfiguredApiFactory api, string key)
    {
        var client = api.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    private static List<string> ProbeQuestions()
    {
        using var stream = typeof(RagBot.Retrieval.HybridRetriever).Assembly.GetManifestResourceStream("RagBot.Retrieval.Resources.off-topic-probes.txt")!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith('#')).ToList();
    }
}
