namespace RagBot.Core.Diagnostics;

/// <summary>
/// A component that keeps native buffers for speed while busy (e.g. ONNX Runtime's arena) and can give back the
/// ones it is not using. The host calls it when the process goes idle after a burst of work, before it collects.
/// </summary>
public interface IReleasesIdleMemory
{
    /// <summary>Releases what no call in flight uses; must be safe to run beside concurrent calls.</summary>
    void ReleaseIdleMemory();
}
