using System.Reflection;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;
using RagBot.Api.Security;

namespace RagBot.Api.WebUi;

/// <summary>
/// Serves the web page (src/RagBot.Api/Ui, embedded in this assembly): <c>/</c> is the page and <c>/ui/*</c> its
/// stylesheet and ES modules. The page only calls the public API from the browser, so it holds no data itself
/// and needs no authentication; with keys the visitor types one in.
/// </summary>
internal static class WebUiExtensions
{
    public const string AssetPath = "/ui";
    private const string PagePath = "/ui/index.html";

    /// <summary>
    /// Only this origin's scripts, styles and API; no inline script, no plugins, no framing. Document text is
    /// put on the page as text, never markup, and this policy is the second wall should that ever slip.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "base-uri 'none'; form-action 'self'; frame-ancestors 'none'; object-src 'none'";

    public static IHostApplicationBuilder AddRagBotWebUi(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<WebUiOptions>().BindConfiguration(WebUiOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        return builder;
    }

    /// <summary>Serves the page when <c>RagBot:Api:EnableUi</c> (or its default) allows; otherwise <c>/</c> stays 404.</summary>
    public static WebApplication UseRagBotWebUi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var keys = app.Services.GetRequiredService<IOptions<ApiKeyOptions>>().Value.Keys.Count;
        if (!app.Services.GetRequiredService<IOptions<WebUiOptions>>().Value.IsEnabled(keys))
        {
            return app;
        }

        // "/" is the page itself: rewritten before the static file middleware below picks it up.
        app.Use((context, next) =>
        {
            if (context.Request.Path == "/" && (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method)))
            {
                context.Request.Path = PagePath;
            }

            return next(context);
        });
        app.UseStaticFiles(new StaticFileOptions
        {
            RequestPath = AssetPath,
            FileProvider = new EmbeddedFileProvider(Assembly.GetExecutingAssembly(), "RagBot.Api.Ui"),
            ContentTypeProvider = new FileExtensionContentTypeProvider(),
            OnPrepareResponse = context => AddPageHeaders(context.Context.Response.Headers),
        });
        return app;
    }

    private static void AddPageHeaders(IHeaderDictionary headers)
    {
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        // Revalidate every time (ETag): after an upgrade the browser never mixes old and new modules.
        headers.CacheControl = "no-cache";
    }
}
