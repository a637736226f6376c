using ChiBo.Bot.Channels.Console;
using ChiBo.Dialogs.Storage;

namespace ChiBo.Bot.Tests.Console;

/// <summary>What the console prints of a message: menus numbered, a notice's command buttons as what to type.</summary>
public sealed class ConsoleRenderingTests
{
    [Fact]
    public void A_notice_shows_its_commands_to_type_and_a_question_its_numbered_choices()
    {
        // A typed number does not pick a notice's button (notices leave the chat's question alone): "1" got "Đồng chí cần gì?".
        var reminder = new OutboxMessage { Text = "Nhắc việc", Notice = true, Choices = [new("cmd:/tukiemdiem", "Viết ngay (/tukiemdiem)"), new("cmd:/comat 2026-12-03", "Có mặt")] };
        Assert.Equal("Nhắc việc\n  • Viết ngay (/tukiemdiem)\n  • Có mặt: gõ /comat 2026-12-03", ConsoleSender.Render(reminder));
        // Its tally edited in keeps its buttons: the same.
        var tally = new OutboxMessage { Kind = OutboxKind.Edit, Text = "Thông báo\n📋 Có mặt: 1", Choices = [new("cmd:/comat 2026-12-03", "Có mặt")] };
        Assert.Equal("Thông báo\n📋 Có mặt: 1\n  • Có mặt: gõ /comat 2026-12-03", ConsoleSender.Render(tally));
        // A question's choices (commands among them too) are numbered: a typed number picks them.
        var next = new OutboxMessage { Text = "Tiếp theo?", ChoicesOnly = true, Choices = [new("cmd:/danhgia", "Chấm điểm ngay"), new("4:1", "Để sau")] };
        Assert.Equal("Tiếp theo?\n  1. Chấm điểm ngay\n  2. Để sau", ConsoleSender.Render(next));
    }
}
