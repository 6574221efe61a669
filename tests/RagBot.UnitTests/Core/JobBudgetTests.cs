using Microsoft.Extensions.Time.Testing;
using RagBot.Core.Jobs;

namespace RagBot.UnitTests.Core;

/// <summary>A job's time budget runs out on time, later by the pauses given back, and never comes back once out.</summary>
public sealed class JobBudgetTests
{
    [Fact]
    public void The_budget_runs_out_on_time_without_pauses()
    {
        var time = new FakeTimeProvider();
        using var budget = new JobBudget(TimeSpan.FromSeconds(10), time);

        time.Advance(TimeSpan.FromSeconds(9.9));
        Assert.False(budget.IsExhausted);
        time.Advance(TimeSpan.FromSeconds(0.1));
        Assert.True(budget.Token.IsCancellationRequested);
    }

    [Fact]
    public void Pauses_given_back_move_the_end_later_by_as_much()
    {
        var time = new FakeTimeProvider();
        using var budget = new JobBudget(TimeSpan.FromSeconds(10), time);

        time.Advance(TimeSpan.FromSeconds(8));
        budget.GiveBack(TimeSpan.FromSeconds(3));
        budget.GiveBack(TimeSpan.FromSeconds(2));
        time.Advance(TimeSpan.FromSeconds(6.9));
        Assert.False(budget.IsExhausted);
        time.Advance(TimeSpan.FromSeconds(0.1));

        Assert.True(budget.IsExhausted);
        Assert.Equal(TimeSpan.FromSeconds(5), budget.GivenBack);
    }

    [Fact]
    public void A_budget_that_ran_out_stays_out_and_a_disposed_one_ignores_pauses()
    {
        var time = new FakeTimeProvider();
        var budget = new JobBudget(TimeSpan.FromSeconds(1), time);
        time.Advance(TimeSpan.FromSeconds(1));

        budget.GiveBack(TimeSpan.FromHours(1));
        Assert.True(budget.IsExhausted);
        Assert.Equal(TimeSpan.Zero, budget.GivenBack);

        budget.Dispose();
        budget.GiveBack(TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task The_current_budget_flows_into_the_job_and_not_back_out()
    {
        using var budget = new JobBudget(TimeSpan.FromMinutes(1), TimeProvider.System);
        JobBudget? inside = null;
        JobBudget? inTask = null;

        async Task RunJobAsync()
        {
            budget.MakeCurrent();
            await Task.Yield();
            inside = JobBudget.Current;
            inTask = await Task.Run(() => JobBudget.Current);
        }

        await RunJobAsync();

        Assert.Same(budget, inside);
        Assert.Same(budget, inTask);
        Assert.Null(JobBudget.Current);
    }
}
