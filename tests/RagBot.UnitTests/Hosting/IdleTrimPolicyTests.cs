using RagBot.Hosting.Memory;

namespace RagBot.UnitTests.Hosting;

public sealed class IdleTrimPolicyTests
{
    private const long MB = 1024 * 1024;
    private static readonly TimeSpan Idle = TimeSpan.FromSeconds(10);

    [Fact]
    public void A_burst_followed_by_quiet_seconds_trims_once()
    {
        var policy = new IdleTrimPolicy(Idle, burstBytes: 64 * MB, allocatedNow: 0, now: TimeSpan.Zero);
        var allocated = 0L;
        var trims = new List<int>();
        for (var second = 1; second <= 60; second++)
        {
            // A 5 s burst of 50 MB/s, then quiet (0.1 MB/s: probes and timers).
            allocated += second <= 5 ? 50 * MB : MB / 10;
            if (policy.Sample(allocated, TimeSpan.FromSeconds(second)))
            {
                trims.Add(second);
            }
        }

        Assert.Equal([15], trims);
    }

    [Fact]
    public void Steady_load_never_trims()
    {
        var policy = new IdleTrimPolicy(Idle, burstBytes: 64 * MB, allocatedNow: 0, now: TimeSpan.Zero);
        var allocated = 0L;
        for (var second = 1; second <= 120; second++)
        {
            allocated += 5 * MB;
            Assert.False(policy.Sample(allocated, TimeSpan.FromSeconds(second)));
        }
    }

    [Fact]
    public void Quiet_after_too_little_work_does_not_trim()
    {
        var policy = new IdleTrimPolicy(Idle, burstBytes: 64 * MB, allocatedNow: 0, now: TimeSpan.Zero);

        Assert.False(policy.Sample(30 * MB, TimeSpan.FromSeconds(1)));
        for (var second = 2; second <= 60; second++)
        {
            Assert.False(policy.Sample(30 * MB, TimeSpan.FromSeconds(second)));
        }
    }

    [Fact]
    public void A_second_burst_trims_again_after_its_own_quiet_period()
    {
        var policy = new IdleTrimPolicy(Idle, burstBytes: 64 * MB, allocatedNow: 0, now: TimeSpan.Zero);

        Assert.False(policy.Sample(100 * MB, TimeSpan.FromSeconds(1)));
        Assert.True(policy.Sample(100 * MB, TimeSpan.FromSeconds(11)));
        Assert.False(policy.Sample(100 * MB, TimeSpan.FromSeconds(30)));
        Assert.False(policy.Sample(200 * MB, TimeSpan.FromSeconds(31)));
        Assert.False(policy.Sample(200 * MB, TimeSpan.FromSeconds(40)));
        Assert.True(policy.Sample(200 * MB, TimeSpan.FromSeconds(41)));
    }
}
