using System.Security.Cryptography;
using ChiBo.Dialogs.Conversation;
using ChiBo.Dialogs.Domain;
using ChiBo.Dialogs.Flows.Steps;
using ChiBo.Dialogs.Storage;
using ChiBo.Dialogs.Text;

namespace ChiBo.Dialogs.Commands;

/// <summary>
/// Invite codes: /moi makes one (admins: admin, staff, secretary; a cell's leaders: member, deputy), /moi alone lists
/// them, /huymoi revokes; "/start &lt;mã&gt;" uses one. Wrong codes are throttled per user, per code prefix and, past
/// a global count, to one try per user; a valid code from anyone who has not failed always works.
/// </summary>
public static class Invites
{
    public const int ValidDays = 7;
    public const int MaxUses = 100;
    /// <summary>
    /// Wrong codes allowed within the window: per user; per code prefix (many accounts at one code); overall, past which
    /// each user gets one wrong try instead of five. No limit ever stops a valid code from a user who has not failed.
    /// </summary>
    public const int UserFailures = 5, PrefixFailures = 10, GlobalFailures = 200, UserFailuresUnderAttack = 1;
    public static readonly TimeSpan FailureWindow = TimeSpan.FromMinutes(10);

    const string Alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"; // no 0/O, 1/I

    public static string NewCode()
    {
        Span<char> c = stackalloc char[8];
        for (var i = 0; i < c.Length; i++) c[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        return $"{c[..4]}-{c[4..]}";
    }

    /// <summary>"k7qm 3xpa", "K7QM3XPA" → "K7QM-3XPA"; null when it cannot be a code.</summary>
    public static string? Normalize(string typed)
    {
        var raw = new string(typed.Where(char.IsLetterOrDigit).Select(char.ToUpperInvariant).ToArray());
        return raw.Length == 8 && raw.All(Alphabet.Contains) ? $"{raw[..4]}-{raw[4..]}" : null;
    }

    /// <summary>What is said when what follows /start cannot be a code (a letter too many, an O for a 0).</summary>
    public static string NotACode(string typed) =>
        $"\"{Inputs.Preview(typed)}\" không phải mã mời: mã có 8 ký tự, chữ in hoa và số (không có chữ O, I, số 0, 1), ví dụ /start K7QM-3XPA. " +
        "Đồng chí kiểm tra lại mã bí thư chi bộ (hoặc cán bộ cấp trên) đã gửi.";

    /// <summary>Makes an invite and records who made it.</summary>
    public static Invite Create(ChiBoStore store, Role role, string? scopeId, int maxUses, string createdBy, DateTime utcNow, string? code = null, string? memberId = null)
    {
        var invite = new Invite
        {
            Id = code ?? NewCode(), Role = role, ScopeId = scopeId, MaxUses = memberId is null ? Math.Clamp(maxUses, 1, MaxUses) : 1, CreatedBy = createdBy, MemberId = memberId,
            CreatedAtUtc = utcNow, ExpiresAtUtc = utcNow.AddDays(ValidDays),
        };
        store.Invites.Insert(invite);
        return invite;
    }

    static string RoleText(ChiBoStore store, Invite i) =>
        (i.MemberId is not null && store.Members.FindById(i.MemberId) is { } m ? $"Đ/c {m.Name}, " : "") + RoleName(store, i);

    static string RoleName(ChiBoStore store, Invite i) => i.Role switch
    {
        Role.Admin => "quản trị viên",
        Role.Staff => $"cán bộ {store.OrgUnits.FindById(i.ScopeId)?.Name ?? i.ScopeId}",
        Role.Secretary => $"bí thư {store.Cells.FindById(i.ScopeId)?.Name ?? i.ScopeId}",
        Role.Deputy => $"phó bí thư {store.Cells.FindById(i.ScopeId)?.Name ?? i.ScopeId}",
        _ => $"đảng viên {store.Cells.FindById(i.ScopeId)?.Name ?? i.ScopeId}",
    };

    /// <summary>"/start &lt;mã&gt;": false when the text is not shaped like a code (then it may be something else, e.g. a demo user).</summary>
    public static bool TryJoin(Turn turn, string typed)
    {
        if (Normalize(typed) is not { } code) return false;
        var store = turn.Store;
        var prefix = code[..4];
        if (Throttled(turn, prefix, $"Mã bắt đầu bằng {prefix}")) return true;
        var invite = store.Invites.FindById(code);
        var problem = invite is null ? "Mã mời không đúng. Đồng chí kiểm tra lại mã (8 ký tự, ví dụ K7QM-3XPA)."
            : invite.RevokedAtUtc is not null ? "Mã mời này đã bị thu hồi. Đề nghị người mời cấp mã mới."
            : turn.UtcNow >= invite.ExpiresAtUtc ? $"Mã mời đã hết hạn ngày {VnText.Date(VnClock.Local(invite.ExpiresAtUtc))}. Đề nghị người mời cấp mã mới."
            : invite.Uses >= invite.MaxUses ? "Mã mời đã được dùng hết lượt. Đề nghị người mời cấp mã mới."
            : null;
        if (problem is not null)
        {
            Failed(turn, prefix);
            turn.Say(problem);
            return true;
        }
        Use(turn, invite!);
        return true;
    }

    /// <summary>
    /// True (after saying so) when the user may not try a code now: too many wrong tries of theirs, or at codes starting
    /// with <paramref name="prefix"/> (<paramref name="what"/> names them).
    /// </summary>
    public static bool Throttled(Turn turn, string prefix, string what)
    {
        var who = $"{turn.Update.Channel}:{turn.Update.UserId}";
        var since = turn.UtcNow - FailureWindow;
        var recent = turn.Store.JoinAttempts.Find(a => a.AtUtc > since).ToList();
        var mine = recent.Count(a => a.Who == who);
        if (mine >= (recent.Count >= GlobalFailures ? UserFailuresUnderAttack : UserFailures))
        {
            turn.Say($"Đồng chí đã nhập sai mã mời {mine} lần. Vui lòng thử lại sau {FailureWindow.TotalMinutes:0} phút.");
            return true;
        }
        if (recent.Count(a => a.Prefix == prefix) < PrefixFailures) return false;
        turn.Say($"{what} đang tạm khóa vì nhiều lần bị nhập sai. Vui lòng thử lại sau {FailureWindow.TotalMinutes:0} phút, hoặc đề nghị người mời cấp mã mới.");
        return true;
    }

    /// <summary>Records a wrong try (kept with the turn, so a failed turn records nothing).</summary>
    public static void Failed(Turn turn, string prefix) =>
        turn.Store.JoinAttempts.Insert(new JoinAttempt { Who = $"{turn.Update.Channel}:{turn.Update.UserId}", Prefix = prefix, AtUtc = turn.UtcNow });

    static void Use(Turn turn, Invite invite)
    {
        var store = turn.Store;
        var member = turn.Member;
        var cellId = invite.Role is Role.Secretary or Role.Deputy or Role.Member ? invite.ScopeId : null;
        var premade = invite.MemberId is null ? null : store.Members.FindById(invite.MemberId);
        if (invite.MemberId is not null && premade is not { Removed: false })
        {
            turn.Say("Mã mời này dành cho một đảng viên đã bị xóa khỏi danh sách. Đề nghị người mời kiểm tra lại.");
            return;
        }
        if (invite.Role == Role.Member && premade is not null && cellId is not null && Authorizer.LeaderTitle(premade, cellId) is { } title)
        {
            // A member's code (made by a cell leader) never opens a leader's record.
            turn.Say($"Mã này là mã đảng viên, không dùng được cho hồ sơ {title} của Đ/c {premade.Name}. Mã cho bí thư, phó bí thư do quản trị viên hoặc cán bộ cấp trên cấp.");
            return;
        }
        if (premade is not null && premade.Id != member?.Id && store.Identities.Exists(i => i.MemberId == premade.Id && i.Channel == turn.Update.Channel))
        {
            turn.Say($"Đ/c {premade.Name} đã kết nối bot từ một tài khoản khác; mã mời không được dùng. Đề nghị người mời kiểm tra lại.");
            return;
        }
        if (member is not null && (premade?.Id == member.Id || (premade is null && member.Has(invite.Role, invite.ScopeId))))
        {
            turn.Say($"Đồng chí đã là {RoleText(store, invite)}; mã mời không được dùng.");
            return;
        }
        if (premade is not null)
        {
            // The person becomes the record made for them; roles they already had (admin, staff…) move onto it.
            if (member is not null) Merge(turn, member, premade);
            else store.Identities.Insert(Identity(turn, premade));
            member = premade;
        }
        else if (member is null)
        {
            // A shared code: the name is the app's until the person gives theirs (/gioithieu) and a leader confirms.
            member = new Member
            {
                Id = LiteDB.ObjectId.NewObjectId().ToString(), Name = VnText.DisplayName(turn.Update.UserName) is { Length: > 0 } n ? n : "Đảng viên mới",
                SelfDeclared = cellId is not null,
            };
            store.Members.Insert(member);
            store.Identities.Insert(Identity(turn, member));
        }
        if (!member.Has(invite.Role, invite.ScopeId)) member.Roles.Add(new RoleGrant { Role = invite.Role, ScopeId = invite.ScopeId });
        if (cellId is not null && !member.Has(Role.Member, cellId)) member.Roles.Add(new RoleGrant { Role = Role.Member, ScopeId = cellId });
        member.CellId ??= cellId;
        store.Members.Update(member);
        invite.Uses++;
        invite.UsedBy.Add(member.Id);
        store.Invites.Update(invite);
        turn.Member = member;
        turn.Audit("invite.used", cellId, $"Đ/c {member.Name} dùng mã {invite.Id}: {RoleText(store, invite)}");
        var role = premade is null || cellId is null ? RoleName(store, invite)
            : $"{Authorizer.LeaderTitle(member, cellId) ?? "đảng viên"} {store.Cells.FindById(cellId)?.Name ?? cellId}";
        turn.Say($"Chào đồng chí {member.Name}. Đồng chí đã được ghi là {role}." +
                 (member.SelfDeclared ? "" : " Gõ /trogiup để xem những việc bot giúp được.")); // a newcomer is asked who they are first
    }

    static ChatIdentity Identity(Turn turn, Member member) => new()
    {
        Id = ChatIdentity.KeyOf(turn.Update.Channel, turn.Update.UserId), Channel = turn.Update.Channel, PlatformUserId = turn.Update.UserId, MemberId = member.Id,
    };

    /// <summary>Someone already known to the bot takes a personal invite: their chat identities and roles move to that record.</summary>
    static void Merge(Turn turn, Member from, Member into)
    {
        var store = turn.Store;
        foreach (var grant in from.Roles.Where(g => !into.Has(g.Role, g.ScopeId))) into.Roles.Add(grant);
        into.CellId ??= from.CellId;
        foreach (var identity in store.Identities.Find(i => i.MemberId == from.Id).ToList())
        {
            identity.MemberId = into.Id;
            store.Identities.Update(identity);
        }
        from.Removed = true;
        store.Members.Update(from);
        turn.Audit("identity.merged", into.CellId, $"Tài khoản {from.Name} ({from.Id}) gộp vào Đ/c {into.Name} ({into.Id})");
    }

    /// <summary>/moi [loại] [đơn vị | chi bộ] [số lượt]: make an invite; no arguments lists the member's active invites.</summary>
    public static void Make(Turn turn, string args, Func<string, string, string?> link)
    {
        var store = turn.Store;
        var member = turn.Member!;
        var words = VnText.Clean(args).Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        if (words.Count == 0 || words.Count == 1 && VnText.Fold(words[0]) is "xem" or "danhsach") { List(turn); return; } // "/moi xem", as help says
        var uses = 1;
        if (words.Count > 1 && int.TryParse(words[^1], out var n)) { uses = n; words.RemoveAt(words.Count - 1); }
        var capped = uses > MaxUses ? $" (một mã dùng tối đa {MaxUses} lượt; cần thêm thì cấp mã khác)" : "";
        var kind = VnText.Fold(words[0]);
        var rest = string.Join(' ', words.Skip(1));
        Invite? invite = null;
        var isAdmin = member.Has(Role.Admin);
        switch (kind)
        {
            case "quantri" when isAdmin:
                invite = Create(store, Role.Admin, null, 1, member.Id, turn.UtcNow);
                break;
            case "canbo" when isAdmin:
                var units = rest == "" ? store.OrgUnits.FindAll().ToList() : VnText.NameMatches(store.OrgUnits.FindAll(), rest, u => u.Name, u => u.Id);
                if (units.Count != 1)
                {
                    // None named, or several: the units to choose from (as cells are offered), or why none.
                    if (units.Count == 0) turn.Say($"Không tìm thấy đơn vị \"{Inputs.Preview(rest)}\". Gõ ví dụ: /moi canbo xã Yên Mỹ");
                    else turn.Say(new Reply(rest == "" ? "Mã mời cán bộ cấp trên của đơn vị nào? Chọn, hoặc gõ /moi canbo <đơn vị>." : "Có nhiều đơn vị khớp. Đồng chí chọn:",
                        [.. units.Take(8).Select(u => new Choice($"cmd:/moi canbo {u.Name}", u.Name))]));
                    return;
                }
                invite = Create(store, Role.Staff, units[0].Id, 1, member.Id, turn.UtcNow);
                break;
            case "bithu" or "phobithu":
                // Leaders' codes come from above: a cell's own leaders cannot make one (nor take over a leader's record).
                var managed = Authorizer.VisibleCells(store, member).Where(c => Authorizer.CanManageLeaders(store, member, c)).ToList();
                if (managed.Count == 0)
                {
                    turn.Say($"Mã mời cho bí thư, phó bí thư do quản trị viên hoặc cán bộ cấp trên cấp (/moi {kind} <chi bộ>). Đồng chí đề nghị cấp trên nhé.");
                    return;
                }
                if (CellPicker.Named(turn, managed, rest, $"moi {kind}", "phạm vi đồng chí phụ trách") is not { } forLeader) return;
                var leaderRole = kind == "bithu" ? Role.Secretary : Role.Deputy;
                invite = Create(store, leaderRole, forLeader.Id, 1, member.Id, turn.UtcNow, memberId: OnlyOne(Unlinked(store, forLeader, leaderRole))?.Id);
                break;
            case "dangvien":
                if ((isAdmin || member.Has(Role.Staff)) && Authorizer.LedCell(store, member) is null)
                {
                    // Who oversees does not invite a cell's members: they invite its leaders, who invite the members.
                    turn.Say("Mã mời cho đảng viên do bí thư, phó bí thư chi bộ cấp (/moi dangvien). Cấp trên cấp mã cho bí thư, phó bí thư: /moi bithu <chi bộ>, /moi phobithu <chi bộ>.");
                    return;
                }
                if (Authorizer.LedCellOrRefuse(turn, "cấp mã mời cho chi bộ") is not { } cell) return;
                if (rest == "") { invite = Create(store, Role.Member, cell.Id, uses, member.Id, turn.UtcNow); break; }
                Personal(turn, cell, rest, link);
                return;
        }
        if (invite is null)
        {
            turn.Say(isAdmin
                ? "Cấp mã mời: /moi quantri · /moi canbo <đơn vị> · /moi bithu <chi bộ> · /moi phobithu <chi bộ> · (bí thư) /moi dangvien [số người]"
                : "Cấp mã mời cho chi bộ: /moi dangvien <tên> (riêng một người trong danh sách) · /moi dangvien tatca · /moi dangvien [số người] (ví dụ /moi dangvien 20 cho cả nhóm). Chỉ bí thư, phó bí thư cấp được; mã cho bí thư, phó bí thư do cấp trên cấp.");
            return;
        }
        turn.Audit("invite.created", invite.Role is Role.Admin or Role.Staff ? null : invite.ScopeId, $"Mã {invite.Id}: {RoleText(store, invite)}, {invite.MaxUses} lượt");
        var url = link(turn.Update.Channel, invite.Id);
        var premade = invite is { Role: Role.Member, MemberId: null } && store.Cells.FindById(invite.ScopeId) is { } c ? Unlinked(store, c).Count : 0;
        turn.Say($"Mã mời {invite.Id} — {RoleText(store, invite)}, dùng {(invite.MaxUses == 1 ? "một lần" : $"{invite.MaxUses} lần")}{(invite.Role == Role.Member ? capped : "")}, " +
                 $"hết hạn {VnText.Date(VnClock.Local(invite.ExpiresAtUtc))}.\nNgười được mời nhắn cho bot: /start {invite.Id}" +
                 (url is null ? "" : $"\nHoặc mở liên kết: {url}") + $"\nThu hồi: /huymoi {invite.Id}" +
                 (premade == 0 ? "" : $"\nDanh sách chi bộ có {premade} đồng chí chưa kết nối bot: cấp mã riêng cho từng người bằng /moi dangvien tatca để không bị trùng tên."));
    }

    /// <summary>Members of the cell (with that leader role, if given) who have no chat identity yet: records from an import.</summary>
    static List<Member> Unlinked(ChiBoStore store, Cell cell, Role? role = null) =>
        store.CellMembers(cell.Id)
            .Where(m => (role is null || m.Has(role.Value, cell.Id)) && !store.IsConnected(m.Id)).ToList();

    static Member? OnlyOne(List<Member> members) => members.Count == 1 ? members[0] : null;

    /// <summary>/moi dangvien &lt;tên&gt; | tatca: personal codes for members already on the roster (imported), one each.</summary>
    static void Personal(Turn turn, Cell cell, string who, Func<string, string, string?> link)
    {
        var store = turn.Store;
        var unlinked = Unlinked(store, cell);
        var leaders = unlinked.Where(m => Authorizer.LeaderTitle(m, cell.Id) is not null).ToList();
        var waiting = VnText.SortedByName(unlinked.Except(leaders), m => m.Name);
        string LeaderCode(Member m) => $"/moi {(m.Has(Role.Secretary, cell.Id) ? "bithu" : "phobithu")} {cell.Name}";
        var leadersNote = leaders.Count == 0 ? "" : "\n" + string.Join('\n', leaders.Select(m =>
            $"Đ/c {m.Name} ({Authorizer.LeaderTitle(m, cell.Id)}) nhận mã từ quản trị viên hoặc cán bộ cấp trên ({LeaderCode(m)})."));
        List<Member> chosen;
        if (VnText.Fold(who).Replace(" ", "") == "tatca") chosen = waiting;
        else
        {
            chosen = VnText.NameMatches(waiting, who, m => m.Name, m => m.Id);
            if (chosen.Count != 1)
            {
                var linked = VnText.NameMatches(store.CellMembers(cell.Id), who, m => m.Name, m => m.Id);
                var leader = chosen.Count == 0 ? VnText.NameMatches(leaders, who, m => m.Name, m => m.Id) : [];
                turn.Say(chosen.Count > 1 ? $"Có {chosen.Count} người khớp \"{Inputs.Preview(who)}\"; gõ tên đầy đủ hơn."
                    : leader.Count == 1 ? $"Đ/c {leader[0].Name} là {Authorizer.LeaderTitle(leader[0], cell.Id)} {cell.Name}: mã mời cho bí thư, phó bí thư do quản trị viên hoặc cán bộ cấp trên cấp ({LeaderCode(leader[0])})."
                    : linked.Count == 1 ? $"Đ/c {linked[0].Name} đã kết nối với bot, không cần mã mời."
                    : $"Không có \"{Inputs.Preview(who)}\" trong danh sách {cell.Name} chưa kết nối bot. Xem danh sách: /dangvien · mời người chưa có trong danh sách: /moi dangvien [số người]");
                return;
            }
        }
        if (chosen.Count == 0)
        {
            turn.Say($"Mọi đảng viên trong danh sách {cell.Name} đã kết nối bot." + leadersNote);
            return;
        }
        var lines = new List<string>();
        foreach (var m in chosen.Take(MaxUses))
        {
            var invite = Create(store, Role.Member, cell.Id, 1, turn.Member!.Id, turn.UtcNow, memberId: m.Id);
            turn.Audit("invite.created", cell.Id, $"Mã {invite.Id}: {RoleText(store, invite)}, 1 lượt");
            lines.Add(chosen.Count == 1 ? invite.Id : $"• {m.Name}: {invite.Id}");
        }
        var expires = VnText.Date(VnClock.Local(turn.UtcNow.AddDays(ValidDays)));
        if (chosen.Count == 1)
        {
            var url = link(turn.Update.Channel, lines[0]);
            turn.Say($"Mã mời {lines[0]} — riêng cho Đ/c {chosen[0].Name}, đảng viên {cell.Name}, dùng một lần, hết hạn {expires}.\nĐồng chí ấy nhắn cho bot: /start {lines[0]}" +
                     (url is null ? "" : $"\nHoặc mở liên kết: {url}") + $"\nThu hồi: /huymoi {lines[0]}");
            return;
        }
        turn.Say($"Mã mời riêng cho {lines.Count} đảng viên {cell.Name} chưa kết nối bot (mỗi mã dùng một lần, hết hạn {expires}):\n" +
                 string.Join('\n', lines) + "\nMỗi người nhắn cho bot: /start <mã của mình>." + leadersNote);
    }

    static void List(Turn turn)
    {
        var store = turn.Store;
        var member = turn.Member!;
        var mine = (member.Has(Role.Admin) ? store.Invites.FindAll() : store.Invites.Find(i => i.CreatedBy == member.Id))
            .Where(i => i.UsableAt(turn.UtcNow)).OrderBy(i => i.CreatedAtUtc).ToList();
        if (mine.Count == 0)
        {
            turn.Say("Không có mã mời nào còn dùng được. Cấp mã mới: /moi dangvien (bí thư) hoặc /moi bithu <chi bộ> (quản trị).");
            return;
        }
        turn.Say("Mã mời còn dùng được:\n" + string.Join('\n', mine.Select(i =>
            $"• {i.Id} — {RoleText(store, i)}, đã dùng {i.Uses}/{i.MaxUses}, hết hạn {VnText.Date(VnClock.Local(i.ExpiresAtUtc))}")));
    }

    /// <summary>
    /// A database with no admin gets a one-time admin code (the configured one, else a new one); the same code
    /// again while it is still usable. Null when there is an admin already.
    /// </summary>
    public static Invite? BootstrapAdmin(ChiBoStore store, string? wanted, DateTime utcNow) => store.InTransaction(() =>
    {
        if (store.Members.FindAll().Any(m => !m.Removed && m.Has(Role.Admin))) return null;
        var open = store.Invites.Find(i => i.CreatedBy == Bootstrap).FirstOrDefault(i => i.UsableAt(utcNow));
        if (open is not null) return open;
        var code = wanted is null ? null : Normalize(wanted) ?? throw new ArgumentException("Admin__BootstrapCode phải gồm 8 chữ hoặc số (không dùng 0, O, 1, I), ví dụ K7QM-3XPA.");
        if (code is not null && store.Invites.FindById(code) is not null) throw new ArgumentException($"Mã {code} đã được dùng; đặt Admin__BootstrapCode khác.");
        return Create(store, Role.Admin, null, 1, Bootstrap, utcNow, code);
    });

    public const string Bootstrap = "khoi-tao";

    /// <summary>/huymoi &lt;mã&gt;: its maker or an admin revokes it.</summary>
    public static void Revoke(Turn turn, string args)
    {
        var store = turn.Store;
        var member = turn.Member!;
        if (VnText.Clean(args) == "") { turn.Say("Gõ mã cần thu hồi, ví dụ /huymoi K7QM-3XPA. Xem các mã còn dùng được: /moi xem"); return; }
        var invite = Normalize(args) is { } code ? store.Invites.FindById(code) : null;
        if (invite is null || (invite.CreatedBy != member.Id && !member.Has(Role.Admin)))
        {
            turn.Say("Không có mã mời đó trong các mã đồng chí đã cấp. Xem các mã: /moi");
            return;
        }
        if (invite.RevokedAtUtc is not null) { turn.Say($"Mã {invite.Id} đã bị thu hồi trước đó."); return; }
        invite.RevokedAtUtc = turn.UtcNow;
        store.Invites.Update(invite);
        turn.Audit("invite.revoked", invite.Role is Role.Admin or Role.Staff ? null : invite.ScopeId, $"Thu hồi mã {invite.Id}: {RoleText(store, invite)}");
        turn.Say($"Đã thu hồi mã {invite.Id} ({RoleText(store, invite)}); {invite.Uses} người đã dùng trước đó vẫn giữ vai trò.");
    }
}
