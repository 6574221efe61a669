using CsCheck;

namespace RagBot.IntegrationTests.Reliability;

/// <summary>
/// Credentials fuzzing against a server with keys: garbage, truncated, padded, mis-schemed and conflicting keys
/// on every operation get a success or an explained 401/403/4xx, never a 5xx.
/// </summary>
public sealed class CredentialFuzzTests : IClassFixture<KeyedFuzzServer>
{
    private readonly KeyedFuzzServer _server;

    public CredentialFuzzTests(KeyedFuzzServer server)
    {
        _server = server;
    }

    [Fact]
    public async Task Every_operation_answers_any_credential_without_a_5xx()
    {
        var admin = _server.AdminKey!;
        var keys = Gen.OneOf(
            Gen.OneOf(admin, KeyedFuzzServer.UserKey, KeyedFuzzServer.ScopedKey, "", " ", admin[..10], admin + "x", " " + admin + " ", admin.ToUpperInvariant(), new string('k', 5000)),
            Gen.String[0, 60].Select(s => new string(s.Where(c => c is >= ' ' and <= '~').ToArray())));
        var credentials = Gen.Select(keys, Gen.OneOf("X-Api-Key", "Authorization:Bearer ", "Authorization:bearer ", "Authorization:Basic ", "Authorization:", "Authorization:Bearer  "))
            .Select((key, carrier) => carrier.StartsWith("Authorization:", StringComparison.Ordinal)
                ? ("Authorization", carrier["Authorization:".Length..] + key)
                : (carrier, key));
        var requests = Gen.Select(Gen.OneOf([.. _server.Operations]), credentials, HostileInputs.Ids);
        await requests.SampleAsync(
            async (operation, credential, id) =>
            {
                var status = await FuzzRequest.AssertAnsweredAsync(_server, operation.Method, HttpFuzzTests.Fill(operation.Template, id), "{\"message\":\"cranes?\",\"query\":\"cranes\"}"u8.ToArray(), "application/json", header: credential);
                // Index administration is for the unscoped admin only (a tenant's admin gets 403).
                Assert.True(status != 200 || !operation.Template.StartsWith("/api/admin", StringComparison.Ordinal) || credential.Item2.Contains(admin, StringComparison.Ordinal), $"{operation} answered 200 to {credential}");
            },
            iter: 300,
            print: r => $"{r.Item1.Method} {r.Item1.Template} with {r.Item2.Item1}: '{r.Item2.Item2[..Math.Min(60, r.Item2.Item2.Length)]}'");
    }

    [Fact]
    public async Task A_scoped_key_can_never_upload_a_tag_of_another_tenant()
    {
        await HostileInputs.TenantTags.SampleAsync(
            async tags =>
            {
                var status = await FuzzRequest.AssertAnsweredAsync(
                    _server, "POST", "/api/documents?wait=true", HostileMultipart.WithTags(tags), HostileMultipart.ContentType, header: ("X-Api-Key", KeyedFuzzServer.ScopedKey));
                // The form reader trims field values, as it does for every field.
                var forged = tags.Select(t => t.Trim()).Any(t => t.StartsWith("tenant:", StringComparison.OrdinalIgnoreCase) && t != "tenant:fuzz");
                Assert.True(forged ? status == 403 : status != 403, $"tags [{string.Join(", ", tags)}] answered {status}");
            },
            iter: 60,
            print: tags => string.Join(", ", tags));
    }
}
