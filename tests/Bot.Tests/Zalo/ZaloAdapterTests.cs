using System.Text.Json;
using ChiBo.Bot.Channels.Zalo;
using ChiBo.Bot.Tests.Scripts;
using ChiBo.Dialogs.Conversation;
using ChiBo.Dialogs.Storage;

namespace ChiBo.Bot.Tests.Zalo;

/// <summary>The Zalo adapter on its own: what it reads, how it renders, what it does where Zalo differs from Telegram.</summary>
public sealed class ZaloAdapterTests
{
    static IncomingUpdate? Read(string json, string? bot = "ChiBo") => ZaloUpdates.ToIncoming(JsonDocument.Parse(json).RootElement, bot);

    [Fact]
    public void Updates_are_read_in_every_shape_seen_and_odd_ones_are_ignored_without_a_crash()
    {
        const string text = """{"event_name":"message.text.received","message":{"from":{"id":"6ede9afa66b88fe6d6a9","display_name":"Ted","is_bot":false},"chat":{"id":"6ede9afa66b88fe6d6a9","chat_type":"PRIVATE"},"text":"Xin chào","message_id":"2d758cb5e222177a4e35","date":1750316131602}}""";
        var u = Read(text)!;
        Assert.Equal(("zalo", "6ede9afa66b88fe6d6a9:message.text.received:2d758cb5e222177a4e35", "6ede9afa66b88fe6d6a9", ChatKind.Private, "Ted", "Xin chào"),
            (u.Channel, u.UpdateId, u.ChatId, u.ChatKind, u.UserName, u.Text));
        Assert.Equal(u, Read($$"""{"ok":true,"result":{{text}}}""")); // the documented wrapped body

        var group = Read("""{"event_name":"message.text.received","message":{"from":{"id":123,"name":"Lan"},"chat":{"id":"g1","chat_type":"GROUP"},"text":"@ChiBo  2","message_id":77}}""")!;
        Assert.Equal((ChatKind.Group, "123", "Lan", "2", "message.text.received:77"), (group.ChatKind, group.UserId, group.UserName, group.Text, group.UpdateId[3..]));
        Assert.Equal("/comat", Read("""{"event_name":"message.text.received","message":{"from":{"id":"u","first_name":"A"},"chat":{"id":"g","chat_type":"GROUP"},"text":"@Bot Chi Bộ /comat","message_id":"1"}}""")!.Text);

        var sticker = Read("""{"event_name":"message.sticker.received","message":{"from":{"id":"u"},"chat":{"id":"u","chat_type":"PRIVATE"},"message_id":"s1"}}""")!;
        Assert.True(sticker.IsUnsupported);
        Assert.Null(Read("""{"event_name":"user.joined","message":{"from":{"id":"u"},"chat":{"id":"u"},"message_id":"x"}}"""));
        Assert.Null(Read("""{"event_name":"message.text.received","message":{"from":{"id":"b","is_bot":true},"chat":{"id":"u"},"text":"hi","message_id":"x"}}"""));
        Assert.Null(Read("""{"event_name":"message.text.received","message":{"chat":{"id":"u"},"text":"no sender","message_id":"x"}}"""));
        Assert.Null(Read("""[1,2,3]"""));
    }

    [Fact]
    public void A_forged_private_message_is_ignored_ids_are_per_chat_names_lose_invisible_characters_and_broken_text_is_refused()
    {
        // "Private", but the sender is not that chat's user: someone writing as another.
        Assert.Null(Read("""{"event_name":"message.text.received","message":{"from":{"id":"ke-gia"},"chat":{"id":"nan-nhan","chat_type":"PRIVATE"},"text":"/huy","message_id":"1"}}"""));
        // The same message id in two chats is two messages.
        var a = Read("""{"event_name":"message.text.received","message":{"from":{"id":"a"},"chat":{"id":"a","chat_type":"PRIVATE"},"text":"1","message_id":"m1"}}""")!;
        var b = Read("""{"event_name":"message.text.received","message":{"from":{"id":"b"},"chat":{"id":"b","chat_type":"PRIVATE"},"text":"1","message_id":"m1"}}""")!;
        Assert.NotEqual(a.UpdateId, b.UpdateId);
        // Bidi overrides and zero-width characters are stripped from display names.
        var named = Read("""{"event_name":"message.text.received","message":{"from":{"id":"c","display_name":"\u202eAn\u202c\u200b Nguy\u200d\u1ec5n \u2066V\u0103n\u2069"},"chat":{"id":"c","chat_type":"PRIVATE"},"text":"x","message_id":"n"}}""")!;
        Assert.Equal("An Nguyễn Văn", named.UserName);
        // Text that is not valid Unicode: the webhook answers 400.
        Assert.Throws<System.Text.Json.JsonException>(() => Read("""{"event_name":"message.text.received","message":{"from":{"id":"d"},"chat":{"id":"d","chat_type":"PRIVATE"},"text":"\ud800","message_id":"s"}}"""));
    }

    [Fact]
    public void Choices_become_numbered_lines_suggestions_a_line_and_commands_what_to_type()
    {
        var menu = new OutboxMessage { Text = "Loại sinh hoạt?", ChoicesOnly = true, Choices = [new("1:0", "Thường kỳ"), new("1:1", "Chuyên đề")] };
        Assert.Equal("Loại sinh hoạt?\n\n1. Thường kỳ\n2. Chuyên đề\nTrả lời bằng số.", ZaloSender.Render(menu, "ChiBo"));
        var inGroup = new OutboxMessage { Text = "Thông báo", IsGroup = true, ChoicesOnly = true, Choices = [new("cmd:/comat", "Có mặt")] };
        Assert.Equal("Thông báo\n• Có mặt: gõ @ChiBo /comat", ZaloSender.Render(inGroup, "ChiBo"));
        // A label that already shows its command is not followed by it again.
        var reminder = new OutboxMessage { Text = "Nhắc", Notice = true, Choices = [new("cmd:/baocao", "Báo cáo (/baocao)"), new("cmd:/comat 2026-12-03", "Có mặt")] };
        Assert.Equal("Nhắc\n• Báo cáo (/baocao)\n• Có mặt: gõ /comat 2026-12-03", ZaloSender.Render(reminder, "ChiBo"));
        var hint = new OutboxMessage { Text = "Ghi chú?", ChoicesOnly = false, Choices = [new("2:0", "Không có")] };
        Assert.Equal("Ghi chú?\nGợi ý: Không có", ZaloSender.Render(hint, "ChiBo"));
        // A question answered in words: its suggestions numbered, as a typed number picks one.
        var worded = new OutboxMessage { Text = "Địa điểm?", ChoicesOnly = false, NumberedSuggestions = true, Choices = [new("3:0", "Nhà văn hóa thôn Đông"), new("3:1", "Không có")] };
        Assert.Equal("Địa điểm?\n\nGợi ý (trả lời bằng số, hoặc gõ nội dung khác):\n1. Nhà văn hóa thôn Đông\n2. Không có", ZaloSender.Render(worded, "ChiBo"));
    }

    [Fact]
    public async Task Long_replies_go_in_parts_of_at_most_2000_characters_cut_at_line_ends_and_a_retry_does_not_repeat_them()
    {
        await using var api = new FakeZaloApi();
        api.KnowChat("u1");
        using var host = new ScriptHost(ScriptRunner.DefaultStart);
        var options = new ZaloOptions { BotToken = FakeZaloApi.Token, ApiBaseUrl = api.BaseUrl, Limits = new() { PrivateInterval = TimeSpan.Zero } };
        var sender = new ZaloSender(new ZaloClient(new HttpClient(), options), Microsoft.Extensions.Options.Options.Create(options), new ZaloBotInfo(), host.Store,
            TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger<ZaloSender>.Instance);
        var lines = Enumerable.Range(1, 120).Select(i => $"Dòng {i}: " + new string('x', 30)).ToList();
        var message = new OutboxMessage { Channel = "zalo", ChatId = "u1", Text = string.Join('\n', lines) };
        api.FailSends = (500, 0);
        await sender.SendAsync(message, CancellationToken.None);
        var parts = api.In("u1");
        Assert.Equal(3, parts.Count);
        Assert.All(parts, p => Assert.InRange(p.Text.Length, 1, 2000));
        Assert.Equal(lines, parts.SelectMany(p => p.Text.Split('\n')));
        Assert.Equal(parts.Select(p => p.MessageId), message.PlatformMessageIds);

        // A failure after the first part: the retry sends only the rest.
        api.Messages.Clear();
        var again = new OutboxMessage { Channel = "zalo", ChatId = "u1", Text = string.Join('\n', lines), PartsSent = 1 };
        await sender.SendAsync(again, CancellationToken.None);
        Assert.Equal(2, api.In("u1").Count);
        await Assert.ThrowsAsync<Channels.RetryAfterException>(async () =>
        {
            api.FailSends = (429, 1);
            await sender.SendAsync(new OutboxMessage { Channel = "zalo", ChatId = "u1", Text = "x" }, CancellationToken.None);
        });
        api.FailSends = (400, 0);
        await Assert.ThrowsAsync<Channels.PermanentSendException>(() => sender.SendAsync(new OutboxMessage { Channel = "zalo", ChatId = "khong-biet", Text = "x" }, CancellationToken.None));
    }

    [Fact]
    public async Task Answers_to_a_group_notice_are_recorded_and_nothing_is_reposted_to_the_group()
    {
        using var host = new ZaloScriptHost(new DateTimeOffset(2026, 11, 30, 8, 0, 0, TimeSpan.FromHours(7)));
        await host.RunRemindersAsync();
        var group = ZaloScriptHost.GroupId("cb-thon-dong");
        var notice = Assert.Single(host.Api.In(group));
        Assert.Contains("• Có mặt: gõ @ChiBo /comat", notice.Text);
        await host.SendAsync("minh", "nhom-cb-thon-dong", true, "/comat");
        await host.SendAsync("lan", "nhom-cb-thon-dong", true, "/vang ốm");
        Assert.Single(host.Api.In(group)); // no message per answer
        Assert.Equal(2, host.Store.Rsvps.Count());
        // In words, naming the bot (the host adds the mention: a Zalo group delivers nothing else): recorded as the notice's answer; anything else is not.
        await host.SendAsync("thu", "nhom-cb-thon-dong", true, "có mặt ạ");
        await host.SendAsync("tuan", "nhom-cb-thon-dong", true, "em xin phép vắng vì trực bảo vệ thôn");
        await host.SendAsync("kien", "nhom-cb-thon-dong", true, "cảm ơn đồng chí bí thư");
        Assert.True(host.Store.Rsvps.FindById(Dialogs.Domain.Rsvp.KeyOf("cb-thon-dong", new DateTime(2026, 12, 3), "thu"))!.Present);
        Assert.Equal("trực bảo vệ thôn", host.Store.Rsvps.FindById(Dialogs.Domain.Rsvp.KeyOf("cb-thon-dong", new DateTime(2026, 12, 3), "tuan"))!.Reason);
        Assert.Equal(4, host.Store.Rsvps.Count());
        Assert.Single(host.Api.In(group));
        // A question to the bot about the meeting is answered in the group, once, and is no answer to the notice.
        await host.SendAsync("kien", "nhom-cb-thon-dong", true, "mấy giờ họp?");
        Assert.Equal(4, host.Store.Rsvps.Count());
        Assert.Contains("Buổi tới: 19:30 Thứ Năm 03/12/2026", Assert.Single(host.Api.In(group), m => m.Text.StartsWith("Lịch sinh hoạt thường kỳ")).Text);
        Assert.Equal(2, host.Api.In(group).Count());
    }

    [Fact]
    public async Task With_group_reminders_off_or_refused_the_secretary_gets_the_reminder_privately_and_the_failure_is_recorded()
    {
        using (var off = new ZaloScriptHost(new DateTimeOffset(2026, 11, 30, 8, 0, 0, TimeSpan.FromHours(7)), groupReminders: false))
        {
            await off.RunRemindersAsync();
            Assert.Empty(off.Api.In(ZaloScriptHost.GroupId("cb-thon-dong")));
            Assert.Contains(off.Api.In(ZaloScriptHost.UserId("an")), m => m.Text.StartsWith("(Nhắc lịch của nhóm chi bộ, gửi riêng cho đồng chí vì nhắc lịch vào nhóm Zalo đang tắt (Zalo__GroupReminders).)\n📅 Chi bộ thôn Đông sinh hoạt"));
            Assert.Contains(off.Api.In(ZaloScriptHost.UserId("hoa")), m => m.Text.Contains("📅 Chi bộ thôn Đông sinh hoạt")); // the deputy too
        }
        using var refused = new ZaloScriptHost(new DateTimeOffset(2026, 11, 30, 8, 0, 0, TimeSpan.FromHours(7)));
        refused.Api.ClosedGroups.Add(ZaloScriptHost.GroupId("cb-thon-dong"));
        await refused.RunRemindersAsync();
        Assert.Contains(refused.Api.In(ZaloScriptHost.UserId("an")), m => m.Text.StartsWith("(Nhắc lịch của nhóm chi bộ, gửi riêng cho đồng chí vì nhóm Zalo không nhận tin (Forbidden: bot cannot send to this group).)"));
        var failed = refused.Store.Outbox.Find(o => o.ChatId == ZaloScriptHost.GroupId("cb-thon-dong")).Single();
        Assert.Equal(OutboxStatus.Failed, failed.Status);
        Assert.Contains("403", failed.LastError);
        // The private copy is no longer worth sending when the group's notice would not have been.
        var copy = refused.Store.Outbox.Find(o => o.ChatId == ZaloScriptHost.UserId("an")).Single(o => o.Text.StartsWith("(Nhắc lịch của nhóm chi bộ"));
        Assert.NotNull(failed.ExpiresAtUtc);
        Assert.Equal(failed.ExpiresAtUtc, copy.ExpiresAtUtc);
    }

    [Fact]
    public async Task A_wrong_number_gets_the_menu_again_and_a_label_typed_loosely_is_understood()
    {
        using var host = new ZaloScriptHost(new DateTimeOffset(2026, 11, 3, 21, 30, 0, TimeSpan.FromHours(7)));
        await host.SendAsync("an", "an", false, "/sinhhoat");
        await host.SendAsync("an", "an", false, "hôm nay");
        Assert.EndsWith("1. Thường kỳ\n2. Chuyên đề\n3. Thường kỳ + chuyên đề\n4. Bất thường\nTrả lời bằng số.", host.Api.In(ZaloScriptHost.UserId("an"))[^1].Text);
        await host.SendAsync("an", "an", false, "7");
        Assert.StartsWith("Đồng chí chọn một trong: 1. Thường kỳ, 2. Chuyên đề, 3. Thường kỳ + chuyên đề, 4. Bất thường.", host.Api.In(ZaloScriptHost.UserId("an"))[^1].Text);
        Assert.Equal("loai", host.Store.SessionOf($"zalo:{ZaloScriptHost.UserId("an")}")!.Step);
        await host.SendAsync("an", "an", false, "THUONG KY");
        Assert.NotEqual("loai", host.Store.SessionOf($"zalo:{ZaloScriptHost.UserId("an")}")!.Step);
    }
}
