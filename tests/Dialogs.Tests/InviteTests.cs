using ChiBo.Dialogs.Conversation;
using System.Text.RegularExpressions;
using ChiBo.Dialogs.Commands;
using ChiBo.Dialogs.Domain;
using ChiBo.Dialogs.Storage;

namespace ChiBo.Dialogs.Tests;

public sealed partial class InviteTests
{
    static async Task<string> Say(TestStore t, string user, string text)
    {
        await t.Pipeline.HandleAsync(t.Private(user, text));
        Assert.Empty(t.Log.Errors);
        return string.Join("\n", t.Replies(user));
    }

    static string CodeIn(string reply) => Code().Match(reply) is { Success: true } m ? m.Value : throw new Xunit.Sdk.XunitException($"No code in: {reply}");

    [Fact]
    public async Task A_members_code_made_before_the_rule_for_a_leaders_record_does_not_open_it()
    {
        using var t = new TestStore();
        // An imported deputy's record, not yet connected, and a personal member's code for it (as a deputy could make before).
        t.Store.Members.Insert(new Member { Id = "pho-moi", Name = "Trần Thị Mới", CellId = "cb-thon-dong",
            Roles = [new RoleGrant { Role = Role.Deputy, ScopeId = "cb-thon-dong" }, new RoleGrant { Role = Role.Member, ScopeId = "cb-thon-dong" }] });
        var invite = Invites.Create(t.Store, Role.Member, "cb-thon-dong", 1, "hoa", t.Clock.GetUtcNow().UtcDateTime, memberId: "pho-moi");
        Assert.Equal("Mã này là mã đảng viên, không dùng được cho hồ sơ phó bí thư của Đ/c Trần Thị Mới. Mã cho bí thư, phó bí thư do quản trị viên hoặc cán bộ cấp trên cấp.",
            await Say(t, "ke-la", $"/start {invite.Id}"));
        Assert.Null(t.Store.Identities.FindById("console:ke-la"));
        Assert.Equal(0, t.Store.Invites.FindById(invite.Id).Uses);
        // A deputy cannot make one now; the staff above can make the deputy's code, which names the role.
        Assert.StartsWith("Đ/c Trần Thị Mới là phó bí thư Chi bộ thôn Đông: mã mời cho bí thư, phó bí thư do quản trị viên",
            await Say(t, "hoa", "/moi dangvien Trần Thị Mới"));
        Assert.Contains("— Đ/c Trần Thị Mới, phó bí thư Chi bộ thôn Đông, dùng một lần", await Say(t, "dung", "/moi phobithu thôn Đông"));
    }

    [Fact]
    public async Task Forty_accounts_guessing_codes_do_not_lock_out_a_valid_code_and_guesses_at_one_code_are_slowed()
    {
        using var t = new TestStore();
        var valid = CodeIn(await Say(t, "an", "/moi dangvien 3"));
        // 40 accounts × 5 wrong codes: 200 failures in the window.
        for (var account = 0; account < 40; account++)
            for (var i = 0; i < Invites.UserFailures; i++)
                Assert.StartsWith("Mã mời không đúng.", await Say(t, $"ke{account}", $"/start {Guess(account * 5 + i)}"));
        Assert.StartsWith("Đồng chí đã nhập sai mã mời 5 lần.", await Say(t, "ke0", $"/start {valid}"));
        // Someone who has not failed still joins with a valid code.
        Assert.StartsWith("Chào đồng chí that1.", await Say(t, "that1", $"/start {valid}"));
        // Under attack a new account gets one wrong try, not five.
        Assert.StartsWith("Mã mời không đúng.", await Say(t, "ke-moi", $"/start {Guess(999)}"));
        Assert.StartsWith("Đồng chí đã nhập sai mã mời 1 lần.", await Say(t, "ke-moi", $"/start {Guess(998)}"));

        // Later: ten accounts at one code's first half lock that half only.
        t.Clock.Advance(Invites.FailureWindow);
        var half = valid[..4];
        for (var i = 0; i < Invites.PrefixFailures; i++)
            Assert.StartsWith("Mã mời không đúng.", await Say(t, $"doan{i}", $"/start {half}-{Guess(i)[..4]}"));
        Assert.StartsWith($"Mã bắt đầu bằng {half} đang tạm khóa vì nhiều lần bị nhập sai.", await Say(t, "that2", $"/start {valid}"));
        var other = CodeIn(await Say(t, "an", "/moi dangvien"));
        if (other[..4] != half) Assert.StartsWith("Chào đồng chí that3.", await Say(t, "that3", $"/start {other}"));
        t.Clock.Advance(Invites.FailureWindow);
        Assert.StartsWith("Chào đồng chí that2.", await Say(t, "that2", $"/start {valid}"));
    }

    /// <summary>A wrong code shaped like a real one, different for each n.</summary>
    static string Guess(int n)
    {
        const string alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        var c = new char[8];
        for (var i = 0; i < 8; i++, n /= 32) c[i] = alphabet[n % 32];
        return $"{new string(c[..4])}-{new string(c[4..])}";
    }

    [Fact]
    public async Task A_secretarys_invite_for_two_members_lets_two_people_join_the_cell_and_no_third()
    {
        using var t = new TestStore();
        var reply = await Say(t, "an", "/moi dangvien 2");
        Assert.Contains("đảng viên Chi bộ thôn Đông, dùng 2 lần, hết hạn 10/11/2026", reply);
        var code = CodeIn(reply);
        Assert.Contains($"Người được mời nhắn cho bot: /start {code}", reply);

        var joined1 = await Say(t, "moi1", $"/start {code.ToLowerInvariant().Replace("-", " ")}"); // typed loosely
        Assert.StartsWith("Chào đồng chí moi1. Đồng chí đã được ghi là đảng viên Chi bộ thôn Đông.\nĐể Chi bộ thôn Đông ghi đúng hồ sơ", joined1);
        Assert.EndsWith("Họ và tên đầy đủ của đồng chí (có dấu)? (tên trên ứng dụng: moi1)", joined1); // asked at once: a shared code knows no one
        await Say(t, "moi2", $"/start {code}");
        Assert.Equal("Mã mời đã được dùng hết lượt. Đề nghị người mời cấp mã mới.", await Say(t, "moi3", $"/start {code}"));

        var joined = t.Store.Identities.FindById("console:moi1");
        var member = t.Store.Members.FindById(joined.MemberId);
        Assert.Equal(("cb-thon-dong", "moi1", true), (member.CellId, member.Name, member.SelfDeclared));
        Assert.True(member.Has(Role.Member, "cb-thon-dong"));
        Assert.Equal(2, t.Store.Invites.FindById(code).Uses);
        Assert.Equal(2, t.Store.Audit.Count(a => a.Action == "invite.used"));
        Assert.Contains("Đồng chí chưa có trong danh sách", await Say(t, "moi3", "/ketqua")); // the refused one did not join

        // The newcomer gives a full name and status; the leaders are told and confirm.
        Assert.Equal("Đồng chí ghi đủ họ và tên, chỉ gồm chữ (ví dụ: Nguyễn Thị Lan).\nBước 1/3 — Giới thiệu. Họ và tên đầy đủ của đồng chí (có dấu)? (tên trên ứng dụng: moi1)",
            await Say(t, "moi1", "moi1"));
        Assert.Contains("Đồng chí là đảng viên chính thức hay dự bị?", await Say(t, "moi1", "trần  văn   mười"));
        Assert.Contains("1. Họ và tên: Trần Văn Mười", await Say(t, "moi1", "Dự bị"));
        Assert.StartsWith("Cảm ơn đồng chí. Đã ghi: Trần Văn Mười, đảng viên dự bị (Chi bộ thôn Đông); bí thư chi bộ sẽ xác nhận.", await Say(t, "moi1", "Lưu"));
        member = t.Store.Members.FindById(joined.MemberId);
        Assert.Equal(("Trần Văn Mười", MemberStatus.Probationary, true), (member.Name, member.Status, member.SelfDeclared));
        var notice = t.Store.Outbox.Find(m => m.ChatId == "an").OrderBy(m => m.Id).Last();
        Assert.Equal("Đ/c Trần Văn Mười vừa vào Chi bộ thôn Đông bằng mã mời và tự khai: đảng viên dự bị. Đồng chí xác nhận nếu đúng; " +
                     "nếu sai, sửa bằng /dangvien Trần Văn Mười chinhthuc | duby, hoặc /dangvien Trần Văn Mười xoa.", Assert.Single(t.Replies("an")));
        Assert.Contains("• Trần Văn Mười — dự bị · tự khai, chưa xác nhận", await Say(t, "an", "/dangvien"));
        var button = Assert.Single(notice.Choices, c => c.Label == "Xác nhận").Key;
        Assert.True(System.Text.Encoding.UTF8.GetByteCount(button) <= 64, button); // Telegram's limit for a button's data
        await t.Pipeline.HandleAsync(new IncomingUpdate(DemoData.Channel, "tap-xn", "an", ChatKind.Private, "an", "an", null, button));
        Assert.Equal(["Đã xác nhận Đ/c Trần Văn Mười, đảng viên dự bị, Chi bộ thôn Đông."], t.Replies("an"));
        Assert.False(t.Store.Members.FindById(joined.MemberId).SelfDeclared);
        Assert.StartsWith("Hồ sơ của đồng chí ở Chi bộ thôn Đông đã được xác nhận", await Say(t, "moi1", "/gioithieu"));
    }

    [Fact]
    public async Task Expired_revoked_and_wrong_codes_are_refused_and_guessing_is_slowed_down()
    {
        using var t = new TestStore();
        var expiring = CodeIn(await Say(t, "an", "/moi dangvien"));
        var revoked = CodeIn(await Say(t, "an", "/moi dangvien"));
        Assert.StartsWith($"Đã thu hồi mã {revoked}", await Say(t, "an", $"/huymoi {revoked}"));
        Assert.Equal("Mã mời này đã bị thu hồi. Đề nghị người mời cấp mã mới.", await Say(t, "x1", $"/start {revoked}"));
        Assert.Contains("Không có mã mời đó", await Say(t, "binh", $"/huymoi {expiring}")); // not hers
        t.Clock.Advance(TimeSpan.FromDays(8));
        Assert.StartsWith("Mã mời đã hết hạn ngày 10/11/2026.", await Say(t, "x2", $"/start {expiring}"));

        var fresh = CodeIn(await Say(t, "an", "/moi dangvien"));
        for (var i = 0; i < Invites.UserFailures; i++)
            Assert.StartsWith("Mã mời không đúng.", await Say(t, "x3", "/start AAAA-BBBB"));
        Assert.StartsWith("Đồng chí đã nhập sai mã mời 5 lần.", await Say(t, "x3", $"/start {fresh}")); // even a good code waits
        t.Clock.Advance(Invites.FailureWindow);
        Assert.StartsWith("Chào đồng chí x3.", await Say(t, "x3", $"/start {fresh}"));
    }

    [Fact]
    public async Task Only_admins_invite_staff_and_secretaries_and_only_a_cells_leaders_invite_its_members()
    {
        using var t = new TestStore();
        Assert.Contains("Chỉ bí thư hoặc phó bí thư chi bộ mới cấp mã mời cho chi bộ được.", await Say(t, "minh", "/moi dangvien"));
        Assert.Contains("Cấp mã mời cho chi bộ: /moi dangvien", await Say(t, "an", "/moi canbo xã Yên Mỹ"));
        var staff = CodeIn(await Say(t, "admin", "/moi canbo xã Yên Mỹ"));
        var secretary = CodeIn(await Say(t, "admin", "/moi bithu thôn Đông"));
        Assert.Contains("cán bộ Đảng bộ xã Yên Mỹ", await Say(t, "can1", $"/start {staff}"));
        // A person can hold several roles: the staff member also becomes a cell's secretary.
        Assert.Contains("bí thư Chi bộ thôn Đông", await Say(t, "can1", $"/start {secretary}"));
        var member = t.Store.Members.FindById(t.Store.Identities.FindById("console:can1").MemberId);
        Assert.True(member.Has(Role.Staff, "xa-yen-my") && member.Has(Role.Secretary, "cb-thon-dong"));
        Assert.StartsWith("Không có mã mời nào còn dùng được.", await Say(t, "admin", "/moi")); // both were single-use
        var open = CodeIn(await Say(t, "admin", "/moi quantri"));
        Assert.Contains($"• {open} — quản trị viên, đã dùng 0/1", await Say(t, "admin", "/moi"));
    }

    [Fact]
    public void A_new_database_gets_one_admin_code_until_an_admin_joins()
    {
        var dir = Directory.CreateTempSubdirectory("chibo-boot").FullName;
        try
        {
            using var store = new ChiBoStore(Path.Combine(dir, "b.db"));
            var now = new DateTime(2026, 12, 1, 1, 0, 0);
            var first = Invites.BootstrapAdmin(store, "k7qm 3xpa", now)!;
            Assert.Equal(("K7QM-3XPA", Role.Admin), (first.Id, first.Role));
            Assert.Equal(first.Id, Invites.BootstrapAdmin(store, null, now.AddHours(1))!.Id); // a restart shows the same code
            using (var other = new ChiBoStore(Path.Combine(dir, "c.db")))
                Assert.Throws<ArgumentException>(() => Invites.BootstrapAdmin(other, "O0O0", now));
            store.Members.Insert(new Member { Id = "boss", Name = "Quản trị", Roles = [new RoleGrant { Role = Role.Admin }] });
            Assert.Null(Invites.BootstrapAdmin(store, null, now));
        }
        finally { try { Directory.Delete(dir, true); } catch (IOException) { } }
    }

    [Fact]
    public async Task Someone_already_known_who_takes_the_personal_code_of_an_imported_record_becomes_that_record_with_all_their_roles()
    {
        using var t = new TestStore();
        // An imported secretary record for thôn Đông's neighbour cell, not yet linked; the admin is that person.
        t.Store.Members.Insert(new Member { Id = "imp-1", Name = "Trần Văn Nhập", CellId = "cb-cty-may", Roles = [new() { Role = Role.Member, ScopeId = "cb-cty-may" }] });
        t.Store.Members.Insert(new Member { Id = "qt", Name = "qt", Roles = [new() { Role = Role.Admin }] });
        t.Store.Identities.Insert(new ChatIdentity { Id = "console:qt", Channel = "console", PlatformUserId = "qt", MemberId = "qt" });

        var reply = await Say(t, "cuong", "/moi dangvien Nhập");
        Assert.Contains("riêng cho Đ/c Trần Văn Nhập, đảng viên Chi bộ Công ty May Yên Mỹ, dùng một lần", reply);
        var code = CodeIn(reply);
        Assert.Equal("Chào đồng chí Trần Văn Nhập. Đồng chí đã được ghi là đảng viên Chi bộ Công ty May Yên Mỹ. Gõ /trogiup để xem những việc bot giúp được.",
            await Say(t, "qt", $"/start {code}"));
        Assert.Equal("imp-1", t.Store.Identities.FindById("console:qt").MemberId);
        var merged = t.Store.Members.FindById("imp-1");
        Assert.True(merged.Has(Role.Admin) && merged.Has(Role.Member, "cb-cty-may"));
        Assert.True(t.Store.Members.FindById("qt").Removed);
        Assert.Equal(1, t.Store.Audit.Count(a => a.Action == "identity.merged"));
        Assert.Contains("Nhật ký thay đổi", await Say(t, "qt", "/nhatky")); // still admin

        Assert.Equal("Đ/c Trần Văn Nhập đã kết nối với bot, không cần mã mời.", await Say(t, "cuong", "/moi dangvien Nhập"));
        Assert.StartsWith("Không có \"Không Ai\" trong danh sách Chi bộ Công ty May Yên Mỹ chưa kết nối bot.", await Say(t, "cuong", "/moi dangvien Không Ai"));
    }

    [GeneratedRegex("[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}")]
    private static partial Regex Code();
}
