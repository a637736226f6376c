using ChiBo.Dialogs.Conversation;
using ChiBo.Dialogs.Domain;
using ChiBo.Dialogs.Flows.Steps;
using ChiBo.Dialogs.Text;
using ChiBo.Rules;

namespace ChiBo.Dialogs.Commands;

/// <summary>
/// Chuyển sinh hoạt đảng between cells on the bot (by /dangvien): staff or an admin records the introduction letter
/// (<c>chuyen &lt;chi bộ&gt; [tạm thời] &lt;số, ngày giấy giới thiệu&gt;</c>); the receiving cell's leaders are told and take the
/// member in when the letter is presented (<c>tiepnhan</c>); a temporary transfer ends with <c>ketthuc</c>. An official
/// transfer takes the member off the sending cell's roll at once (history kept) and onto the receiving one on arrival;
/// a temporary one keeps them on their own cell's roll (absent there with that reason) and on the receiving cell's
/// attendance list as "sinh hoạt tạm thời". A letter not presented in time is flagged to staff.
/// </summary>
public static class Transfers
{
    /// <summary>Working days to present the letter to the receiving cell (Quy định thi hành Điều lệ Đảng).</summary>
    public const int PresentWithinWorkingDays = 30;
    public const string Source = "Quy định thi hành Điều lệ Đảng";

    /// <summary>Pending or running transfers that touch the cell (to or from it).</summary>
    /// <remarks>Two equalities (each read by its index) rather than one "or" (every roll call asks).</remarks>
    public static List<Transfer> Open(Storage.ChiBoStore store, string cellId) =>
        [.. store.Transfers.Find(t => t.ToCellId == cellId).Concat(store.Transfers.Find(t => t.FromCellId == cellId))
            .DistinctBy(t => t.Id).OrderBy(t => t.Id, StringComparer.Ordinal)
            .Where(t => t.State == TransferState.Pending || t.Temporary && t.State == TransferState.Arrived)];

    /// <summary>Lines for the roster: who is on the way in or out, who attends here or elsewhere for now.</summary>
    public static IEnumerable<string> RosterLines(Turn turn, Cell cell)
    {
        var store = turn.Store;
        string Name(string id) => store.Cells.FindById(id)?.Name ?? id;
        foreach (var t in Open(store, cell.Id).OrderBy(t => t.IssuedOn))
        {
            var by = t.Overdue(turn.Now) ? $"⚠ quá hạn trình giấy {VnText.Date(t.PresentBy)}" : $"hạn trình giấy {VnText.Date(t.PresentBy)}";
            if (t.ToCellId == cell.Id)
                yield return t.State == TransferState.Pending
                    ? $"Đang chuyển đến ({t.KindLabel}): Đ/c {t.MemberName}, từ {Name(t.FromCellId)} ({t.Letter}; {by}) — khi đồng chí trình giấy: /dangvien {t.MemberName} tiepnhan"
                    : $"Sinh hoạt tạm thời tại chi bộ: Đ/c {t.MemberName}, từ {Name(t.FromCellId)} ({t.Letter}) — khi hết: /dangvien {t.MemberName} ketthuc";
            else
                yield return t.State == TransferState.Pending
                    ? $"Đang chuyển đi ({t.KindLabel}): Đ/c {t.MemberName} → {Name(t.ToCellId)} ({t.Letter}; {by}) — thu hồi giấy: cán bộ cấp trên gõ /dangvien {t.MemberName} huychuyen"
                    : $"Đang sinh hoạt tạm thời nơi khác: Đ/c {t.MemberName} → {Name(t.ToCellId)} — khi hết: /dangvien {t.MemberName} ketthuc";
        }
    }

    /// <summary>/dangvien &lt;tên&gt; chuyen &lt;chi bộ&gt; [tạm thời] &lt;giấy giới thiệu&gt;.</summary>
    public static void Start(Turn turn, Cell from, Member member, string target)
    {
        var store = turn.Store;
        var me = turn.Member!;
        if (!me.Has(Role.Admin) && !me.Has(Role.Staff))
        {
            turn.Say("Chuyển sinh hoạt đảng do cán bộ cấp trên hoặc quản trị ghi (theo giấy giới thiệu của cấp ủy). Đồng chí báo cấp ủy cấp trên nhé.");
            return;
        }
        if (Open(store, from.Id).FirstOrDefault(t => t.MemberId == member.Id) is { } open)
        {
            turn.Say($"Đ/c {member.Name} đang chuyển sinh hoạt {open.KindLabel} ({open.Letter}); xong việc đó trước.");
            return;
        }
        var words = target.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        var temporary = false;
        for (var i = 0; i < words.Count; i++)
        {
            var w = VnText.Fold(words[i]);
            if (w == "tamthoi" || w == "tam" && i + 1 < words.Count && VnText.Fold(words[i + 1]) == "thoi")
            {
                words.RemoveRange(i, w == "tamthoi" ? 1 : 2);
                temporary = true;
                break;
            }
        }
        // The cell: the longest run of first words that names exactly one; the rest is the letter.
        var cells = Authorizer.VisibleCells(store, me).Where(c => c.Id != from.Id).ToList();
        var named = VnText.LeadingName(cells, words, c => c.Name, c => c.Id);
        var (to, letter) = (named?.Item, named?.After.Trim(' ', ',', ';', ':', '-') ?? "");
        if (to is null)
        {
            if (words.Count == 0) turn.Say($"Chuyển đến chi bộ nào? Gõ: /dangvien {from.Name}: {member.Name} chuyen <chi bộ> [tạm thời] <số, ngày giấy giới thiệu>.");
            else CellPicker.Named(turn, cells, string.Join(' ', words), $"dangvien {from.Name}: {member.Name} chuyen", "phạm vi đồng chí được xem");
            return;
        }
        if (!VnText.HasWords(letter) || letter.Length > 200)
        {
            turn.Say($"Ghi số, ngày giấy giới thiệu sinh hoạt đảng của cấp ủy, ví dụ: /dangvien {from.Name}: {member.Name} chuyen {to.Name}{(temporary ? " tạm thời" : "")} GGT số 12-GGT/ĐU ngày 01/12/2026. " +
                     "Chuyển đến nơi không dùng bot: /dangvien … xoa chuyển sinh hoạt đi.");
            return;
        }
        // The working days count from the letter's date (recorded late, the deadline is not moved); today when none is written.
        if (Members.DayOfDecision(turn, letter, "việc chuyển sinh hoạt", "giấy giới thiệu") is not { } issued) return;
        var transfer = new Transfer
        {
            Id = Guid.NewGuid().ToString("N")[..12], MemberId = member.Id, MemberName = member.Name, FromCellId = from.Id, ToCellId = to.Id,
            Temporary = temporary, Letter = letter, IssuedOn = issued, PresentBy = WorkingDays.Add(issued, PresentWithinWorkingDays),
            State = TransferState.Pending, RecordedBy = me.Id, RecordedAtUtc = turn.UtcNow,
        };
        store.Transfers.Insert(transfer);
        if (!temporary)
        {
            // Off the sending cell's roll now, on the receiving one's when the letter is presented.
            member.CellId = to.Id;
            member.ArrivingBy = transfer.Id;
            member.Roles.RemoveAll(r => r.ScopeId == from.Id && r.Role is Role.Member or Role.Secretary or Role.Deputy);
        }
        Members.Record(turn, member, from.Id, $"chuyển sinh hoạt {transfer.KindLabel} từ {from.Name} sang {to.Name}", letter);
        store.Members.Update(member);
        var what = $"Đ/c {member.Name}: chuyển sinh hoạt {transfer.KindLabel} {from.Name} → {to.Name} ({letter})";
        turn.Audit("member.transfer", from.Id, what);
        turn.Audit("member.transfer", to.Id, what);
        var by = $"hạn trình giấy giới thiệu {VnText.Date(transfer.PresentBy)} ({PresentWithinWorkingDays} ngày làm việc, {Source})";
        turn.Say($"Đã ghi: Đ/c {member.Name} chuyển sinh hoạt {transfer.KindLabel} từ {from.Name} sang {to.Name} ({letter}); {by}. " +
                 (temporary ? $"Đồng chí vẫn là đảng viên {from.Name}; khi đến, {to.Name} ghi tiếp nhận để đồng chí có tên trong danh sách dự họp ở đó."
                     : $"Đồng chí không còn trong danh sách {from.Name} (hồ sơ giữ nguyên); {to.Name} ghi tiếp nhận khi đồng chí trình giấy: /dangvien {member.Name} tiepnhan."));
        turn.TellLeaders(to, new Reply(
            $"📨 Đ/c {member.Name} chuyển sinh hoạt {transfer.KindLabel} từ {from.Name} đến {to.Name} ({letter}); {by}. " +
            "Khi đồng chí trình giấy giới thiệu, đồng chí ghi tiếp nhận.",
            [new Choice($"cmd:/dangvien {member.Name} tiepnhan", "Tiếp nhận")], Notice: true));
    }

    /// <summary>/dangvien &lt;tên&gt; tiepnhan: the receiving cell takes the member in (the letter presented today).</summary>
    public static void Receive(Turn turn, Cell cell, string who)
    {
        var store = turn.Store;
        var me = turn.Member!;
        if (!Authorizer.Can(store, me, Permission.RunMeeting, cell) && !Authorizer.CanManageLeaders(store, me, cell))
        {
            turn.Say($"Tiếp nhận đảng viên do bí thư, phó bí thư {cell.Name}, cán bộ cấp trên hoặc quản trị ghi.");
            return;
        }
        var pending = store.Transfers.Find(t => t.ToCellId == cell.Id).Where(t => t.State == TransferState.Pending).ToList();
        if (Pick(turn, pending, who, $"{cell.Name} không có đảng viên nào đang chuyển đến.", "tiepnhan") is not var (t, member)) return;
        t.State = TransferState.Arrived;
        t.ArrivedOn = turn.Now.Date;
        store.Transfers.Update(t);
        if (!t.Temporary)
        {
            member.ArrivingBy = null;
            member.InCellSince = turn.Now.Date;
            member.Roles.Add(new RoleGrant { Role = Role.Member, ScopeId = cell.Id });
        }
        var late = turn.Now.Date > t.PresentBy ? $" (quá hạn {VnText.Date(t.PresentBy)})" : "";
        Members.Record(turn, member, cell.Id, t.Temporary ? $"đến sinh hoạt tạm thời tại {cell.Name}" : $"đến sinh hoạt chính thức tại {cell.Name}{late}", t.Letter);
        store.Members.Update(member);
        turn.Audit("member.transfer_arrived", cell.Id, $"Tiếp nhận Đ/c {member.Name} ({t.KindLabel}, {t.Letter}){late}");
        turn.Say(t.Temporary
            ? $"Đã tiếp nhận Đ/c {member.Name} sinh hoạt tạm thời tại {cell.Name} từ {VnText.Date(turn.Now)}{late}: đồng chí có tên trong danh sách dự họp (dự, phát biểu, không biểu quyết, không tính vào số đảng viên của chi bộ). Khi hết: /dangvien {member.Name} ketthuc."
            : $"Đã tiếp nhận Đ/c {member.Name} vào {cell.Name} từ {VnText.Date(turn.Now)}{late}: đảng viên {Members.StatusLabel(member.Status)}, được triệu tập từ buổi sinh hoạt tới; hồ sơ và quá trình giữ nguyên.");
    }

    /// <summary>/dangvien &lt;tên&gt; ketthuc: a temporary transfer is over (either cell's leaders, staff, admins).</summary>
    public static void End(Turn turn, Cell cell, string who)
    {
        var store = turn.Store;
        if (!Authorizer.Can(store, turn.Member!, Permission.RunMeeting, cell) && !Authorizer.CanManageLeaders(store, turn.Member!, cell))
        {
            turn.Say($"Chỉ bí thư, phó bí thư {cell.Name}, cán bộ cấp trên hoặc quản trị mới ghi được việc này.");
            return;
        }
        var temporary = Open(store, cell.Id).Where(x => x.Temporary).ToList();
        if (Pick(turn, temporary, who, $"{cell.Name} không có ai đang sinh hoạt tạm thời (đến hay đi).", "ketthuc") is not var (t, member)) return;
        t.State = TransferState.Ended;
        t.EndedOn = turn.Now.Date;
        store.Transfers.Update(t);
        var to = store.Cells.FindById(t.ToCellId)?.Name ?? t.ToCellId;
        Members.Record(turn, member, t.FromCellId, $"kết thúc sinh hoạt tạm thời tại {to}", t.Letter);
        store.Members.Update(member);
        turn.Audit("member.transfer_ended", t.FromCellId, $"Đ/c {member.Name}: kết thúc sinh hoạt tạm thời tại {to}");
        turn.Say($"Đã ghi: Đ/c {member.Name} kết thúc sinh hoạt tạm thời tại {to}, trở lại sinh hoạt tại {store.Cells.FindById(t.FromCellId)?.Name}.");
    }

    /// <summary>
    /// /dangvien &lt;tên&gt; huychuyen: a transfer whose letter was not presented is withdrawn (staff, admins): an official one
    /// puts the member back on the sending cell's roll. History and audit say so.
    /// </summary>
    public static void Cancel(Turn turn, Cell cell, string who)
    {
        var store = turn.Store;
        if (!turn.Member!.Has(Role.Admin) && !turn.Member.Has(Role.Staff))
        {
            turn.Say("Hủy việc chuyển sinh hoạt do cán bộ cấp trên hoặc quản trị ghi.");
            return;
        }
        var pending = Open(store, cell.Id).Where(t => t.State == TransferState.Pending).ToList();
        if (Pick(turn, pending, who, $"{cell.Name} không có việc chuyển sinh hoạt nào đang chờ trình giấy.", "huychuyen") is not var (t, member)) return;
        t.State = TransferState.Cancelled;
        t.EndedOn = turn.Now.Date;
        store.Transfers.Update(t);
        var from = store.Cells.FindById(t.FromCellId);
        if (!t.Temporary)
        {
            member.CellId = t.FromCellId;
            member.ArrivingBy = null;
            if (!member.Has(Role.Member, t.FromCellId)) member.Roles.Add(new RoleGrant { Role = Role.Member, ScopeId = t.FromCellId });
        }
        Members.Record(turn, member, t.FromCellId, $"hủy chuyển sinh hoạt {t.KindLabel} sang {store.Cells.FindById(t.ToCellId)?.Name}", t.Letter);
        store.Members.Update(member);
        turn.Audit("member.transfer_cancelled", t.FromCellId, $"Đ/c {member.Name}: hủy chuyển sinh hoạt ({t.Letter})");
        turn.Audit("member.transfer_cancelled", t.ToCellId, $"Đ/c {member.Name}: hủy chuyển sinh hoạt ({t.Letter})");
        turn.Say($"Đã hủy việc chuyển sinh hoạt {t.KindLabel} của Đ/c {member.Name} ({t.Letter}); đồng chí vẫn sinh hoạt tại {from?.Name}.");
    }

    /// <summary>The one transfer among these whose member the typed name means, with the member; else says who could be meant.</summary>
    static (Transfer Transfer, Member Member)? Pick(Turn turn, List<Transfer> among, string who, string none, string action)
    {
        var matches = VnText.NameMatches(among, who, t => t.MemberName, t => t.MemberId);
        if (matches.Count == 1 && turn.Store.Members.FindById(matches[0].MemberId) is { Removed: false } member) return (matches[0], member);
        turn.Say(among.Count == 0 ? none : $"Gõ tên một trong: {string.Join(", ", among.Select(t => t.MemberName))} (/dangvien <tên> {action}).");
        return null;
    }

    /// <summary>The cell's members attending another cell for now (a temporary transfer taken in there).</summary>
    public static HashSet<string> AwayTemporarily(Storage.ChiBoStore store, string cellId) =>
        [.. Open(store, cellId).Where(t => t.Temporary && t.State == TransferState.Arrived && t.FromCellId == cellId).Select(t => t.MemberId)];

    /// <summary>
    /// The attendance list for a meeting of the cell: its own members, those away on a temporary transfer marked absent
    /// with that reason, and those attending here for now added as temporary attendees.
    /// </summary>
    public static List<Attendee> AttendanceList(Storage.ChiBoStore store, Cell cell, List<Attendee> fromRoster)
    {
        var open = Open(store, cell.Id).Where(t => t.Temporary && t.State == TransferState.Arrived).ToList();
        foreach (var t in open.Where(t => t.FromCellId == cell.Id))
            if (fromRoster.FirstOrDefault(a => a.MemberId == t.MemberId) is { } away)
                (away.Presence, away.Reason, away.AwayTemporarily) = (Presence.Excused, $"sinh hoạt tạm thời tại {store.Cells.FindById(t.ToCellId)?.Name}", true);
        foreach (var t in open.Where(t => t.ToCellId == cell.Id))
            if (store.Members.FindById(t.MemberId) is { Removed: false } m)
                fromRoster.Add(new Attendee { MemberId = m.Id, Name = m.Name, Status = m.Status, Presence = Presence.Present, Temporary = true });
        return fromRoster;
    }
}
