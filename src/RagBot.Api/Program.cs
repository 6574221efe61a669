using RagBot.Api.Endpoints;
using RagBot.Api.Infrastructure;
using RagBot.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddRagBot();
builder.AddRagBotApi();

var app = builder.Build();
app.UseExceptionHandler();
app.UseStatusCodePages();

app.MapChatEndpoints();
app.MapDocumentEndpoints();
app.MapJobEndpoints();
app.MapSearchEndpoints();
app.MapHealthEndpoints();

app.Run();
