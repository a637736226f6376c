using System.Net;
using System.Text;
using System.Text.Json;
using ChiBo.Bot.Channels;
using ChiBo.Bot.Channels.Telegram;
using ChiBo.Bot.Tests.Scripts;
using ChiBo.Dialogs.Conversation;
using ChiBo.Dialogs.Storage;
using global::Telegram.Bot;
using global::Telegram.Bot.Requests;
using global::Telegram.Bot.Types;
using Microsoft.Extensions.Options;
using Moq;

namespace ChiBo.Bot.Tests.Telegram;

public sealed class TelegramAdapterTests
{
    static Update Parse(string json) => JsonSerializer.Deserialize<Update>(json, JsonBotAPI.Options)!;

    const string Private = """{"id":5,"type":"private"}""";
    const string Group = """{"id":-1001,"type":"supergroup","title":"Chi bộ"}""";
    const string From = """{"id":5,"is_bot":false,"first_name":"An","last_name":"Nguyễn"}""";

    [Fact]
    public void Text_in_private_and_group_chats_becomes_an_incoming_update()
    {
        var u = TelegramUpdates.ToIncoming(Parse($$$"""{"update_id":9,"message":{"message_id":1,"date":0,"chat":{{{Private}}},"from":{{{From}}},"text":"/sinhhoat"}}"""), "ChiBoBot")!;
        Assert.Equal(("telegram", "9", "5", ChatKind.Private, "5", "An Nguyễn", "/sinhhoat"), (u.Channel, u.UpdateId, u.ChatId, u.ChatKind, u.UserId, u.UserName, u.Text));
        var g = TelegramUpdates.ToIncoming(Parse($$$"""{"update_id":10,"message":{"message_id":2,"date":0,"chat":{{{Group}}},"from":{{{From}}},"text":"/lienket@ChiBoBot"}}"""), "chibobot")!;
        Assert.Equal((ChatKind.Group, "-1001", "/lienket@ChiBoBot"), (g.ChatKind, g.ChatId, g.Text));
    }

    [Fact]
    public void A_reply_to_the_bot_or_its_name_in_a_group_says_what_it_answers()
    {
        const string Bot = """{"id":1,"is_bot":true,"first_name":"ChiBo","username":"ChiBoBot"}""";
        var reply = TelegramUpdates.ToIncoming(Parse($$$$"""{"update_id":11,"message":{"message_id":3,"date":0,"chat":{{{{Group}}}},"from":{{{{From}}}},"text":"có mặt","reply_to_message":{"message_id":77,"date":0,"chat":{{{{Group}}}},"from":{{{{Bot}}}},"text":"📅 Thông báo"}}}"""), "chibobot")!;
        Assert.Equal(("77", "có mặt"), (reply.RepliesTo, reply.Text));
        var toSomeoneElse = TelegramUpdates.ToIncoming(Parse($$$$"""{"update_id":12,"message":{"message_id":4,"date":0,"chat":{{{{Group}}}},"from":{{{{From}}}},"text":"có mặt","reply_to_message":{"message_id":5,"date":0,"chat":{{{{Group}}}},"from":{{{{From}}}},"text":"đi họp không?"}}}"""), "ChiBoBot")!;
        Assert.Null(toSomeoneElse.RepliesTo);
        var named = TelegramUpdates.ToIncoming(Parse($$$$"""{"update_id":13,"message":{"message_id":6,"date":0,"chat":{{{{Group}}}},"from":{{{{From}}}},"text":"@ChiBoBot, vắng vì ốm"}}"""), "ChiBoBot")!;
        Assert.Equal(("", "vắng vì ốm"), (named.RepliesTo, named.Text));
        var plain = TelegramUpdates.ToIncoming(Parse($$$$"""{"update_id":14,"message":{"message_id":7,"date":0,"chat":{{{{Group}}}},"from":{{{{From}}}},"text":"có mặt"}}"""), "ChiBoBot")!;
        Assert.Null(plain.RepliesTo);
    }

    [Fact]
    public void A_command_for_another_bot_an_edit_in_a_group_and_a_service_message_are_ignored()
    {
        Assert.Null(TelegramUpdates.ToIncoming(Parse($$$"""{"update_id":1,"message":{"message_id":1,"date":0,"chat":{{{Group}}},"from":{{{From}}},"text":"/start@OtherBot"}}"""), "ChiBoBot"));
        Assert.Null(TelegramUpdates.ToIncoming(Parse($$$"""{"update_id":2,"edited_message":{"message_id":1,"date":0,"chat":{{{Group}}},"from":{{{From}}},"text":"sửa"}}"""), "ChiBoBot"));
        var moved = TelegramUpdates.ToIncoming(Parse($$$"""{"update_id":3,"message":{"message_id":1,"date":0,"chat":{{{Group}}},"from":{{{From}}},"migrate_from_chat_id":-42}}"""), "ChiBoBot")!;
        Assert.Equal(("-1001", "-42"), (moved.ChatId, moved.MovedFrom)); // the group became this supergroup
        const string Bot = """{"user":{"id":1,"is_bot":true,"first_name":"ChiBo","username":"ChiBoBot"},"status":"kicked","until_date":0}""";
        var blocked = TelegramUpdates.ToIncoming(Parse($$$"""{"update_id":4,"my_chat_member":{"chat":{{{Private}}},"from":{{{From}}},"date":0,"old_chat_member":{{{Bot.Replace("kicked", "member")}}},"new_chat_member":{{{Bot}}}}}"""), "ChiBoBot")!;
        Assert.Equal((true, "5"), (blocked.BotBlocked, blocked.UserId)); // the person blocked the bot
        var edit = TelegramUpdates.ToIncoming(Parse($$$"""{"update_id":2,"edited_message":{"message_id":1,"date":0,"edit_date":1,"chat":{{{Private}}},"from":{{{From}}},"text":"sửa"}}"""), "ChiBoBot")!;
        Assert.Equal((TelegramUpdates.EditIgnored, null), (edit.Problem, edit.Text)); // in a private chat it is answered, never read
        Assert.Null(TelegramUpdates.ToIncoming(Parse($$$"""{"update_id":3,"message":{"message_id":1,"date":0,"chat":{{{Group}}},"from":{{{From}}},"new_chat_members":[{{{From}}}]}}"""), "ChiBoBot"));
    }

    [Fact]
    public void A_sticker_is_content_the_bot_cannot_read_and_a_tap_names_its_message()
    {
        var s = TelegramUpdates.ToIncoming(Parse($$$$"""{"update_id":4,"message":{"message_id":1,"date":0,"chat":{{{{Private}}}},"from":{{{{From}}}},"sticker":{"file_id":"f","file_unique_id":"u","type":"regular","width":1,"height":1,"is_animated":false,"is_video":false}}}"""), "ChiBoBot")!;
        Assert.True(s.IsUnsupported);
        var t = TelegramUpdates.ToIncoming(Parse($$$$"""{"update_id":5,"callback_query":{"id":"q","from":{{{{From}}}},"chat_instance":"c","data":"3:1","message":{"message_id":77,"date":0,"chat":{{{{Private}}}},"text":"Loại sinh hoạt?"}}}"""), "ChiBoBot")!;
        Assert.Equal(("3:1", "77", "Loại sinh hoạt?", null), (t.ButtonData, t.TappedMessageId, t.TappedMessageText, t.Text));
    }

    [Theory]
    [InlineData(10, 4096)]
    [InlineData(5000, 4096)]
    [InlineData(9000, 4096)]
    public void Long_text_is_split_on_line_boundaries(int lines, int limit)
    {
        var text = string.Join('\n', Enumerable.Range(1, lines).Select(i => $"Dòng {i}"));
        var parts = TextParts.Split(text, limit);
        Assert.All(parts, p => Assert.InRange(p.Length, 1, limit));
        Assert.Equal(text, string.Join('\n', parts));
        Assert.All(parts, p => Assert.StartsWith("Dòng ", p));
    }

    [Fact]
    public void A_line_longer_than_the_limit_is_cut_without_breaking_an_emoji()
    {
        var text = string.Concat(Enumerable.Repeat("😀", 3000));
        var parts = TextParts.Split(text, 4096);
        Assert.Equal(text, string.Concat(parts));
        Assert.All(parts, p => Assert.False(char.IsHighSurrogate(p[^1])));
    }

    static TelegramSender Sender(FakeBotApi api) =>
        new(new TelegramBotClient(new TelegramBotClientOptions(FakeBotApi.Token, api.BaseUrl) { RetryThreshold = 0 }, new HttpClient()),
            Options.Create(new TelegramOptions { Limits = new SendLimits { PrivateInterval = TimeSpan.Zero } }), TimeProvider.System);

    [Fact]
    public async Task The_sender_splits_long_text_keeps_buttons_on_the_last_part_and_resumes_after_a_failure()
    {
        await using var api = new FakeBotApi();
        api.AddPrivateChat(42);
        var sender = Sender(api);
        var m = new OutboxMessage { ChatId = "42", Text = string.Join('\n', Enumerable.Range(1, 1500).Select(i => $"Dòng số {i}")), Choices = [new("1:0", "Lưu"), new("1:1", "Sửa")] };
        api.FailSendsAfter = 1;
        api.FailSends = (502, 1);
        await Assert.ThrowsAnyAsync<Exception>(() => sender.SendAsync(m, default)); // the second part hits a 502
        Assert.Equal(1, m.PartsSent);
        await sender.SendAsync(m, default); // the retry goes on from the second part
        var sent = api.In(42);
        Assert.Equal(TextParts.Split(m.Text, 4096).Count, sent.Count);
        Assert.Equal(m.Text, string.Join('\n', sent.Select(x => x.Text)));
        Assert.All(sent[..^1], x => Assert.Empty(x.Buttons));
        Assert.Equal(["Lưu", "Sửa"], sent[^1].Buttons.Select(b => b.Label));
        Assert.Equal(sent.Count, m.PlatformMessageIds.Count);
    }

    [Fact]
    public async Task A_chat_that_does_not_exist_is_a_permanent_failure()
    {
        await using var api = new FakeBotApi();
        var ex = await Assert.ThrowsAsync<PermanentSendException>(() => Sender(api).SendAsync(new OutboxMessage { ChatId = "999", Text = "x" }, default));
        Assert.Contains("chat not found", ex.Message);
    }

    static (TelegramSender, Mock<ITelegramBotClient>) Mocked()
    {
        var client = new Mock<ITelegramBotClient>();
        return (new TelegramSender(client.Object, Options.Create(new TelegramOptions { Limits = new SendLimits { PrivateInterval = TimeSpan.Zero } }), TimeProvider.System), client);
    }

    [Fact]
    public async Task Too_many_requests_becomes_a_wait_of_retry_after()
    {
        var (sender, client) = Mocked();
        client.Setup(c => c.SendRequest(It.IsAny<SendMessageRequest>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new global::Telegram.Bot.Exceptions.ApiRequestException("Too Many Requests: retry after 7", 429, new ResponseParameters { RetryAfter = 7 }));
        var ex = await Assert.ThrowsAsync<RetryAfterException>(() => sender.SendAsync(new OutboxMessage { ChatId = "1", Text = "x" }, default));
        Assert.Equal(TimeSpan.FromSeconds(7), ex.After);
    }

    [Fact]
    public async Task A_blocked_bot_is_permanent_and_an_unchanged_edit_is_done()
    {
        var (sender, client) = Mocked();
        client.Setup(c => c.SendRequest(It.IsAny<SendMessageRequest>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new global::Telegram.Bot.Exceptions.ApiRequestException("Forbidden: bot was blocked by the user", 403));
        await Assert.ThrowsAsync<PermanentSendException>(() => sender.SendAsync(new OutboxMessage { ChatId = "1", Text = "x" }, default));
        client.Setup(c => c.SendRequest(It.IsAny<EditMessageTextRequest>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new global::Telegram.Bot.Exceptions.ApiRequestException("Bad Request: message is not modified", 400));
        await sender.SendAsync(new OutboxMessage { Kind = OutboxKind.Edit, ChatId = "1", TargetMessageId = "5", Text = "x" }, default);
        client.Verify(c => c.SendRequest(It.Is<EditMessageTextRequest>(r => r.MessageId == 5 && r.ReplyMarkup == null), It.IsAny<CancellationToken>()));
    }

    [Fact]
    public async Task A_notice_edited_with_its_tally_keeps_its_command_buttons()
    {
        using var host = new TelegramScriptHost(new DateTimeOffset(2026, 11, 30, 8, 0, 0, TimeSpan.FromHours(7)));
        await host.RunRemindersAsync();
        var notice = host.Api.Messages.Single(m => m.Text.StartsWith("📅 Chi bộ thôn Đông"));
        await host.TapAsync("minh", "nhom-cb-thon-dong", true, host.TakeNew().Single(m => m.Native == notice), 0);
        Assert.Equal(1, notice.Edits);
        Assert.EndsWith("📋 Có mặt: 1 · Vắng có lý do: 0 · Chưa trả lời: 5", notice.Text);
        Assert.Equal(["cmd:/comat 2026-12-03", "cmd:/vang 2026-12-03"], notice.Buttons.Select(b => b.Data));
        Assert.DoesNotContain(host.Api.Messages, m => m.ChatId == notice.ChatId && m != notice); // no message per answer
    }

    [Fact]
    public async Task A_summary_workbook_goes_as_a_document_and_its_chart_as_a_photo()
    {
        using var host = new TelegramScriptHost(new DateTimeOffset(2026, 12, 5, 10, 0, 0, TimeSpan.FromHours(7)));
        host.SeedHistory();
        await host.SendAsync("dung", "dung", false, "/tonghop quý 3 excel");
        await host.SendAsync("dung", "dung", false, "/tonghop quý 3 biểu đồ");
        var texts = host.TakeNew().Select(m => m.Text).ToList();
        Assert.Equal(["Bảng tổng hợp Đảng bộ xã Yên Mỹ — quý III/2026 (Excel, 7 trang tính).", "Biểu đồ Đảng bộ xã Yên Mỹ — quý III/2026: xếp loại theo đơn vị và diễn biến 12 tháng."], texts);
        Assert.Equal([false, true], host.Api.Messages.Where(m => m.IsDocument).Select(m => m.IsPhoto)); // the workbook a document, the chart a photo
        Assert.Equal(0, host.Store.Outbox.Count(o => o.Status != OutboxStatus.Sent));
    }

    [Fact]
    public async Task A_secretary_who_edits_an_answer_is_told_the_bot_kept_the_first_and_how_to_correct_it()
    {
        using var host = new TelegramScriptHost(ScriptRunner.DefaultStart);
        await host.SendAsync("an", "an", false, "/sinhhoat");
        await host.SendAsync("an", "an", false, "hôm nay");
        var asked = host.TakeNew().Last().Text; // the meeting's kind is asked next
        await host.EditAsync("an", "an", "hôm qua"); // Telegram sends the edit as an update of its own
        var said = host.TakeNew();
        Assert.Equal(TelegramUpdates.EditIgnored, said[0].Text);
        Assert.Equal(asked, said[1].Text); // and the question under way again
        var session = host.Store.SessionOf($"telegram:{TelegramScriptHost.UserId("an")}")!;
        Assert.Equal("loai", session.Step); // nothing moved
        Assert.Equal(ScriptRunner.DefaultStart.ToOffset(TimeSpan.FromHours(7)).ToString("yyyy-MM-dd"), session.Answers["ngay"]); // "hôm nay", as first sent

        await host.SendAsync("an", "an", false, "/huy"); // with no task under way, only the sentence
        await host.SendAsync("an", "an", false, "Hủy bỏ");
        host.TakeNew();
        await host.EditAsync("an", "an", "thôi");
        Assert.Equal([TelegramUpdates.EditIgnored], host.TakeNew().Select(m => m.Text));
    }

    [Fact]
    public async Task Updates_delivered_again_after_a_crash_are_not_handled_twice()
    {
        using var host = new TelegramScriptHost(ScriptRunner.DefaultStart);
        await host.SendAsync("an", "an", false, "/sinhhoat");
        await host.SendAsync("an", "an", false, "hôm nay");
        Assert.Equal(2, host.TakeNew().Count);
        host.Api.ReplayDelivered();
        await host.RestartAsync();
        await host.SendAsync("an", "an", false, "/ketqua");
        var after = host.TakeNew();
        Assert.Equal(0, host.Api.ReplaysPending); // the bot did receive the two updates again
        Assert.Equal(2, after.Count); // /ketqua's answer and the question asked again, nothing for the replayed updates
        Assert.StartsWith("Chi bộ thôn Đông chưa có", after[0].Text);
        Assert.Equal("loai", host.Store.SessionOf($"telegram:{TelegramScriptHost.UserId("an")}").Step);
        // Long polling hands each chat's updates over in order: they are recorded on the chat's state, not one by one.
        Assert.Equal(0, host.Store.Processed.Count());
        Assert.NotNull(host.Store.ChatStates.FindById($"telegram:{TelegramScriptHost.UserId("an")}")!.LastUpdate);
    }

    [Theory]
    [InlineData(true)]  // the bot gets the service message in the new supergroup: the link moves at once, silently
    [InlineData(false)] // it missed it: the first send to the old id learns the new one from Telegram's refusal
    public async Task A_group_that_became_a_supergroup_keeps_its_link_and_reminders(bool announced)
    {
        const long New = -100_999_000_001;
        using var host = new TelegramScriptHost(new DateTimeOffset(2026, 11, 30, 8, 0, 0, TimeSpan.FromHours(7)));
        var old = host.ChatIdOf("nhom-cb-thon-dong");
        await host.MigrateGroupAsync("nhom-cb-thon-dong", New, "an", announced);
        Assert.Empty(host.Api.In(New)); // nothing said in the group about it
        Assert.Equal(announced, host.Store.GroupChats.FindById($"telegram:{New}") is not null); // moved on the service message
        await host.RunRemindersAsync();
        Assert.Contains(host.Api.In(New), m => m.Text.StartsWith("📅 Chi bộ thôn Đông sinh hoạt"));
        Assert.DoesNotContain(host.Api.Messages, m => m.Text.StartsWith("(Nhắc lịch của nhóm chi bộ, gửi riêng")); // not "the group refuses"
        var linked = host.Store.GroupChats.FindById($"telegram:{New}")!;
        Assert.Equal(("cb-thon-dong", New.ToString()), (linked.CellId, linked.ChatId));
        Assert.Null(host.Store.GroupChats.FindById($"telegram:{old}"));
        var moved = Assert.Single(host.Store.Audit.Find(a => a.Action == "group.moved"));
        Assert.Equal("cb-thon-dong", moved.CellId);
        Assert.All(host.Store.Outbox.Find(o => o.Channel == TelegramUpdates.Channel), o => Assert.Equal(OutboxStatus.Sent, o.Status)); // none failed
    }

    [Fact]
    public async Task An_anonymous_group_admin_who_addresses_the_bot_is_told_why_it_cannot_answer_and_other_messages_are_left_alone()
    {
        using var host = new TelegramScriptHost(ScriptRunner.DefaultStart);
        var group = host.ChatIdOf("nhom-cb-thon-dong");
        await host.SendAnonymouslyAsync("nhom-cb-thon-dong", "/lienket");
        Assert.Equal([TelegramUpdates.AnonymousAdmin], host.Api.In(group).Select(m => m.Text)); // before: no answer at all
        await host.SendAnonymouslyAsync("nhom-cb-thon-dong", "Các đồng chí nhớ họp tối nay nhé");
        await host.SendAnonymouslyAsync("nhom-cb-thon-dong", "/lienket@OtherBot");
        Assert.Single(host.Api.In(group)); // talk among members, or to another bot: not the bot's to answer
        Assert.DoesNotContain(host.Store.Audit.FindAll(), a => a.Action == "group.linked"); // nothing done for nobody
    }

    [Fact]
    public async Task A_member_who_blocked_the_bot_is_shown_so_on_the_roster_until_they_unblock_it_or_write_again()
    {
        using var host = new TelegramScriptHost(new DateTimeOffset(2026, 12, 5, 10, 0, 0, TimeSpan.FromHours(7)));
        async Task<string> Roster()
        {
            await host.SendAsync("an", "an", false, "/dangvien");
            return host.TakeNew().Last().Text;
        }
        await host.BlockAsync("minh", blocked: true); // Telegram tells the bot (my_chat_member)
        Assert.Contains("• Trần Văn Minh — chính thức · đã chặn bot trên Telegram từ 05/12/2026", await Roster());
        await host.SendAsync("an", "an", false, "/dangvien Trần Văn Minh");
        Assert.Contains("• Kết nối bot: đã kết nối; đã chặn bot trên Telegram từ 05/12/2026: tin nhắn riêng của bot (nhắc việc, trả lời) không tới được", host.TakeNew().Last().Text);
        await host.BlockAsync("minh", blocked: false);
        Assert.DoesNotContain("chặn bot", await Roster());

        // The update missed: Telegram's refusal of a private message says it (403 "blocked by the user").
        await host.BlockAsync("an", blocked: true, tell: false);
        await host.SendAsync("an", "an", false, "/trogiup");
        Assert.NotNull(host.Store.Identities.FindById($"telegram:{TelegramScriptHost.UserId("an")}")!.BlockedAtUtc);
        // Writing again means it is unblocked.
        await host.BlockAsync("an", blocked: false, tell: false);
        Assert.DoesNotContain("chặn bot", await Roster());
        Assert.Null(host.Store.Identities.FindById($"telegram:{TelegramScriptHost.UserId("an")}")!.BlockedAtUtc);
    }

    [Fact]
    public async Task When_the_bot_is_removed_from_a_cells_group_its_leaders_are_told_at_once()
    {
        using var host = new TelegramScriptHost(new DateTimeOffset(2026, 12, 5, 10, 0, 0, TimeSpan.FromHours(7)));
        await host.RemoveBotAsync("nhom-cb-thon-dong", "minh");
        foreach (var leader in new[] { "an", "hoa" }) // the secretary and the deputy, before any reminder fails
            Assert.Contains(host.Api.In(host.ChatIdOf(leader)), m => m.Text ==
                "Đ/c Trần Văn Minh đã xóa bot khỏi nhóm chat của Chi bộ thôn Đông. Nhắc lịch của chi bộ sẽ gửi riêng cho bí thư, phó bí thư. " +
                "Muốn nhắc vào nhóm lại: thêm bot vào nhóm rồi gõ /lienket trong nhóm.");
        Assert.Empty(host.Api.In(host.ChatIdOf("minh")));
        Assert.Single(host.Store.Audit.Find(a => a.Action == "group.bot_removed"));
        await host.RemoveBotAsync("nhom-khac", "minh"); // a group no cell has: nobody to tell
        Assert.Single(host.Store.Audit.Find(a => a.Action == "group.bot_removed"));
    }

    [Fact]
    public async Task A_group_that_removed_the_bot_has_its_reminder_sent_to_the_leaders_privately()
    {
        using var host = new TelegramScriptHost(new DateTimeOffset(2026, 11, 30, 8, 0, 0, TimeSpan.FromHours(7)));
        var group = host.ChatIdOf("nhom-cb-thon-dong");
        host.Api.KickedFrom.Add(group);
        await host.RunRemindersAsync();
        Assert.DoesNotContain(host.Api.Messages, m => m.ChatId == group);
        foreach (var leader in new[] { "an", "hoa" }) // the secretary and the deputy
            Assert.Contains(host.Api.Messages, m => m.ChatId == host.ChatIdOf(leader)
                && m.Text.StartsWith("(Nhắc lịch của nhóm chi bộ, gửi riêng cho đồng chí vì bot không còn trong nhóm Telegram của chi bộ (bị xóa hoặc bị chặn); thêm bot vào nhóm rồi gõ /lienket trong nhóm.)\n📅 Chi bộ thôn Đông sinh hoạt"));
        var failed = host.Store.Outbox.FindAll().Where(o => o.ChatId == group.ToString()).ToList();
        Assert.NotEmpty(failed);
        Assert.All(failed, f => Assert.Equal(OutboxStatus.Failed, f.Status));
        Assert.All(failed, f => Assert.Contains("bot was kicked", f.LastError));
    }

    [Fact]
    public async Task The_command_menus_are_published_per_scope_in_Vietnamese()
    {
        using var host = new TelegramScriptHost(ScriptRunner.DefaultStart);
        var privateMenu = host.Api.Commands["all_private_chats"]!.AsArray().Select(c => (string)c!["command"]!).ToList();
        var groupMenu = host.Api.Commands["all_group_chats"]!.AsArray().Select(c => (string)c!["command"]!).ToList();
        Assert.Contains("sinhhoat", privateMenu);
        Assert.DoesNotContain("sinhhoat", groupMenu);
        Assert.Contains("lienket", groupMenu);
        Assert.Contains("chuyende", privateMenu); // from the command catalogue, like /trogiup
        Assert.All(host.Api.Commands.Values.SelectMany(v => v!.AsArray()), c => Assert.Matches("^[a-z0-9_]{1,32}$", (string)c!["command"]!));
    }
}

public sealed class TelegramPacingTests
{
    [Fact]
    public async Task A_burst_within_the_paced_limits_gets_no_429_and_a_slow_group_does_not_hold_up_private_chats()
    {
        await using var api = new FakeBotApi { LimitsOn = true, PrivatePerSecond = 1, GroupPerMinute = 300, GlobalPerSecond = 30 };
        long[] people = [11, 12, 13];
        foreach (var p in people) api.AddPrivateChat(p);
        api.AddGroup(-500);
        var dir = Directory.CreateTempSubdirectory("chibo-pace").FullName;
        using (var store = new ChiBoStore(Path.Combine(dir, "p.db")))
        {
            var now = DateTime.UtcNow;
            store.InTransaction(() =>
            {
                ChiBo.Dialogs.Storage.Outbox.Put(store, "telegram", "-500", ChatKind.Group, [.. Enumerable.Range(1, 20).Select(i => new Reply($"Nhắc lịch {i}"))], now);
                foreach (var p in people) ChiBo.Dialogs.Storage.Outbox.Put(store, "telegram", p.ToString(), ChatKind.Private, [.. Enumerable.Range(1, 3).Select(i => new Reply($"Tin {i}"))], now);
            });
            var client = new TelegramBotClient(new TelegramBotClientOptions(FakeBotApi.Token, api.BaseUrl) { RetryThreshold = 0 }, new HttpClient());
            // The bot keeps a little under the server's limits (1,1 s vs 1/s; 270/min vs 300/min).
            var limits = new SendLimits { PrivateInterval = TimeSpan.FromMilliseconds(1100), GroupPerMinute = 270, GlobalPerSecond = 25 };
            var sender = new TelegramSender(client, Options.Create(new TelegramOptions { Limits = limits }), TimeProvider.System);
            var outbox = new ChiBo.Bot.Outbox.OutboxSender(store, [sender], TimeProvider.System,
                Options.Create(new ChiBo.Bot.Outbox.OutboxOptions()), Microsoft.Extensions.Logging.Abstractions.NullLogger<ChiBo.Bot.Outbox.OutboxSender>.Instance);
            var started = DateTime.UtcNow;
            var delivery = outbox.DeliverPendingAsync();
            var privateDone = Task.Run(async () =>
            {
                while (people.Any(p => api.In(p).Count < 3)) await Task.Delay(20);
                return DateTime.UtcNow - started;
            });
            Assert.Equal(29, await delivery);
            Assert.True(api.TooManyRequests == 0, string.Join("\n", api.LimitLog));
            Assert.Equal(Enumerable.Range(1, 20).Select(i => $"Nhắc lịch {i}"), api.In(-500).Select(m => m.Text)); // in order
            var groupTime = DateTime.UtcNow - started;
            Assert.True(await privateDone < groupTime, "the private chats finished before the long group queue");
        }
        Directory.Delete(dir, true);
    }
}
