namespace RagBot.Core.Errors;

/// <summary>Why a document was refused.</summary>
public enum RejectionReason
{
    /// <summary>The file has no bytes (HTTP 400).</summary>
    Empty,

    /// <summary>The file type is not supported, or its bytes do not match its name (HTTP 415).</summary>
    UnsupportedType,

    /// <summary>The file is over the size limit (HTTP 413).</summary>
    TooLarge,

    /// <summary>The file could not be read as its type says (HTTP 422).</summary>
    Unreadable,

    /// <summary>The request around the file is invalid, such as a malformed document id or tag (HTTP 400).</summary>
    InvalidRequest,
}

/// <summary>A document was refused before anything was indexed.</summary>
public sealed class IngestionRejectedException : Exception
{
    public IngestionRejectedException(RejectionReason reason, string message, Exception? inner = null)
        : base(message, inner)
    {
        Reason = reason;
    }

    public RejectionReason Reason { get; }
}
