using RagBot.Api.Endpoints;
using RagBot.Api.Infrastructure;
using RagBot.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddRagBot();
builder.AddRagBotApi();
builder.AddRagBotOperability();

var app = builder.Build();
app.UseExceptionHandler();
app.UseStatusCodePages();

app.MapChatEndpoints();
app.MapDocumentEndpoints();
app.MapJobEndpoints();
app.MapSearchEndpoints();
app.MapOpenAIEndpoints();
app.MapHealthEndpoints();
app.MapAdminEndpoints();
app.MapRagBotApiDocs();

app.Run();
