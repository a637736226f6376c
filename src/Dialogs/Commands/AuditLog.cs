using System.Text.RegularExpressions;
using ChiBo.Dialogs.Conversation;
using ChiBo.Dialogs.Domain;
using ChiBo.Dialogs.Text;

namespace ChiBo.Dialogs.Commands;

/// <summary>/nhatky [chi bộ] [số dòng] — an admin reads the latest changes (who, when, what), for one cell or all.</summary>
public static partial class AuditLog
{
    public const int DefaultLines = 20;
    public const int MaxLines = 100;

    static readonly Dictionary<string, string> Labels = new()
    {
        ["meeting.filed"] = "ghi buổi sinh hoạt", ["evaluation.filed"] = "chấm điểm", ["evaluation.corrected"] = "chấm lại điểm", ["cell.schedule"] = "đổi lịch họp",
        ["group.linked"] = "liên kết nhóm", ["group.unlinked"] = "gỡ liên kết nhóm", ["group.moved"] = "nhóm đổi mã (nâng cấp)", ["group.bot_removed"] = "bot bị xóa khỏi nhóm", ["group.quiet_hours"] = "giờ tạm ngừng nhắc",
        ["attendance.assigned"] = "nhận dự sinh hoạt", ["attendance.unassigned"] = "thôi dự sinh hoạt", ["attendance.reported"] = "báo cáo dự sinh hoạt",
        ["contest.registered"] = "đăng ký hội thi", ["contest.withdrawn"] = "rút đăng ký hội thi", ["identity.demo_join"] = "dùng tài khoản mẫu",
        ["member.muted"] = "tắt nhắc việc", ["member.unmuted"] = "bật nhắc việc",
        ["member.status"] = "đổi loại đảng viên", ["member.transferred"] = "chuyển sinh hoạt", ["member.removed"] = "xóa khỏi danh sách",
        ["invite.created"] = "cấp mã mời", ["invite.used"] = "dùng mã mời", ["invite.revoked"] = "thu hồi mã mời",
        ["org.imported"] = "nhập danh sách tổ chức", ["meeting.corrected"] = "sửa nội dung buổi sinh hoạt", ["org.changed"] = "sửa theo tệp nhập", ["group.link_requested"] = "xin liên kết nhóm",
        ["group.link_refused"] = "từ chối chuyển nhóm", ["identity.merged"] = "gộp tài khoản",
        ["backup.made"] = "sao lưu", ["backup.restored"] = "khôi phục bản sao lưu", ["cell.min_minutes"] = "thời lượng tối thiểu riêng", ["cell.meeting_moved"] = "dời buổi sinh hoạt", ["cell.meeting_called"] = "báo buổi sinh hoạt chuyên đề, bất thường", ["cell.meeting_cancelled"] = "hủy buổi sinh hoạt đã báo",
        ["cell_review.filed"] = "xếp loại cuối năm", ["cell_review.corrected"] = "sửa xếp loại cuối năm",
        ["cell_review.decided"] = "cấp trên quyết định xếp loại chi bộ", ["cell_review.decision_changed"] = "sửa quyết định xếp loại chi bộ",
        ["cell_review.members_decided"] = "cấp trên quyết định xếp loại đảng viên", ["cell_review.member_decided"] = "cấp trên quyết định xếp loại một đảng viên",
        ["self_review.filed"] = "nộp bản tự kiểm điểm", ["self_review.updated"] = "sửa bản tự kiểm điểm",
        ["dues.paid"] = "ghi nộp đảng phí", ["dues.undone"] = "bỏ khoản đảng phí", ["dues.rate"] = "mức đảng phí", ["dues.collector"] = "giao thu đảng phí", ["handbook.points"] = "điểm Sổ tay đảng viên điện tử",
        ["evaluation.voted"] = "biểu quyết điểm chất lượng", ["evaluation.confirmed"] = "cấp trên xác nhận điểm",
        ["meeting.correction_note"] = "đính chính biên bản", ["member.confirmed"] = "xác nhận hồ sơ", ["member.introduced"] = "tự khai hồ sơ",
        ["member.disciplined"] = "kỷ luật", ["member.suspended"] = "đình chỉ sinh hoạt đảng", ["member.reinstated"] = "hết đình chỉ sinh hoạt đảng", ["member.admitted"] = "ngày kết nạp", ["member.mentor"] = "phân công giúp đỡ",
        ["member.probation.vote"] = "biểu quyết công nhận chính thức", ["member.confirmed_full"] = "công nhận đảng viên chính thức",
        ["member.transfer"] = "chuyển sinh hoạt", ["member.transfer_arrived"] = "tiếp nhận chuyển sinh hoạt",
        ["member.transfer_ended"] = "kết thúc sinh hoạt tạm thời", ["member.transfer_cancelled"] = "hủy chuyển sinh hoạt",
        ["topics.planned"] = "kế hoạch chuyên đề", ["topics.cleared"] = "bỏ chủ đề chuyên đề",
        ["candidate.added"] = "quần chúng ưu tú", ["candidate.class"] = "học lớp nhận thức về Đảng", ["candidate.vote"] = "biểu quyết đề nghị kết nạp",
        ["candidate.decision"] = "quyết định kết nạp", ["candidate.admitted"] = "lễ kết nạp", ["candidate.dropped"] = "dừng xem xét kết nạp", ["candidate.renamed"] = "sửa họ tên quần chúng ưu tú",
    };

    /// <summary>What /nhatky calls an action: its Vietnamese name, or the code when it has none.</summary>
    public static string Label(string action) => Labels.GetValueOrDefault(action, action);

    public static void Show(Turn turn, string args)
    {
        var store = turn.Store;
        if (!turn.Member!.Has(Role.Admin))
        {
            turn.Say("Nhật ký thay đổi chỉ quản trị viên xem được.");
            return;
        }
        var text = VnText.Clean(args);
        var lines = DefaultLines;
        var count = TrailingNumber().Match(text);
        if (count.Success)
        {
            lines = Math.Clamp(int.Parse(count.Groups[1].Value), 1, MaxLines);
            text = text[..count.Index].Trim();
        }
        Cell? cell = null;
        if (text != "")
        {
            cell = CellPicker.Named(turn, store.Cells.FindAll().ToList(), text, "nhatky", "danh sách chi bộ");
            if (cell is null) return;
        }
        var entries = cell is null ? store.Audit.Latest(lines) : store.Audit.Latest(lines, a => a.CellId == cell.Id);
        if (entries.Count == 0)
        {
            turn.Say(cell is null ? "Chưa có thay đổi nào được ghi." : $"Chưa có thay đổi nào của {cell.Name}.");
            return;
        }
        var names = new Dictionary<string, string>();
        string Who(string id) => names.TryGetValue(id, out var n) ? n : names[id] = store.Members.FindById(id)?.Name ?? id;
        var cells = new Dictionary<string, string>();
        string Where(string? id) => id is null ? "" : (cells.TryGetValue(id, out var n) ? n : cells[id] = store.Cells.FindById(id)?.Name ?? id) + " · ";
        var output = new List<string> { $"Nhật ký thay đổi{(cell is null ? "" : $" — {cell.Name}")} ({entries.Count} mục mới nhất):" };
        output.AddRange(entries.Select(a =>
            $"• {VnClock.Local(a.AtUtc):dd/MM HH:mm} · {Who(a.ActorId)} · {(cell is null ? Where(a.CellId) : "")}{Label(a.Action)}: {a.Details}"));
        turn.Say(string.Join('\n', output));
    }

    [GeneratedRegex(@"(?:^|\s)(\d{1,4})$")]
    private static partial Regex TrailingNumber();
}
