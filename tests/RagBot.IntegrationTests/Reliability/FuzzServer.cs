using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using RagBot.IntegrationTests.Ingestion;

namespace RagBot.IntegrationTests.Reliability;

/// <summary>
/// One real API process for a fuzz test class, holding one indexed document, and the list of every operation
/// its <c>/openapi/v1.json</c> describes (the coverage test keeps that list equal to the mapped routes).
/// </summary>
public class FuzzServer : IAsyncLifetime
{
    private readonly string _dataDirectory = JobsClient.NewDataDirectory();
    private ApiProcess? _api;

    public HttpClient Client => (_api ?? throw new InvalidOperationException("The server is not started.")).Client;

    public IReadOnlyList<(string Method, string Template)> Operations { get; private set; } = [];

    public string Output => _api?.Output ?? "";

    /// <summary>An admin key when the server is started with keys (the fixture's own upload uses it).</summary>
    public virtual string? AdminKey => null;

    protected virtual IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>();

    public async ValueTask InitializeAsync()
    {
        _api = await ApiProcess.StartAsync(_dataDirectory, Settings, CancellationToken.None);
        using var upload = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/documents?wait=true", UriKind.Relative)) { Content = new ByteArrayContent(HostileMultipart.Valid) };
        upload.Content.Headers.TryAddWithoutValidation("Content-Type", HostileMultipart.ContentType);
        if (AdminKey is not null)
        {
            upload.Headers.Add("X-Api-Key", AdminKey);
        }

        using var response = await Client.SendAsync(upload);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"The fuzz corpus upload answered {response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        using var openApi = new HttpRequestMessage(HttpMethod.Get, new Uri("/openapi/v1.json", UriKind.Relative));
        if (AdminKey is not null)
        {
            openApi.Headers.Add("X-Api-Key", AdminKey);
        }

        using var described = await Client.SendAsync(openApi);
        var document = await described.Content.ReadFromJsonAsync<JsonElement>();
        Operations = [.. document.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(operation => (operation.Name.ToUpperInvariant(), path.Name)))
            .Order()];
    }

    public async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        if (_api is not null)
        {
            await _api.DisposeAsync();
        }

        JobsClient.DeleteDataDirectory(_dataDirectory);
    }
}
