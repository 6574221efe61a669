namespace RagBot.Evaluation;

/// <summary>The evaluation dataset is missing or malformed (a user error, reported with the file and line).</summary>
public sealed class EvaluationDatasetException : Exception
{
    public EvaluationDatasetException()
    {
    }

    public EvaluationDatasetException(string message)
        : base(message)
    {
    }

    public EvaluationDatasetException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
