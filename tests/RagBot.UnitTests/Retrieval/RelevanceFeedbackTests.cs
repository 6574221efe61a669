using System.Numerics.Tensors;
using RagBot.Retrieval;

namespace RagBot.UnitTests.Retrieval;

public sealed class RelevanceFeedbackTests
{
    private static readonly float[] Question = [1, 0, 0];

    [Fact]
    public void The_vector_moves_toward_the_feedback_and_stays_a_unit_vector()
    {
        ReadOnlyMemory<float>[] feedback = [new float[] { 0, 2, 0 }, new float[] { 0, 0, 3 }];

        var moved = RelevanceFeedback.MoveToward(Question, feedback, weight: 1.0).ToArray();

        // question + 1.0 × mean of the unit feedback vectors = (1, 0.5, 0.5), scaled to unit length.
        var expected = new[] { 1f, 0.5f, 0.5f };
        TensorPrimitives.Divide(expected, TensorPrimitives.Norm(expected), expected);
        Assert.Equal(expected, moved, (a, b) => Math.Abs(a - b) < 1e-6);
        Assert.Equal(1.0, TensorPrimitives.Norm(moved), 5);
    }

    [Fact]
    public void A_larger_weight_moves_further()
    {
        ReadOnlyMemory<float>[] feedback = [new float[] { 0, 1, 0 }];

        var near = RelevanceFeedback.MoveToward(Question, feedback, 0.5).ToArray();
        var far = RelevanceFeedback.MoveToward(Question, feedback, 2.0).ToArray();

        Assert.True(far[1] > near[1]);
        Assert.Equal(Question, RelevanceFeedback.MoveToward(Question, feedback, 0).ToArray());
    }

    [Fact]
    public void Without_usable_feedback_the_question_is_kept()
    {
        ReadOnlyMemory<float>[] unusable = [new float[] { 1, 1 }, new float[] { 0, 0, 0 }];

        Assert.Equal(Question, RelevanceFeedback.MoveToward(Question, [], 0.5).ToArray());
        Assert.Equal(Question, RelevanceFeedback.MoveToward(Question, unusable, 0.5).ToArray());
    }

    [Fact]
    public void Expansion_keeps_the_question_words_repeated_and_adds_the_words_the_feedback_shares()
    {
        string[] feedback =
        [
            "Glacier moraines are ridges of till deposited by retreating ice sheets.",
            "Till and boulders carried by ice sheets pile up as moraines at the glacier front.",
            "Drumlins are smooth hills of till and lodgement till shaped under moving ice.",
        ];

        var expanded = RelevanceFeedback.ExpandKeywords(["glacier", "moraine"], feedback, count: 3, queryRepeats: 2);

        Assert.Equal(["glacier", "moraine", "glacier", "moraine"], expanded.Take(4));

        // "till" and "ice" are in all three texts ("till" twice in one), "sheets" in two; "moraines" stems like the question's word.
        Assert.Equal(["till", "ice", "sheets"], expanded.Skip(4));
    }

    [Fact]
    public void A_word_of_one_feedback_text_only_stop_words_and_numbers_are_never_added()
    {
        string[] feedback =
        [
            "The compiler of the compiler compiler 1970 parses parses parses grammars.",
            "The compilers of 1970 are fast.",
        ];

        var expanded = RelevanceFeedback.ExpandKeywords(["compiler"], feedback, count: 10, queryRepeats: 1);

        // "parses", "grammars" and "fast" occur in one text each; "the", "of", "are" are stop words; "1970" is a
        // number; "compilers" stems like the question's "compiler": nothing is left to add.
        Assert.Equal(["compiler"], expanded);
    }

    [Fact]
    public void Words_of_the_best_ranked_feedback_texts_outweigh_equally_frequent_words_of_lower_ranked_ones()
    {
        // "zircon" is in the first two texts, "basalt" in the last two, once each in texts of four words: with
        // equal weights they would tie (and the ordinal tie-break would put "basalt" first).
        string[] feedback =
        [
            "Zircon crystals record ages.",
            "Zircon grains survive erosion.",
            "Granite plutons crystallise slowly.",
            "Basalt flows cover seafloors.",
            "Basalt columns form quickly.",
        ];

        var expanded = RelevanceFeedback.ExpandKeywords(["rock"], feedback, count: 1, queryRepeats: 1);

        Assert.Equal(["rock", "zircon"], expanded);
    }
}
