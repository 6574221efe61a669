using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using RagBot.IntegrationTests.Ingestion;

namespace RagBot.IntegrationTests.Reliability;

/// <summary>
/// One real API process for a fuzz test class, holding one indexed document, and the list of every operation
/// its <c>/openapi/v1.json</c> describes (the coverage test keeps that list equal to the mapped routes).
/// </summary>
public sealed class FuzzServer : IAsyncLifetime
{
    private readonly string _dataDirectory = JobsClient.NewDataDirectory();
    private ApiProcess? _api;

    public HttpClient Client => (_api ?? throw new InvalidOperationException("The server is not started.")).Client;

    public IReadOnlyList<(string Method, string Template)> Operations { get; private set; } = [];

    public string Output => _api?.Output ?? "";

    public async ValueTask InitializeAsync()
    {
        _api = await ApiProcess.StartAsync(_dataDirectory, new Dictionary<string, string>(), CancellationToken.None);
        using var upload = new ByteArrayContent(HostileMultipart.Valid);
        upload.Headers.TryAddWithoutValidation("Content-Type", HostileMultipart.ContentType);
        using var response = await Client.PostAsync(new Uri("/api/documents?wait=true", UriKind.Relative), upload);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"The fuzz corpus upload answered {response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        var document = await Client.GetFromJsonAsync<JsonElement>(new Uri("/openapi/v1.json", UriKind.Relative));
        Operations = [.. document.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(operation => (operation.Name.ToUpperInvariant(), path.Name)))
            .Order()];
    }

    public async ValueTask DisposeAsync()
    {
        if (_api is not null)
        {
            await _api.DisposeAsync();
        }

        JobsClient.DeleteDataDirectory(_dataDirectory);
    }
}
