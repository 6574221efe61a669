using RagBot.Evaluation;

namespace RagBot.UnitTests.Evaluation;

public sealed class BeirDatasetTests
{
    private static string Tiny => Path.Combine(AppContext.BaseDirectory, "datasets", "tiny-beir");

    [Fact]
    public async Task Reads_corpus_queries_and_graded_judgments()
    {
        var dataset = await BeirDataset.LoadAsync(Tiny, TestContext.Current.CancellationToken);

        Assert.Equal(6, dataset.Corpus.Count);
        Assert.Equal(new BeirDocument("d4", "Yeast", "Baker's yeast makes bread dough rise by producing carbon dioxide."), dataset.Corpus[3]);
        Assert.Equal(4, dataset.Queries.Count);
        Assert.Equal("bicycle chain care", dataset.Queries["q3"]);
        Assert.Equal(3, dataset.Judgments.Count);
        Assert.Equal(2, dataset.Judgments["q1"]["d4"]);
        Assert.Equal(0, dataset.Judgments["q3"]["d5"]);
    }

    [Fact]
    public async Task A_missing_file_names_the_layout()
    {
        var empty = Directory.CreateTempSubdirectory("ragbot-beir-");
        try
        {
            var error = await Assert.ThrowsAsync<EvaluationDatasetException>(() => BeirDataset.LoadAsync(empty.FullName, TestContext.Current.CancellationToken));
            Assert.Contains("corpus.jsonl", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            empty.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task A_bad_line_is_reported_with_its_number()
    {
        var directory = Directory.CreateTempSubdirectory("ragbot-beir-");
        try
        {
            Directory.CreateDirectory(Path.Combine(directory.FullName, "qrels"));
            await File.WriteAllTextAsync(Path.Combine(directory.FullName, "corpus.jsonl"), "{\"_id\":\"a\",\"text\":\"x\"}\nnot json\n", TestContext.Current.CancellationToken);
            var error = await Assert.ThrowsAsync<EvaluationDatasetException>(() => BeirDataset.LoadAsync(directory.FullName, TestContext.Current.CancellationToken));
            Assert.Contains("corpus.jsonl line 2", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
