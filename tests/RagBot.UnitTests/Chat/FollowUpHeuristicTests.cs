using RagBot.Chat;

namespace RagBot.UnitTests.Chat;

public sealed class FollowUpHeuristicTests
{
    private static readonly ChatHistoryEntry[] VaultHistory = [new("Who keeps the vault code?", "Ingrid Solberg keeps it [1].")];

    [Theory]
    [InlineData("When was that changed?")]
    [InlineData("And the backup site?")]
    [InlineData("What about Oslo?")]
    [InlineData("Why?")]
    [InlineData("Does it expire")]
    [InlineData("and then...")]
    public void Questions_that_lean_on_the_conversation_are_follow_ups(string question) =>
        Assert.True(FollowUpHeuristic.IsFollowUp(question));

    [Theory]
    [InlineData("How many days of vacation do new employees get per year?")]
    [InlineData("Which port does the Qdrant REST API listen on?")]
    public void Self_contained_questions_are_not_follow_ups(string question) =>
        Assert.False(FollowUpHeuristic.IsFollowUp(question));

    [Fact]
    public void A_follow_up_carries_the_previous_question_informative_words_in_front()
    {
        var query = FollowUpHeuristic.Rewrite("When was that changed?", VaultHistory);
        Assert.Equal("keeps vault code When was that changed?", query);
    }

    [Fact]
    public void The_previous_standalone_query_is_preferred_and_words_are_not_repeated()
    {
        ChatHistoryEntry[] history = [new("Who has it?", "...", "vault code holder")];
        Assert.Equal("vault holder What about the code?", FollowUpHeuristic.Rewrite("What about the code?", history));
    }

    [Fact]
    public void Without_history_or_for_a_self_contained_question_the_question_is_kept()
    {
        Assert.Equal("When was that changed?", FollowUpHeuristic.Rewrite("When was that changed?", []));
        const string standalone = "Which port does the Qdrant REST API listen on?";
        Assert.Equal(standalone, FollowUpHeuristic.Rewrite(standalone, VaultHistory));
    }

    [Fact]
    public void The_rewrite_is_deterministic() =>
        Assert.Equal(FollowUpHeuristic.Rewrite("And that?", VaultHistory), FollowUpHeuristic.Rewrite("And that?", VaultHistory));
}
