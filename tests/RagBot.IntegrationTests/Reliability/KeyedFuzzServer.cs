namespace RagBot.IntegrationTests.Reliability;

/// <summary>A <see cref="FuzzServer"/> with API keys (an admin, a user and a tenant-scoped user) and rate limits high enough not to hide deeper answers.</summary>
public sealed class KeyedFuzzServer : FuzzServer
{
    public const string UserKey = "fuzz-user-key-0123456789abcdef";
    public const string ScopedKey = "fuzz-scoped-key-0123456789abcdef";
    private const string Admin = "fuzz-admin-key-0123456789abcdef";

    public override string? AdminKey => Admin;

    protected override IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>
    {
        ["RagBot__Auth__Keys__0__Name"] = "fuzz-admin",
        ["RagBot__Auth__Keys__0__Key"] = Admin,
        ["RagBot__Auth__Keys__0__Role"] = "admin",
        ["RagBot__Auth__Keys__1__Name"] = "fuzz-user",
        ["RagBot__Auth__Keys__1__Key"] = UserKey,
        ["RagBot__Auth__Keys__1__Role"] = "user",
        ["RagBot__Auth__Keys__2__Name"] = "fuzz-tenant",
        ["RagBot__Auth__Keys__2__Key"] = ScopedKey,
        ["RagBot__Auth__Keys__2__Role"] = "admin",
        ["RagBot__Auth__Keys__2__Scope"] = "tenant:fuzz",
        ["RagBot__RateLimits__ChatPermits"] = "100000",
        ["RagBot__RateLimits__UploadPermits"] = "100000",
    };
}
