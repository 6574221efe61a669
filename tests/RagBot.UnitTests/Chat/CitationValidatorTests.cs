using RagBot.Chat;

namespace RagBot.UnitTests.Chat;

public sealed class CitationValidatorTests
{
    [Fact]
    public void Keeps_valid_markers_and_reports_them()
    {
        var (answer, cited) = CitationValidator.Validate("Uploads are capped at 50 MB [2]. Chunks overlap [1].", 3);
        Assert.Equal("Uploads are capped at 50 MB [2]. Chunks overlap [1].", answer);
        Assert.Equal([1, 2], cited);
    }

    [Fact]
    public void Removes_markers_that_point_at_no_source()
    {
        var (answer, cited) = CitationValidator.Validate("It is 50 MB [7]. It streams [0] [1].", 2);
        Assert.Equal("It is 50 MB. It streams [1].", answer);
        Assert.Equal([1], cited);
    }

    [Fact]
    public void Splits_grouped_markers()
    {
        var (answer, cited) = CitationValidator.Validate("Both say so [1, 3, 9].", 3);
        Assert.Equal("Both say so [1][3].", answer);
        Assert.Equal([1, 3], cited);
    }

    [Fact]
    public void An_answer_without_markers_cites_nothing()
    {
        var (_, cited) = CitationValidator.Validate("No markers here.", 3);
        Assert.Empty(cited);
    }
}
