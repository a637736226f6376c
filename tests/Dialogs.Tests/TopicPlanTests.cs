namespace ChiBo.Dialogs.Tests;

/// <summary>/chuyende reads a quarter as /tonghop does (Cadence.Thematic): missed once over, and only when the bot tracked all of it.</summary>
public sealed class TopicPlanTests
{
    [Fact]
    public async Task A_quarter_over_without_a_thematic_meeting_is_flagged_only_when_the_bot_tracked_it_whole()
    {
        using var t = new TestStore(); // 03/11/2026, no meetings recorded
        var cell = t.Store.Cells.FindById("cb-thon-dong")!;
        cell.CreatedAtUtc = new DateTime(2026, 5, 10, 0, 0, 0, DateTimeKind.Utc); // on the system from May
        t.Store.Cells.Update(cell);
        await t.Pipeline.HandleAsync(t.Private("an", "/chuyende"));
        var text = Assert.Single(t.Replies("an"));
        Assert.Contains("• Quý 1: chưa có kế hoạch — chi bộ chưa có trên hệ thống", text);
        // On the system from May: April's meetings are not known, so the quarter is not called missed.
        Assert.Contains("• Quý 2: chưa có kế hoạch — bot có số liệu từ tháng 05/2026, không có buổi chuyên đề được ghi", text);
        Assert.Contains("• Quý 3: chưa có kế hoạch — ⚠ quý đã qua, không có buổi chuyên đề", text);
        Assert.Contains("• Quý 4: chưa có kế hoạch — chưa sinh hoạt", text);
    }
}
