using ChiBo.Dialogs.Commands;
using ChiBo.Dialogs.Domain;
using ChiBo.Dialogs.Storage;

namespace ChiBo.Dialogs.Conversation;

/// <summary>What a command is to the router: a handler of its own, a step-by-step flow, or an interruption of a flow.</summary>
public enum CommandKind { Command, Flow, Interruption }

/// <summary>Who reads /trogiup: what they may do decides which lines they see.</summary>
public sealed record Viewer(Member Member, bool Leads, bool Follows)
{
    public bool Staff => Member.Has(Role.Staff);
    public bool Admin => Member.Has(Role.Admin);
    public bool Oversees => Staff || Admin;

    public static Viewer Of(ChiBoStore store, Member m) =>
        new(m, Authorizer.LedCell(store, m) is not null, store.Assignments.Exists(a => a.StaffId == m.Id && a.EndedAtUtc == null));
}

/// <summary>
/// One command: its name, how the router runs it, its line in /trogiup (for whom) and its entries in the Telegram menus
/// (private and group; empty: not listed). Who may actually use it is checked where it runs (<see cref="Authorizer"/>).
/// <paramref name="InGroups"/>: answered in a group chat too. Every other command is answered only in a private chat:
/// a group sees nothing private (scores, records, absences and their reasons, codes, files; ux.md).
/// <paramref name="Topics"/>: what someone who does not know its name writes about it, folded ("dang phi"): a message in
/// words that names one is offered the command.
/// </summary>
public sealed record CommandEntry(string Name, CommandKind Kind, Action<Turn, string>? Handler = null,
    string Menu = "", string GroupMenu = "", Func<Viewer, string?>? Help = null, bool InGroups = false, string[]? Topics = null);

/// <summary>
/// The one list of commands, in the order /trogiup shows them: the router's table, the help text and the Telegram command
/// menus are all made from it.
/// </summary>
public static class CommandCatalog
{
    public const string HelpHeader = "ChiBo.Bot giúp chi bộ sinh hoạt đúng quy trình và chấm điểm chất lượng.";

    public sealed record Handlers(
        Action<Turn, string> Help, Action<Turn, string> Welcome, Summary Summary, MeetingPapers Papers, OrgFiles OrgFiles, PartyDues Dues,
        SelfReviews SelfReviews, Commands.Backups Backups, Action<Turn, string> Invite);

    public static IReadOnlyList<CommandEntry> Create(Handlers h) =>
    [
        new("start", CommandKind.Command, h.Welcome, InGroups: true),
        new("sinhhoat", CommandKind.Flow, Menu: "Ghi buổi sinh hoạt chi bộ từng bước",
            Help: v => v.Leads ? "/sinhhoat — ghi buổi sinh hoạt chi bộ từng bước (trong tin nhắn riêng)" : null, Topics: ["ghi buoi sinh hoat", "ghi buoi hop", "ghi cuoc hop", "ghi lai buoi hop"]),
        new("danhgia", CommandKind.Flow, Menu: "Chấm điểm chất lượng buổi sinh hoạt",
            Help: v => v.Leads ? "/danhgia — chấm điểm chất lượng buổi sinh hoạt gần nhất" : null, Topics: ["cham diem", "danh gia chat luong", "danh gia buoi"]),
        new("ketqua", CommandKind.Command, Results.Show, "Các buổi sinh hoạt gần đây và xếp loại",
            Help: v => v.Leads || v.Oversees ? "/ketqua [tên chi bộ] — các buổi sinh hoạt gần đây và xếp loại" : null, Topics: ["ket qua sinh hoat", "ket qua hop", "ket qua cac buoi", "diem buoi"]),
        new("tonghop", CommandKind.Command, h.Summary.Show,
            Help: v => v.Oversees ? "/tonghop [đơn vị | chi bộ] [tháng 10 | quý 3 | năm 2026] [excel | biểu đồ] — tổng hợp tình hình sinh hoạt"
                : v.Leads ? "/tonghop — tình hình sinh hoạt của chi bộ 12 tháng gần nhất" : null, Topics: ["tong hop", "thong ke", "bao cao tinh hinh", "so lieu", "diem thap", "diem cao", "xep hang", "ti le", "ty le"]),
        new("bienban", CommandKind.Command, h.Papers.Minutes, "Biên bản buổi sinh hoạt (Word)",
            Help: v => v.Leads ? "/bienban, /nghiquyet — biên bản, dự thảo nghị quyết (Word) của buổi gần nhất · /bienban sửa <mục>: <nội dung>" : null, Topics: ["bien ban"]),
        new("nghiquyet", CommandKind.Command, h.Papers.Resolution, "Dự thảo nghị quyết chi bộ (Word)", Topics: ["nghi quyet"]),
        new("lichhop", CommandKind.Command, MeetingSchedule.Set, "Xem hoặc đổi lịch sinh hoạt thường kỳ",
            Help: v => v.Leads ? "/lichhop [ngày N, HH:mm] — xem, đổi lịch sinh hoạt thường kỳ; /lichhop 04/01 — dời một buổi"
                : v.Member.CellId is not null ? "/lichhop — lịch sinh hoạt của chi bộ và buổi tới" : null, InGroups: true,
            Topics: ["doi lich", "lich hop", "lich sinh hoat", "doi ngay hop", "doi gio hop", "hoan hop", "doi buoi", "doi ngay sinh hoat"]),
        new("chuyende", CommandKind.Command, TopicPlans.Handle, "Kế hoạch sinh hoạt chuyên đề cả năm",
            Help: v => v.Leads ? "/chuyende — kế hoạch sinh hoạt chuyên đề cả năm · /chuyende quý 1: <chủ đề> — đặt chủ đề của quý"
                : v.Oversees ? "/chuyende <chi bộ> [năm] — kế hoạch sinh hoạt chuyên đề của một chi bộ"
                : "/chuyende — kế hoạch sinh hoạt chuyên đề của chi bộ", InGroups: true, Topics: ["chuyen de"]),
        new("lienket", CommandKind.Command, GroupLink.Link, GroupMenu: "Liên kết nhóm với chi bộ (bí thư)",
            Help: v => v.Leads ? "/lienket — (gõ trong nhóm của chi bộ) để nhóm nhận nhắc lịch · /golienket gỡ liên kết" : null, InGroups: true, Topics: ["lien ket nhom", "them bot vao nhom", "nhom zalo", "nhom telegram"]),
        new("golienket", CommandKind.Command, GroupLink.Unlink, GroupMenu: "Gỡ liên kết nhóm (bí thư)", InGroups: true),
        new("comat", CommandKind.Command, Attendance.Present, "Báo có mặt buổi sinh hoạt tới", "Báo có mặt buổi sinh hoạt tới",
            v => v.Member.CellId is not null ? "/comat, /vang <lý do> — trả lời thông báo sinh hoạt của chi bộ" : null, InGroups: true),
        new("vang", CommandKind.Command, Attendance.Absent, "Báo vắng có lý do: /vang <lý do>", "Báo vắng có lý do: /vang <lý do>", InGroups: true),
        new("dangphi", CommandKind.Command, h.Dues.Handle, "Đảng phí: sổ của chi bộ, khoản của mình",
            Help: v => v.Leads ? "/dangphi — sổ đảng phí tháng này · /dangphi nop 1, 3 — ghi đã nộp · /dangphi excel — sổ cả năm"
                : v.Oversees ? "/dangphi <chi bộ> — sổ đảng phí của chi bộ (tổng hợp trong /tonghop)" : "/dangphi — đảng phí đồng chí đã nộp", Topics: ["dang phi", "nop phi", "muc dong"]),
        new("sotay", CommandKind.Command, HandbookPointsBook.Handle, "Điểm Sổ tay đảng viên điện tử hằng tháng",
            Help: v => v.Leads ? "/sotay — điểm Sổ tay đảng viên điện tử · /sotay 1 35, 2 28 — ghi điểm"
                : v.Oversees ? "/sotay <chi bộ> [tháng 10] — điểm Sổ tay đảng viên điện tử của chi bộ"
                : v.Member.CellId is not null ? "/sotay — điểm Sổ tay đảng viên điện tử của đồng chí" : null, Topics: ["so tay", "diem so tay"]),
        new("tukiemdiem", CommandKind.Flow,
            Help: v => v.Member.CellId is not null ? "/tukiemdiem — viết bản tự kiểm điểm cuối năm (QĐ 124-QĐ/TW) · /bantukiemdiem — bản Word để in, ký" +
                (v.Leads || v.Oversees ? "" : " · /xeploai — mức xếp loại của đồng chí") : null, Topics: ["tu kiem diem", "ban kiem diem", "kiem diem"]),
        new("bantukiemdiem", CommandKind.Command, h.SelfReviews.Form),
        new("kiemdiem", CommandKind.Command, SelfReviews.Status,
            Help: v => v.Leads ? "/kiemdiem — ai đã nộp bản tự kiểm điểm · /tukiemdiem <tên> — ghi thay người không dùng bot · /xeploai — kết quả xếp loại cuối năm của chi bộ"
                : v.Oversees ? "/kiemdiem <chi bộ> — ai đã nộp bản tự kiểm điểm cuối năm" : null, Topics: ["kiem diem", "ai da nop"]),
        new("xeploai", CommandKind.Flow,
            Help: v => v.Oversees && !v.Leads ? "/xeploai <chi bộ>: <mức> <số, ngày QĐ> — ghi quyết định xếp loại chi bộ cuối năm của cấp ủy cấp trên" : null, Topics: ["xep loai", "danh gia cuoi nam"]),
        new("theodoi", CommandKind.Command, Following.Handle, "Các chi bộ đồng chí dự sinh hoạt (cấp trên)",
            Help: v => v.Follows || v.Staff ? "/theodoi — các chi bộ đồng chí dự sinh hoạt · /baocao — báo cáo sau buổi họp" : null, Topics: ["du sinh hoat", "duoc phan cong", "chi bo phu trach"]),
        new("baocao", CommandKind.Flow, Menu: "Báo cáo dự sinh hoạt chi bộ (cấp trên)", Topics: ["bao cao du", "bao cao sau buoi"]),
        new("giolang", CommandKind.Command, ReminderSettings.QuietHours, GroupMenu: "Giờ không nhắc trong nhóm (bí thư)",
            Help: v => v.Leads ? "/giolang 21:00-07:00 — (trong nhóm) giờ không gửi nhắc lịch vào nhóm" : null, InGroups: true),
        new("tatnhac", CommandKind.Command, ReminderSettings.Mute, "Tắt nhắc việc không bắt buộc",
            Help: _ => "/tatnhac, /batnhac — tắt, bật nhắc việc không bắt buộc cho riêng đồng chí", InGroups: true, Topics: ["tat nhac", "khong nhan nhac", "nhac nhieu", "bot nhac"]),
        new("batnhac", CommandKind.Command, ReminderSettings.Unmute, "Bật lại nhắc việc", InGroups: true, Topics: ["bat nhac", "nhan lai nhac"]),
        new("mau", CommandKind.Command, h.OrgFiles.Template,
            Help: v => v.Admin ? "/mau — mẫu danh sách tổ chức (Excel) · gửi tệp .xlsx/.csv để nhập · /xuat — xuất danh sách hiện có" : null, Topics: ["mau danh sach", "nhap danh sach"]),
        new("nhap", CommandKind.Command, h.OrgFiles.Confirm),
        new("xuat", CommandKind.Command, h.OrgFiles.Export, Topics: ["xuat danh sach"]),
        new("nhatky", CommandKind.Command, AuditLog.Show,
            Help: v => v.Admin ? "/nhatky [chi bộ] [số dòng] — nhật ký thay đổi (ai, khi nào, việc gì)" : null, Topics: ["nhat ky", "ai da sua"]),
        new("saoluu", CommandKind.Command, h.Backups.Handle,
            Help: v => v.Admin ? "/saoluu — sao lưu dữ liệu ngay · /saoluu xem — các bản sao lưu đang giữ" : null, Topics: ["sao luu", "luu du lieu"]),
        new("dangvien", CommandKind.Command, Members.Handle,
            Help: v => v.Leads || v.Oversees ? $"/dangvien{(v.Oversees ? " [chi bộ:]" : "")} — danh sách đảng viên; đổi chính thức/dự bị/miễn, kỷ luật, đình chỉ, chuyển, xóa" : null, Topics: ["danh sach dang vien", "chuyen chinh thuc", "ky luat", "dinh chi", "chuyen sinh hoat", "xoa ten", "mien sinh hoat"]),
        new("ketnap", CommandKind.Command, Admissions.Handle, "Phát triển đảng viên (bí thư)",
            Help: v => v.Leads || v.Oversees ? $"/ketnap{(v.Oversees ? " [chi bộ:]" : "")} — phát triển đảng viên: quần chúng ưu tú, học lớp, chi bộ xét, quyết định, lễ kết nạp" : null, Topics: ["ket nap", "quan chung uu tu", "phat trien dang"]),
        new("moi", CommandKind.Command, h.Invite,
            Help: v => v.Admin ? "/moi quantri | canbo <đơn vị> | bithu <chi bộ> — cấp mã mời · /moi xem các mã · /huymoi <mã> thu hồi"
                : v.Leads ? "/moi dangvien | phobithu — cấp mã mời vào chi bộ · /moi xem các mã · /huymoi <mã> thu hồi" : null, Topics: ["ma moi", "moi dang vien", "them dang vien", "them nguoi"]),
        new("huymoi", CommandKind.Command, Invites.Revoke),
        new("hoithi", CommandKind.Command, Contest.Show, "Lịch Hội thi Bí thư chi bộ giỏi", "Lịch Hội thi Bí thư chi bộ giỏi",
            _ => "/hoithi — Hội thi \"Bí thư chi bộ giỏi\": lịch, việc cần làm · /hoithi luyện — luyện thi trắc nghiệm", InGroups: true, Topics: ["hoi thi", "bi thu gioi", "luyen thi", "thi trac nghiem", "on thi"]),
        new("luyenthi", CommandKind.Flow),
        new("gioithieu", CommandKind.Flow),
        new("quaylai", CommandKind.Interruption, Menu: "Sửa câu trả lời trước",
            Help: _ => "Khi đang làm dở: /quaylai sửa câu trước · /tamdung tạm dừng · /tieptuc làm tiếp · /huy hủy"),
        new("tamdung", CommandKind.Interruption, Menu: "Tạm dừng, làm tiếp sau"),
        new("tieptuc", CommandKind.Interruption, Menu: "Làm tiếp việc đang dở"),
        new("huy", CommandKind.Interruption, Menu: "Hủy việc đang làm"),
        new("trogiup", CommandKind.Command, h.Help, "Hướng dẫn sử dụng", "Hướng dẫn sử dụng", _ => "/trogiup — hướng dẫn này", InGroups: true),
        // "Để sau" under what a task just filed: how to come back to it (no "Vâng.": ux.md, the register).
        new("later", CommandKind.Command, (t, args) => t.Say(args.Trim() == "bantukiemdiem"
            ? "Khi cần, đồng chí gõ /bantukiemdiem để lấy bản tự kiểm điểm (Word)."
            : "Khi cần, đồng chí gõ /danhgia để chấm điểm, /bienban để lấy biên bản, /ketqua để xem các buổi đã ghi.")),
    ];

    /// <summary>The /trogiup lines this viewer sees, in the catalogue's order.</summary>
    public static IEnumerable<string> HelpLines(IEnumerable<CommandEntry> entries, Viewer viewer) =>
        entries.Select(e => e.Help?.Invoke(viewer)).OfType<string>();
}
