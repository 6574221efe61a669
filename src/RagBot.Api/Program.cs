using RagBot.Api.Endpoints;
using RagBot.Api.Infrastructure;
using RagBot.Api.Security;
using RagBot.Api.WebUi;
using RagBot.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddRagBot();
builder.AddRagBotApi();
builder.AddRagBotRequestTimeouts();
builder.AddRagBotOperability();
builder.AddRagBotSecurity();
builder.AddRagBotWebUi();

var app = builder.Build();
app.UseMiddleware<RequestLogging>();
app.UseMiddleware<OversizedRequestGuard>();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseRagBotWebUi();
app.UseAuthentication();
app.UseMiddleware<FailedAuthenticationThrottle>();
app.UseAuthorization();
app.UseRateLimiter();
app.UseRequestTimeouts();

app.MapChatEndpoints();
app.MapDocumentEndpoints();
app.MapJobEndpoints();
app.MapSearchEndpoints();
app.MapOpenAIEndpoints();
app.MapHealthEndpoints();
app.MapAdminEndpoints();
app.MapRagBotApiDocs();

app.Run();
