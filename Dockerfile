# syntax=docker/dockerfile:1
# RagBot API image: build with the .NET SDK, run on the ASP.NET Core runtime as the non-root "app" user.
#   docker build -t ragbot-api .        (or: docker compose build ragbot-api)

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /source

# Restore first, from the project files only, so the package layer is cached until a .csproj changes. Every project
# the API references, directly or not, must be listed (DockerfileTests checks it).
COPY global.json Directory.Build.props Directory.Packages.props ./
COPY src/RagBot.Api/RagBot.Api.csproj src/RagBot.Api/
COPY src/RagBot.AppState/RagBot.AppState.csproj src/RagBot.AppState/
COPY src/RagBot.AppState.PostgreSql/RagBot.AppState.PostgreSql.csproj src/RagBot.AppState.PostgreSql/
COPY src/RagBot.Chat/RagBot.Chat.csproj src/RagBot.Chat/
COPY src/RagBot.Core/RagBot.Core.csproj src/RagBot.Core/
COPY src/RagBot.Evaluation/RagBot.Evaluation.csproj src/RagBot.Evaluation/
COPY src/RagBot.Hosting/RagBot.Hosting.csproj src/RagBot.Hosting/
COPY src/RagBot.Indexing/RagBot.Indexing.csproj src/RagBot.Indexing/
COPY src/RagBot.Ingestion/RagBot.Ingestion.csproj src/RagBot.Ingestion/
COPY src/RagBot.Providers/RagBot.Providers.csproj src/RagBot.Providers/
COPY src/RagBot.Retrieval/RagBot.Retrieval.csproj src/RagBot.Retrieval/
COPY src/RagBot.VectorData.Qdrant/RagBot.VectorData.Qdrant.csproj src/RagBot.VectorData.Qdrant/
COPY src/RagBot.VectorData.Sqlite/RagBot.VectorData.Sqlite.csproj src/RagBot.VectorData.Sqlite/
# ReadyToRun: the assemblies are compiled to native code for the image's architecture at build time, so a fresh
# container starts and serves at full speed sooner instead of compiling every method on first use (README,
# Performance: "ReadyToRun"). TARGETARCH (amd64, arm64) is set by BuildKit; dotnet takes it as the architecture.
ARG TARGETARCH
RUN dotnet restore src/RagBot.Api/RagBot.Api.csproj -a "$TARGETARCH" -p:PublishReadyToRun=true

# The Chat and Hosting projects copy prompts/ and the sample corpus data/ next to the binaries.
COPY src/ src/
COPY prompts/ prompts/
COPY data/ data/
RUN dotnet publish src/RagBot.Api/RagBot.Api.csproj -c Release -a "$TARGETARCH" -p:PublishReadyToRun=true --no-restore -o /app /p:UseAppHost=false

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
# Memory (docs/guide/memory.md): .NET sizes its GC heap to the container's memory limit; workstation GC (also the
# API's own default now) peaks lower than server GC during a large upload; one ingestion job at a time bounds that
# peak; a smaller SQLite page cache per pooled connection bounds the embedded store's native memory; a burst's
# memory (GC heap, ONNX Runtime's arena, malloc's free pages) goes back after 5 quiet seconds instead of 10.
# Override any of these with -e.
ENV ASPNETCORE_HTTP_PORTS=8080 \
    RagBot__DataDirectory=/var/lib/ragbot \
    DOTNET_gcServer=0 \
    RagBot__Ingestion__Workers=1 \
    RagBot__VectorStore__Sqlite__CacheSizeKb=2048 \
    RagBot__Memory__IdleTrimSeconds=5
RUN mkdir -p /var/lib/ragbot && chown "$APP_UID" /var/lib/ragbot
COPY --from=build /app ./
USER $APP_UID
EXPOSE 8080
VOLUME ["/var/lib/ragbot"]
ENTRYPOINT ["dotnet", "RagBot.Api.dll"]
