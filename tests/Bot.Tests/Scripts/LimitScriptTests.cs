using ChiBo.Dialogs.Commands;

namespace ChiBo.Bot.Tests.Scripts;

/// <summary>Limits too long to write out in a script file: the lines are made here and replayed by the same runner.</summary>
public sealed class LimitScriptTests
{
    [Fact]
    public async Task Approved_minutes_take_a_bounded_number_of_corrections()
    {
        var lines = File.ReadAllLines(Path.Combine(ConversationScriptTests.Folder, "_buoi-thang-11-vang-1.inc")).ToList();
        for (var i = 1; i <= MeetingPapers.MaxCorrections; i++)
        {
            lines.Add($"an: /bienban sửa kết luận: Chi bộ thống nhất nhiệm vụ tháng 12, lần {i}.");
            lines.Add("bot: đã ghi đính chính ngày");
        }
        lines.Add("an: /bienban sửa kết luận: Chi bộ thống nhất nhiệm vụ tháng 12, lần cuối.");
        lines.Add($"bot= Biên bản buổi ngày 03/11/2026 đã có {MeetingPapers.MaxCorrections} lần đính chính, không ghi thêm được. Nếu biên bản sai nhiều, đồng chí báo cấp ủy cấp trên để lập lại biên bản.");
        lines.Add($"check: meetings where CellId=cb-thon-dong last Corrections = {MeetingPapers.MaxCorrections}");
        await new ScriptRunner("limit-corrections", [.. lines], TapMode.Button).RunAsync();
    }
}
