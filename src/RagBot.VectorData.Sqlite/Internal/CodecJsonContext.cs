using System.Text.Json.Serialization;

namespace RagBot.VectorData.Sqlite.Internal;

[JsonSerializable(typeof(string[]))]
[JsonSerializable(typeof(long[]))]
[JsonSerializable(typeof(StoredSchema))]
internal sealed partial class CodecJsonContext : JsonSerializerContext;
