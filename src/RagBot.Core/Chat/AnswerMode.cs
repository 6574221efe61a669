namespace RagBot.Core.Chat;

/// <summary>How an answer was produced; returned with every answer so nobody mistakes one for the other.</summary>
public static class AnswerMode
{
    /// <summary>Sentences selected verbatim from the sources by the local answerer (no language model).</summary>
    public const string Extractive = "extractive";

    /// <summary>Text written by a generative chat model from the sources.</summary>
    public const string Generative = "generative";

    /// <summary>Nothing relevant was found; the model was not called.</summary>
    public const string NotFound = "not-found";
}
