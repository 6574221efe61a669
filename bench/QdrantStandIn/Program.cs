using RagBot.VectorData.Tests.Qdrant.Fake;

// Starts the Qdrant stand-in on a free 127.0.0.1 port, prints "listening <url>" and serves until stdin closes
// or the process is stopped: the parent (the load bench) reads the address and kills the process at the end.
await using var server = FakeQdrantServer.Start();
Console.WriteLine($"listening {server.Url}");
await Console.In.ReadToEndAsync();
