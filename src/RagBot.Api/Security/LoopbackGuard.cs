using System.Net;

namespace RagBot.Api.Security;

/// <summary>
/// Without API keys anyone who can reach RagBot could read and change its documents, so it then only
/// listens on loopback: a configured non-loopback address is refused before start with a clear message.
/// </summary>
internal static class LoopbackGuard
{
    public static void Check(IConfiguration configuration, ApiKeyOptions keys)
    {
        if (keys.Keys.Count > 0)
        {
            return;
        }

        var exposed = ConfiguredUrls(configuration).Where(url => !IsLoopback(url)).ToList();
        if (exposed.Count > 0)
        {
            throw new InvalidOperationException(
                $"RagBot refuses to listen on {string.Join(", ", exposed)} without API keys: anyone who can reach that address could read and change your documents. " +
                "Configure keys under RagBot:Auth:Keys (see the README's Security section), or listen on localhost only (for example --urls http://localhost:5000).");
        }
    }

    private static IEnumerable<string> ConfiguredUrls(IConfiguration configuration)
    {
        foreach (var key in new[] { "urls", "ASPNETCORE_URLS", "http_ports", "https_ports" })
        {
            var value = configuration[key];
            if (string.IsNullOrWhiteSpace(value))
            {
                continue;
            }

            foreach (var url in value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                // A bare port (http_ports) binds every interface.
                yield return int.TryParse(url, out _) ? $"http://*:{url}" : url;
            }
        }

        foreach (var endpoint in configuration.GetSection("Kestrel:Endpoints").GetChildren())
        {
            if (endpoint["Url"] is { Length: > 0 } url)
            {
                yield return url;
            }
        }
    }

    public static bool IsLoopback(string url)
    {
        var host = url.Split("://", 2) is [_, var rest] ? rest : url;
        host = host.Split('/')[0];
        host = host.StartsWith('[') ? host[..(host.IndexOf(']', StringComparison.Ordinal) + 1)] : host.Split(':')[0];
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address);
    }
}
